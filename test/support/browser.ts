import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { hashPassword } from "../../src/handoff/password.js";
import type { Role } from "../../src/handoff/roles.js";
import { startTestServer, type TestServer, type TestServerOptions } from "./testServer.js";

/** Debian's Chromium; no browser is downloaded. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Launches headless Chromium with the flags this machine needs (no background network calls). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/** Password of every counselor a browser test creates. */
export const STAFF_PASSWORD = "correct horse battery staple";
/** Wednesday 4 March 2026, 10:00 in Vietnam: inside office hours (signing in makes one available). */
/** An init script that records desktop notifications in `window.__notes` instead of showing them (permission granted). */
export const FAKE_NOTIFICATION = `
  window.__notes = [];
  window.Notification = class {
    static permission = "granted";
    static requestPermission() { return Promise.resolve("granted"); }
    constructor(title, options) { window.__notes.push({ title, options }); }
    close() {}
  };
`;

export const OFFICE_HOURS = new Date("2026-03-04T03:00:00Z");

export interface StaffMember {
  email: string;
  alias: string;
  role?: Role;
  available?: boolean;
}

export interface PageOptions {
  width?: number;
  height?: number;
  /** Needed to inject axe-core into a page whose CSP allows only its own scripts. */
  bypassCSP?: boolean;
  /** A script run in the page before its own (e.g. a fake Notification). */
  initScript?: string;
}

/** A test server, Chromium, counselors, and the steps most browser tests repeat. */
export interface BrowserHarness {
  server: TestServer;
  browser: Browser;
  /** A page in a fresh browser context (closed by `close`), 10 s default timeout. */
  newPage(options?: PageOptions): Promise<Page>;
  /** Signs in to the console at /console in Vietnamese (the page's default). */
  signIn(page: Page, email: string): Promise<void>;
  /**
   * A person in a fresh widget who asks for a counselor and then writes `marker`; resolves once
   * the bot said the message is kept for the counselor (or gave the emergency answer).
   */
  personAsking(marker: string, options?: PageOptions): Promise<Page>;
  close(): Promise<void>;
}

/** Starts a test server (office hours by default), creates `staff` and launches Chromium. */
export async function startBrowserHarness(
  options: { staff?: StaffMember[]; server?: TestServerOptions } = {},
): Promise<BrowserHarness> {
  const server = await startTestServer({ clock: () => OFFICE_HOURS, ...options.server });
  const passwordHash = await hashPassword(STAFF_PASSWORD);
  for (const s of options.staff ?? [])
    await server.prisma.counselor.create({
      data: {
        email: s.email,
        name: s.alias,
        alias: s.alias,
        role: s.role ?? "counselor",
        available: s.available ?? false,
        passwordHash,
      },
    });
  const browser = await launchBrowser();
  const contexts: BrowserContext[] = [];

  const newPage = async (o: PageOptions = {}): Promise<Page> => {
    const context = await browser.newContext({
      viewport: { width: o.width ?? 1280, height: o.height ?? 800 },
      ...(o.bypassCSP ? { bypassCSP: true } : {}),
    });
    contexts.push(context);
    if (o.initScript) await context.addInitScript(o.initScript);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    return page;
  };

  return {
    server,
    browser,
    newPage,
    async signIn(page, email) {
      await page.goto(`${server.url}/console`);
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Mật khẩu").fill(STAFF_PASSWORD);
      await page.getByRole("button", { name: "Đăng nhập" }).click();
      await page.locator("ul.mine").waitFor();
    },
    async personAsking(marker, o = {}) {
      const widget = await newPage({ width: 360, height: 740, ...o });
      await widget.goto(`${server.url}/`);
      await widget.getByRole("button", { name: "Hỏi đáp ẩn danh" }).click();
      await widget.getByText("Mình có thể giúp gì cho bạn?").waitFor();
      await widget.getByRole("textbox").fill("tư vấn viên");
      await widget.keyboard.press("Enter");
      await widget
        .getByText(/vị trí số/)
        .first()
        .waitFor();
      await widget.getByRole("textbox").fill(marker);
      await widget.keyboard.press("Enter");
      await widget
        .getByText(/Mình đã lưu tin nhắn của bạn|đã báo cho tư vấn viên/)
        .first()
        .waitFor();
      return widget;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await server.stop();
    },
  };
}

/** Horizontal overflow of the page in px (0: nothing scrolls sideways). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Set SCREENSHOT_DIR=/tmp/dir to keep a full-page PNG of each view a test names. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}
