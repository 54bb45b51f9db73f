import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserHarness, screenshot, startBrowserHarness } from "../support/browser.js";

describe("typing indicators in Chromium (a person in the widget, a counselor in the console)", () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness({ staff: [{ email: "an@example.org", alias: "An" }] });
  });
  afterAll(async () => {
    await h?.close();
  });

  it(
    "when the person types, then the console shows 'Khách đang nhập…'; when the counselor types, then the widget shows 'Tư vấn viên đang nhập…' until the reply arrives",
    { timeout: 120_000 },
    async () => {
      const page = await h.newPage();
      await h.signIn(page, "an@example.org");
      const widget = await h.personAsking("chị ơi em cần hỏi");
      await page.locator("ul.queue li").first().getByRole("button", { name: "Nhận", exact: true }).click();
      await page.getByText("Đang trò chuyện").waitFor();
      await widget.getByText(/đã tham gia/).waitFor();

      const consoleTyping = page.getByRole("status").filter({ hasText: "Khách đang nhập…" });
      // Typed like a person, for longer than the 2 s throttle window (an earlier signal may have
      // gone out moments ago, when the person wrote their first message).
      await widget.getByRole("textbox").pressSequentially("em đang ở đâu đó", { delay: 200 });
      await consoleTyping.waitFor();
      expect(await consoleTyping.isVisible()).toBe(true);
      await screenshot(page, "typing-console-1280");
      await widget.keyboard.press("Enter");
      await page.locator(".transcript").getByText("em đang ở đâu đó").waitFor();
      await consoleTyping.waitFor({ state: "hidden" });
      expect(await consoleTyping.isVisible()).toBe(false);

      const widgetTyping = widget.getByText("Tư vấn viên đang nhập…");
      const reply = page.getByRole("textbox", { name: "Trả lời", exact: true });
      await reply.pressSequentially("Bạn đang ở");
      await widgetTyping.waitFor();
      expect(await widgetTyping.isVisible()).toBe(true);
      await screenshot(widget, "typing-widget-360");
      await reply.press("Enter");
      await widget.locator(".msg.counselor").filter({ hasText: "Bạn đang ở" }).waitFor();
      await widgetTyping.waitFor({ state: "hidden" });
      expect(await widgetTyping.isVisible()).toBe(false);
    },
  );
});
