import { describe, expect, it } from "vitest";
import { loadLocaleResources } from "../../../src/flows/locales.js";
import { createTranslator } from "../../../src/i18n.js";
import { type Texts, tr } from "../../../src/web/console/dom.js";
import { ServerClock } from "../../../src/web/console/serverClock.js";
import { waitText } from "../../../src/web/console/waitText.js";

const resources = loadLocaleResources("locales");
const consoleTexts = (lng: "vi" | "en") => resources[lng].console as Texts;
const MIN = 60_000;

/** The console's own lookup over the real locale file, as the page does it. */
const pageT = (lng: "vi" | "en") => (key: string, params: Record<string, string | number>) =>
  tr(consoleTexts(lng), key, params, lng);

describe("waitText (how long someone has waited, in the console)", () => {
  it("when a wait is under an hour, then it reads in minutes; then hours and minutes; from a day on, days", () => {
    const vi = (ms: number) => waitText(ms, pageT("vi"));
    expect(vi(0)).toBe("0 phút");
    expect(vi(59 * MIN + 59_000)).toBe("59 phút");
    expect(vi(60 * MIN)).toBe("1 giờ");
    expect(vi(125 * MIN)).toBe("2 giờ 5 phút");
    expect(vi(23 * 60 * MIN + 59 * MIN)).toBe("23 giờ 59 phút");
    expect(vi(24 * 60 * MIN)).toBe("1 ngày");
    // The wait a browser with the wrong year showed as "393027 phút".
    expect(vi(393_027 * MIN)).toBe("272 ngày");
  });

  it("when the console is in English, then the units agree with the number (1 minute, 2 minutes)", () => {
    const en = (ms: number) => waitText(ms, pageT("en"));
    expect(en(1 * MIN)).toBe("1 minute");
    expect(en(5 * MIN)).toBe("5 minutes");
    expect(en(61 * MIN)).toBe("1 hour 1 minute");
    expect(en(120 * MIN)).toBe("2 hours");
    expect(en(24 * 60 * MIN)).toBe("1 day");
    expect(en(3 * 24 * 60 * MIN + 5 * MIN)).toBe("3 days");
  });

  it("when the clocks are a moment apart and the wait comes out negative, then it reads 0 minutes", () => {
    expect(waitText(-5_000, pageT("vi"))).toBe("0 phút");
    expect(waitText(-3 * 60 * MIN, pageT("en"))).toBe("0 minutes");
  });

  it("when the page picks a plural form, then it is the text i18next picks from the same locale file", () => {
    const { t } = createTranslator(resources, { retentionDays: 90 });
    for (const lng of ["vi", "en"] as const)
      for (const key of ["duration.minutes", "duration.hours", "duration.days", "mine.unread"])
        for (const count of [0, 1, 2, 5, 21])
          expect(tr(consoleTexts(lng), key, { count }, lng), `${lng} ${key} ${count}`).toBe(
            t(lng, `console:${key}`, { count }),
          );
  });
});

describe("ServerClock (the server's time in a page whose clock is off)", () => {
  it("when the server said its time, then now() is the server's time, moving on with the page's clock", () => {
    let pc = Date.parse("2026-12-02T08:00:00Z"); // the PC is hours ahead
    const clock = new ServerClock(() => pc);
    expect(clock.now()).toBe(pc); // nothing heard yet: the page's own clock
    clock.observe("2026-03-04T03:00:00.000Z");
    expect(new Date(clock.now()).toISOString()).toBe("2026-03-04T03:00:00.000Z");
    pc += 125 * MIN;
    expect(new Date(clock.now()).toISOString()).toBe("2026-03-04T05:05:00.000Z");
  });

  it("when an answer has no time or a bad one, then the last known offset stays", () => {
    const pc = Date.parse("2026-12-02T08:00:00Z");
    const clock = new ServerClock(() => pc);
    clock.observe("2026-03-04T03:00:00.000Z");
    clock.observe(undefined);
    clock.observe("not a date");
    expect(new Date(clock.now()).toISOString()).toBe("2026-03-04T03:00:00.000Z");
  });
});
