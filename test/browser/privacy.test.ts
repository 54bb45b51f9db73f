import { createServer } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../support/browser.js";
import { startTestServer, type TestServer } from "../support/testServer.js";

const SECRET = "họ giữ hộ chiếu của em";
const STORAGE_KEY = "hotline.chat";

/** A port free right now, so QUICK_EXIT_URL can point at the test server itself. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe("the person's safety in the web chat widget, in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let exitUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    // The neutral page is on the server itself: quick exit makes no third-party request.
    exitUrl = `http://127.0.0.1:${port}/healthz`;
    server = await startTestServer({ env: { PORT: String(port), QUICK_EXIT_URL: exitUrl } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A fresh context and page that records every request and every CSP violation. */
  async function openChat(): Promise<{
    context: BrowserContext;
    page: Page;
    foreign: string[];
    violations: string[];
  }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const foreign: string[] = [];
    const violations: string[] = [];
    page.on("request", (req) => {
      const url = req.url();
      if (!url.startsWith(`${server.url}/`) && !url.startsWith("data:")) foreign.push(url);
    });
    page.on("console", (msg) => {
      if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
    });
    const response = await page.goto(`${server.url}/`);
    expect(response?.headers()["content-security-policy"]).toContain("default-src 'self'");
    await page.evaluate(() => {
      document.addEventListener("securitypolicyviolation", (e) =>
        console.error(`Content Security Policy: ${e.violatedDirective}`),
      );
    });
    await page.getByRole("button", { name: "Hỏi đáp ẩn danh" }).click();
    await page.getByText("Mình có thể giúp gì cho bạn?").waitFor();
    await page.getByRole("textbox").fill(SECRET);
    await page.keyboard.press("Enter");
    await page.getByText(SECRET).waitFor();
    // The bot answered the free text: the widget works under the CSP.
    await page.waitForFunction(
      (key) => Number(JSON.parse(sessionStorage.getItem(key) ?? "{}").lastId ?? 0) > 2,
      STORAGE_KEY,
    );
    expect(await page.evaluate((key) => sessionStorage.getItem(key), STORAGE_KEY)).not.toBeNull();
    return { context, page, foreign, violations };
  }

  it("when the quick exit button is pressed, then the page is replaced by QUICK_EXIT_URL and the chat storage is gone", async () => {
    const { context, page, foreign, violations } = await openChat();
    await page.getByRole("button", { name: /Thoát nhanh/ }).click();
    await page.waitForURL(exitUrl);
    expect(await page.evaluate((key) => sessionStorage.getItem(key), STORAGE_KEY)).toBeNull();
    // location.replace: Back does not lead to the chat.
    await page.goBack().catch(() => null);
    expect(page.url()).not.toBe(`${server.url}/`);
    expect(foreign).toEqual([]);
    expect(violations).toEqual([]);
    await context.close();
  });

  it("when Escape is pressed twice, then the page is left for QUICK_EXIT_URL and the chat storage is gone", async () => {
    const { context, page } = await openChat();
    await page.keyboard.press("Escape");
    await page.keyboard.press("Escape");
    await page.waitForURL(exitUrl);
    expect(await page.evaluate((key) => sessionStorage.getItem(key), STORAGE_KEY)).toBeNull();
    await context.close();
  });

  it("when someone chats, then the text never reaches the title, no cookie is set and no request leaves the server", async () => {
    const { context, page, foreign, violations } = await openChat();
    const title = await page.title();
    expect(title).toBe("Thông tin việc làm an toàn");
    expect(title).not.toContain("hộ chiếu");
    expect(await context.cookies()).toEqual([]);
    expect(await page.evaluate(() => document.cookie)).toBe("");
    expect(foreign).toEqual([]);
    expect(violations).toEqual([]);
    await context.close();
  });

  it("when the person erases their data from the widget, then the screen and storage keep only the last words", async () => {
    const { context, page } = await openChat();
    await page.getByRole("textbox").fill("xóa dữ liệu");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Có, xóa hết" }).click();
    await page.getByText("Mình đã xóa toàn bộ cuộc trò chuyện", { exact: false }).waitFor();
    expect(await page.getByText(SECRET).count()).toBe(0);
    expect(await page.evaluate((key) => sessionStorage.getItem(key), STORAGE_KEY)).toBeNull();
    // A reload shows nothing of the erased conversation.
    await page.reload();
    await page.getByRole("button", { name: "Hỏi đáp ẩn danh" }).waitFor();
    expect(await page.getByText(SECRET).count()).toBe(0);
    await context.close();
  });

  it("when a user sends HTML and script, then it is shown as inert text", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${server.url}/`);
    await page.getByRole("button", { name: "Hỏi đáp ẩn danh" }).click();
    await page.getByText("Mình có thể giúp gì cho bạn?").waitFor();
    const payload = `<img src=x onerror="alert('x')"><script>alert('y')</script>`;
    await page.getByRole("textbox").fill(payload);
    await page.keyboard.press("Enter");
    await page.getByText(payload).waitFor();
    expect(
      await page
        .locator("#hotline-chat")
        .evaluate((host) => host.shadowRoot?.querySelectorAll("img, script").length),
    ).toBe(0);
    expect(dialogs).toEqual([]);
    await context.close();
  });
});
