import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wcagViolations } from "../support/axe.js";
import { type BrowserHarness, screenshot, startBrowserHarness } from "../support/browser.js";

/**
 * axe-core's WCAG 2.1 A/AA rules on every view of the console a counselor or supervisor works
 * in: queue, chat (with suggestions and the typing line), the close and transfer dialogs, the
 * referral form, the due referrals, history, reports; on a laptop and on a phone.
 */
describe("console accessibility (axe-core, WCAG 2.1 AA) in Chromium", () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness({
      staff: [
        { email: "an@example.org", alias: "An" },
        { email: "son@example.org", alias: "Sơn", role: "supervisor" },
      ],
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Checks the page with axe and keeps a screenshot for a person to look at. */
  const check = async (page: Page, view: string) => {
    expect(await wcagViolations(page), view).toEqual([]);
    await screenshot(page, `axe-${view}`);
  };

  it.each([360, 1280])(
    "when the sign-in page is shown at %i px, then axe finds no violation",
    async (width) => {
      const page = await h.newPage({ width, bypassCSP: true });
      await page.goto(`${h.server.url}/console`);
      await page.locator("input[type=password]").waitFor();
      await check(page, `sign-in-${width}`);
    },
  );

  it.each([1280, 360])(
    "when a counselor goes through queue, chat, dialogs, referral, due list and history at %i px, then axe finds no violation",
    async (width) => {
      const phone = width < 800;
      const page = await h.newPage({ width, height: phone ? 740 : 800, bypassCSP: true });
      await h.signIn(page, "an@example.org");
      const widget = await h.personAsking(`mình ở Malaysia, họ giữ hộ chiếu của mình (${width})`);
      const waiting = page.locator("ul.queue li").first();
      await waiting.waitFor();
      await check(page, `queue-${width}`);
      if (phone) {
        await page.getByRole("button", { name: "Menu" }).click();
        await check(page, `menu-${width}`);
        await page.getByRole("button", { name: "Menu" }).click();
      }

      await waiting.getByRole("button", { name: "Nhận", exact: true }).click();
      await page.getByText("Đang trò chuyện").waitFor();
      await page.locator("section.help ul.help-list li").first().waitFor();
      // Typed for longer than the 2 s throttle window, as a person types.
      await widget.getByRole("textbox").pressSequentially("em đang ở đây", { delay: 200 });
      await page.getByText("Khách đang nhập…").waitFor();
      await check(page, `chat-${width}`);

      await page.getByRole("button", { name: "Kết thúc", exact: true }).click();
      await page.getByRole("dialog").waitFor();
      await check(page, `close-dialog-${width}`);
      await page.getByRole("dialog").getByRole("button", { name: "Hủy" }).click();
      await page.getByRole("dialog").waitFor({ state: "detached" });

      await page.getByRole("button", { name: "Chuyển", exact: true }).click();
      await page.getByRole("dialog").getByRole("option").nth(2).waitFor({ state: "attached" });
      await check(page, `transfer-dialog-${width}`);
      await page.getByRole("dialog").getByRole("button", { name: "Hủy" }).click();
      await page.getByRole("dialog").waitFor({ state: "detached" });

      await page.getByRole("button", { name: /^Chuyển tuyến: Bảo hộ công dân/ }).click();
      const form = page.locator(".referral-form");
      await expect.poll(() => form.locator("select").inputValue()).toBe("citizen_protection");
      await check(page, `referral-form-${width}`);
      await form.getByLabel("Người dùng đã đồng ý?").check();
      await form.getByRole("button", { name: "Chuyển tuyến" }).click();
      await page.getByText("Đã chuyển tuyến và gửi thông tin cho người dùng.").waitFor();

      await page.getByRole("dialog").count(); // no dialog left open
      await page.getByRole("button", { name: "Kết thúc", exact: true }).click();
      await page.getByRole("dialog").getByLabel("Kết quả").selectOption("referred");
      await page.getByRole("dialog").getByRole("button", { name: "Kết thúc cuộc trò chuyện" }).click();
      await page.getByText("Cuộc trò chuyện đã kết thúc.").waitFor();
      await check(page, `closed-chat-${width}`);

      if (phone) await page.getByRole("button", { name: "← Danh sách" }).click();
      const due = page.locator(".due-referrals");
      await due.getByRole("button", { name: "Tất cả" }).click();
      await due.locator(".referral-item").first().waitFor();
      await check(page, `due-referrals-${width}`);

      if (phone) await page.getByRole("button", { name: "Menu" }).click();
      await page.getByRole("button", { name: "Lịch sử" }).click();
      await page.locator("ul.history li").first().waitFor();
      await check(page, `history-${width}`);
    },
    150_000,
  );

  it.each([1280, 360])(
    "when a supervisor opens the reports page at %i px, then axe finds no violation",
    async (width) => {
      const page = await h.newPage({ width, height: 800, bypassCSP: true });
      await h.signIn(page, "son@example.org");
      await page.goto(`${h.server.url}/console/reports`);
      await page.getByRole("heading", { name: "Số liệu chương trình", level: 1 }).waitFor();
      await page.locator("canvas").first().waitFor();
      await check(page, `reports-${width}`);
    },
    60_000,
  );
});
