import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  FAKE_NOTIFICATION,
  OFFICE_HOURS,
  screenshot,
  startBrowserHarness,
} from "../support/browser.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe("the console's clocks", () => {
  let h: BrowserHarness;
  // The server's clock: it stands still unless the test moves it.
  let serverNow = OFFICE_HOURS;

  beforeAll(async () => {
    h = await startBrowserHarness({
      staff: [{ email: "an@example.org", alias: "An", available: true }],
      server: {
        clock: () => serverNow,
        assessRisk: (text) =>
          text.includes("NGUY HIỂM")
            ? { level: "urgent", indicators: ["danger_now"] }
            : { level: "none", indicators: [] },
      },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it(
    "when the counselor's PC clock is hours behind the server's, then the queue and my chats show the server's waits in words, and an urgent chat unanswered past the SLA is highlighted and re-alerted",
    { timeout: 150_000 },
    async () => {
      const page = await h.newPage({ initScript: FAKE_NOTIFICATION });
      // The PC's clock is 7 hours behind the server's (and stands still, as the server's does).
      await page.clock.setFixedTime(new Date(OFFICE_HOURS.getTime() - 7 * HOUR));
      await h.signIn(page, "an@example.org");
      await page.getByText("Không có ai đang chờ.").waitFor();

      await h.personAsking("NGUY HIỂM, họ đang tới");
      await page.locator("ul.queue li").getByRole("button", { name: "Nhận", exact: true }).click();
      await page.getByText("Đang trò chuyện").waitFor();
      await h.personAsking("người thứ hai");
      const queued = page.locator("ul.queue li");
      await queued.getByRole("button", { name: "Nhận", exact: true }).waitFor();
      const mine = page.locator("ul.mine li");
      await mine.locator(".badge.awaiting").waitFor();
      expect(await mine.locator(".badge.awaiting").textContent()).toBe("chờ trả lời 0 phút");
      expect(await mine.getAttribute("class")).not.toContain("overdue");

      // 2 h 5 min later on the server, the counselor opens the console again.
      serverNow = new Date(OFFICE_HOURS.getTime() + 125 * MINUTE);
      await page.reload();
      await mine.locator(".badge.awaiting").waitFor();
      await queued.getByRole("button", { name: "Nhận", exact: true }).waitFor();
      expect(await mine.locator(".badge.awaiting").textContent()).toBe("chờ trả lời 2 giờ 5 phút");
      expect(await queued.locator(".badge").allTextContents()).toContain("chờ 2 giờ 5 phút");
      expect(await mine.getAttribute("class")).toContain("overdue");
      const handle = await mine.locator("button.handle").textContent();
      await expect
        .poll(
          () => page.evaluate(() => (window as unknown as { __notes: Array<{ title: string }> }).__notes),
          {
            timeout: 15_000,
          },
        )
        .toContainEqual(expect.objectContaining({ title: `${handle} — chưa được trả lời` }));
      await screenshot(page, "clock-1280");
      await page.setViewportSize({ width: 360, height: 740 });
      await screenshot(page, "clock-360");
      await page.setViewportSize({ width: 1280, height: 800 });

      await page.getByRole("button", { name: "English" }).first().click();
      await page.getByRole("heading", { name: "My chats" }).waitFor();
      await mine.locator(".badge.awaiting").waitFor();
      expect(await mine.locator(".badge.awaiting").textContent()).toBe("awaiting answer 2 hours 5 minutes");
      expect(await queued.locator(".badge").allTextContents()).toContain("waiting 2 hours 5 minutes");
      await screenshot(page, "clock-1280-en");
    },
  );
});
