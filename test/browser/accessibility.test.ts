import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wcagViolations } from "../support/axe.js";
import { launchBrowser } from "../support/browser.js";
import { startTestServer, type TestServer } from "../support/testServer.js";

describe("accessibility (axe-core, WCAG 2.1 AA) in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it.each([
    [360, "vi"],
    [1280, "en"],
  ] as const)(
    "when the widget is open with a conversation at %i px (%s), then axe finds no WCAG 2.1 AA violation",
    async (width, lang) => {
      // The page's CSP allows only its own scripts; the test injects axe-core, so CSP is bypassed here.
      const context = await browser.newContext({ viewport: { width, height: 800 }, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${server.url}/?lang=${lang}`);
      await page.locator("#hotline-chat .launcher").click();
      await page.getByText(lang === "vi" ? "Mình có thể giúp gì cho bạn?" : "How can I help you?").waitFor();
      await page.locator("#hotline-chat .choice").nth(4).click();
      await page
        .getByText(lang === "vi" ? "Tổng đài quốc gia" : "National child-protection", { exact: false })
        .first()
        .waitFor();
      expect(await wcagViolations(page)).toEqual([]);
      await page.screenshot({ path: `/tmp/widget-axe-${width}.png` });
      await context.close();
    },
  );
});
