import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../support/browser.js";
import { startTestServer, type TestServer } from "../support/testServer.js";

const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Runs axe-core's WCAG 2.1 A and AA rules in the page (the script is injected by the test). */
async function wcagViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = (await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations;
  })) as AxeViolation[];
  return violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`,
  );
}

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

  it("when the counselor console's sign-in page is shown, then axe finds no WCAG 2.1 AA violation", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/console`);
    await page.locator("input[type=password]").waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    await context.close();
  });
});
