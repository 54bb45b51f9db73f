import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserHarness, FAKE_NOTIFICATION, startBrowserHarness } from "../support/browser.js";

describe("nothing missed in the console", () => {
  let h: BrowserHarness;

  beforeAll(async () => {
    h = await startBrowserHarness({ staff: [{ email: "an@example.org", alias: "An", available: true }] });
  });
  afterAll(async () => {
    await h?.close();
  });

  it(
    "when a person writes in a claimed chat that is not open, then the tab title and that chat's unread badge change, the notification has no message text, and both are still right after a reload",
    { timeout: 150_000 },
    async () => {
      const page = await h.newPage({ initScript: FAKE_NOTIFICATION });
      await h.signIn(page, "an@example.org");
      await page.getByText("Không có ai đang chờ.").waitFor();

      const first = await h.personAsking("người thứ nhất");
      const second = await h.personAsking("người thứ hai");
      const queue = page.locator("ul.queue li");
      await expect.poll(() => queue.count()).toBe(2);
      for (let i = 0; i < 2; i++) {
        await queue.first().getByRole("button", { name: "Nhận", exact: true }).click();
        await page.getByText("Đang trò chuyện").waitFor();
      }
      await page.getByText("Không có ai đang chờ.").waitFor();
      await first.getByText(/đã tham gia/).waitFor();
      await second.getByText(/đã tham gia/).waitFor();
      const mine = page.locator("ul.mine li");
      await expect.poll(() => mine.count()).toBe(2);

      // Open the first person's chat; the second person's is claimed but not open.
      const handleOf = async (marker: string) => {
        for (const handle of await mine.locator("button.handle").allTextContents()) {
          await mine.getByRole("button", { name: handle, exact: true }).click();
          await page.locator(".chat h2.handle").filter({ hasText: handle }).waitFor();
          await page.locator(".transcript .msg").first().waitFor();
          if ((await page.locator(".transcript").textContent())!.includes(marker)) return handle;
        }
        throw new Error(`no chat with ${marker}`);
      };
      const otherHandle = await handleOf("người thứ hai");
      await handleOf("người thứ nhất");
      await expect.poll(() => page.title()).toBe("Trang tư vấn viên");

      await second.getByRole("textbox").fill("chi oi co nguoi dang toi");
      await second.keyboard.press("Enter");

      const otherRow = (p: Page) =>
        p.locator("ul.mine li").filter({ has: p.getByRole("button", { name: otherHandle, exact: true }) });
      await expect.poll(() => page.title()).toBe("(1) Trang tư vấn viên");
      await expect.poll(() => otherRow(page).locator(".badge.unread").textContent()).toBe("1");
      const notes = (await page.evaluate("window.__notes")) as Array<{ title: string }>;
      expect(notes.map((n) => n.title)).toEqual([`${otherHandle} — tin nhắn mới`]);
      expect(JSON.stringify(notes)).not.toContain("nguoi dang toi");

      // A reload (or a new tab) knows what is unread: the server keeps read marks per counselor.
      // The open chat was read, also the messages that came while it was open.
      await first.getByRole("textbox").fill("em đọc rồi");
      await first.keyboard.press("Enter");
      await page.locator(".transcript").getByText("em đọc rồi").waitFor();
      await page.reload();
      await page.locator("ul.mine li").nth(1).waitFor();
      await expect.poll(() => page.title()).toBe("(1) Trang tư vấn viên");
      await expect.poll(() => otherRow(page).locator(".badge.unread").textContent()).toBe("1");
      expect(await page.locator("ul.mine .badge.unread").count()).toBe(1);

      await otherRow(page).getByRole("button", { name: otherHandle, exact: true }).click();
      await page.locator(".transcript").getByText("chi oi co nguoi dang toi").waitFor();
      await expect.poll(() => page.title()).toBe("Trang tư vấn viên");
      expect(await otherRow(page).locator(".badge.unread").count()).toBe(0);

      await page.reload();
      await page.locator("ul.mine li").nth(1).waitFor();
      await page.locator("ul.mine button.handle").nth(1).waitFor();
      await expect.poll(() => page.title()).toBe("Trang tư vấn viên");
      expect(await page.locator("ul.mine .badge.unread").count()).toBe(0);
    },
  );
});
