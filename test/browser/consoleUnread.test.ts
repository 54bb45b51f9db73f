import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../src/handoff/password.js";
import { launchBrowser } from "../support/browser.js";
import { startTestServer, type TestServer } from "../support/testServer.js";

const PASSWORD = "correct horse battery staple";

/** Records desktop notifications instead of showing them (permission granted). */
const FAKE_NOTIFICATION = `
  window.__notes = [];
  window.Notification = class {
    static permission = "granted";
    static requestPermission() { return Promise.resolve("granted"); }
    constructor(title, options) { window.__notes.push({ title, options }); }
    close() {}
  };
`;

describe("nothing missed in the console", () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startTestServer({ clock: () => new Date("2026-03-04T03:00:00Z") });
    await server.prisma.counselor.create({
      data: {
        email: "an@example.org",
        name: "Nguyễn Thị An",
        alias: "An",
        role: "counselor",
        available: true,
        passwordHash: await hashPassword(PASSWORD),
      },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
  });

  async function personAsking(marker: string): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    const widget = await context.newPage();
    widget.setDefaultTimeout(10_000);
    await widget.goto(`${server.url}/`);
    await widget.getByRole("button", { name: "Hỏi đáp ẩn danh" }).click();
    await widget.getByText("Mình có thể giúp gì cho bạn?").waitFor();
    await widget.getByRole("textbox").fill("tư vấn viên");
    await widget.keyboard.press("Enter");
    await widget.getByText(/vị trí số/).waitFor();
    await widget.getByRole("textbox").fill(marker);
    await widget.keyboard.press("Enter");
    await widget.getByText(/Mình đã lưu tin nhắn của bạn/).waitFor();
    return widget;
  }

  it(
    "when a person writes in a claimed chat that is not open, then the tab title and that chat's unread badge change, and the notification has no message text",
    { timeout: 120_000 },
    async () => {
      const context = await browser.newContext();
      contexts.push(context);
      await context.addInitScript(FAKE_NOTIFICATION);
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(`${server.url}/console`);
      await page.getByLabel("Email").fill("an@example.org");
      await page.getByLabel("Mật khẩu").fill(PASSWORD);
      await page.getByRole("button", { name: "Đăng nhập" }).click();
      await page.getByText("Không có ai đang chờ.").waitFor();

      const first = await personAsking("người thứ nhất");
      const second = await personAsking("người thứ hai");
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

      const target = second;
      await target.getByRole("textbox").fill("chi oi co nguoi dang toi");
      await target.keyboard.press("Enter");

      await expect.poll(() => page.title()).toBe("(1) Trang tư vấn viên");
      const otherRow = mine.filter({ has: page.getByRole("button", { name: otherHandle, exact: true }) });
      await expect.poll(() => otherRow.locator(".badge.unread").textContent()).toBe("1");
      const notes = (await page.evaluate("window.__notes")) as Array<{ title: string }>;
      expect(notes.map((n) => n.title)).toEqual([`${otherHandle} — tin nhắn mới`]);
      expect(JSON.stringify(notes)).not.toContain("nguoi dang toi");

      await otherRow.getByRole("button", { name: otherHandle, exact: true }).click();
      await page.locator(".transcript").getByText("chi oi co nguoi dang toi").waitFor();
      await expect.poll(() => page.title()).toBe("Trang tư vấn viên");
      expect(await otherRow.locator(".badge.unread").count()).toBe(0);
    },
  );
});
