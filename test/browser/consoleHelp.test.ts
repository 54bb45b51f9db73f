import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserHarness, screenshot, startBrowserHarness } from "../support/browser.js";

describe("help at hand in a chat, in Chromium", () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness({ staff: [{ email: "an@example.org", alias: "An" }] });
  });
  afterAll(async () => {
    await h?.close();
  });

  it(
    "when a person says their passport is held abroad, then the fitting reply and the citizen-protection line are offered first; one click inserts the reply (edited before sending) or starts the referral",
    { timeout: 120_000 },
    async () => {
      const page = await h.newPage();
      await h.signIn(page, "an@example.org");
      const widget = await h.personAsking("mình ở Malaysia, họ giữ hộ chiếu của mình");
      await page.locator("ul.queue li").first().getByRole("button", { name: "Nhận", exact: true }).click();
      await page.getByText("Đang trò chuyện").waitFor();

      const help = page.getByRole("region", { name: "Gợi ý cho cuộc trò chuyện này" });
      const items = help.locator("ul.help-list > li");
      await items.first().waitFor();
      // The replies that fit this chat's signs come first (held papers; abroad or held, as the
      // risk model reads it); the held-papers one is among them.
      const texts = await items.allTextContents();
      const at = texts.findIndex((t) => t.includes("giữ hộ chiếu hay giấy tờ tùy thân"));
      expect(at).toBeGreaterThanOrEqual(0);
      for (let i = 0; i <= at; i += 1) {
        expect(await items.nth(i).locator(".fits").textContent()).toMatch(/^Phù hợp với: /);
      }
      const first = items.nth(at);
      expect(await first.locator(".fits").textContent()).toMatch(/^Phù hợp với: .*giấy tờ/i);
      const refer = help.getByRole("button", { name: "Chuyển tuyến: Bảo hộ công dân (Bộ Ngoại giao)" });
      await refer.waitFor();
      // Every sign is named in the counselor's language: being abroad too, never its id.
      const fits = (await help.locator(".fits").allTextContents()).join(" | ");
      expect(fits).toContain("Ở nước ngoài");
      expect(fits).not.toMatch(/\babroad\b/);
      // Only what fits: the police line does not fit a held passport.
      expect(await help.getByRole("button", { name: /Chuyển tuyến: Công an/ }).count()).toBe(0);
      await screenshot(page, "help-1280");

      // Insert, edit, send: the person gets the edited text.
      const reply = page.getByRole("textbox", { name: "Trả lời", exact: true });
      await reply.fill("Chào bạn.");
      await first.getByRole("button").click();
      const inserted = await reply.inputValue();
      expect(inserted.startsWith("Chào bạn.\nViệc người khác giữ hộ chiếu")).toBe(true); // nothing typed is lost
      await reply.fill(inserted.replace("Chào bạn.\n", ""));
      await reply.press("End");
      await reply.pressSequentially(" Mình ở đây với bạn.");
      await page.getByRole("button", { name: "Gửi", exact: true }).click();
      await widget
        .locator(".msg.counselor")
        .filter({ hasText: "bạn đang ở đâu được không? Mình ở đây với bạn." })
        .waitFor();

      // The service starts a referral with the service chosen, at the consent box.
      await refer.click();
      const form = page.locator(".referral-form");
      await form.waitFor();
      await expect.poll(() => form.locator("select").inputValue()).toBe("citizen_protection");
      await expect
        .poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type))
        .toBe("checkbox");

      // Every reply stays reachable from the list, fitting ones first.
      const all = help.getByRole("combobox", { name: "Tất cả câu trả lời mẫu…" });
      const options = await all.locator("option").allTextContents();
      expect(options.slice(1, at + 2).some((o) => o.includes("giữ hộ chiếu hay giấy tờ"))).toBe(true);
      expect(options.length).toBeGreaterThan(10);

      const phone = await h.newPage({ width: 360, height: 740 });
      await h.signIn(phone, "an@example.org");
      await phone.locator("ul.mine li").first().getByRole("button").first().click();
      await phone
        .getByRole("region", { name: "Gợi ý cho cuộc trò chuyện này" })
        .locator("li")
        .first()
        .waitFor();
      expect(
        await phone.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        ),
      ).toBe(0);
      await screenshot(phone, "help-360");
    },
  );
});
