import { createServer } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wcagViolations } from "../support/axe.js";
import { launchBrowser, OFFICE_HOURS } from "../support/browser.js";
import { startTestServer, type TestServer } from "../support/testServer.js";

/** Where the screenshots of the new flows go (looked at by hand, not compared). */
const SHOTS = process.env.SCREENSHOT_DIR ?? "/tmp";

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

interface Focus {
  name: string;
  tag: string;
  /** The focus ring is drawn (an outline that is not "none"). */
  visible: boolean;
}

/** The element with focus, looking inside the widget's shadow root. */
function focused(page: Page): Promise<Focus> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return { name: "", tag: "", visible: false };
    const style = getComputedStyle(el);
    return {
      name: (el.getAttribute("aria-label") ?? el.textContent ?? "").trim(),
      tag: el.tagName.toLowerCase(),
      visible: style.outlineStyle !== "none" && style.outlineWidth !== "0px",
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until the element whose accessible name starts with `name` has the
 * focus, and checks its focus ring is visible. Fails when it cannot be reached by keyboard.
 */
async function tabTo(page: Page, name: string, { back = false, max = 80 } = {}): Promise<Focus> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const f = await focused(page);
    if (f.name.startsWith(name)) {
      expect(f.visible, `focus ring on "${name}"`).toBe(true);
      return f;
    }
  }
  throw new Error(`"${name}" was not reached with the keyboard in ${max} presses`);
}

describe("the widget with the keyboard only, and the new flows (axe-core WCAG 2.1 AA, screenshots)", () => {
  let server: TestServer;
  let browser: Browser;
  let exitUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    exitUrl = `http://127.0.0.1:${port}/healthz`;
    server = await startTestServer({
      clock: () => OFFICE_HOURS,
      env: { PORT: String(port), QUICK_EXIT_URL: exitUrl },
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const KEYBOARD_PATH = {
    vi: {
      launcher: "Hỏi đáp ẩn danh",
      menu: "Mình có thể giúp gì cho bạn?",
      check: "Kiểm tra lời mời đi làm ở nước ngoài",
      recruiterQ: "Ai giới thiệu hoặc rủ bạn đi làm?",
      stranger: "Người lạ trên mạng",
      countryQ: "Bạn được mời sang nước nào?",
      textbox: "Nhập tin nhắn",
      ownWords: "Hàn Quốc, làm nhà máy",
      payQ: "Người ta hứa hẹn gì về lương và chi phí?",
      ordinary: "Lương bình thường, cần tay nghề",
      feeQ: /Bạn có bị đòi nộp tiền trước khi ký hợp đồng không/,
      counselor: "tư vấn viên",
      requested: "Mình đã báo cho tư vấn viên.",
      exit: "Thoát nhanh",
    },
    en: {
      launcher: "Anonymous chat",
      menu: "How can I help you?",
      check: "Check a job offer abroad",
      recruiterQ: "Who introduced you to the job or invited you?",
      stranger: "A stranger online",
      countryQ: "Which country is the job in?",
      textbox: "Type a message",
      ownWords: "Korea, factory work",
      payQ: "What did they promise about pay and costs?",
      ordinary: "Ordinary pay, skills needed",
      feeQ: /Were you asked to pay money before signing a contract/,
      counselor: "counselor",
      requested: "I have let a counselor know.",
      exit: "Quick exit",
    },
  } as const;

  it.each([
    [360, "vi"],
    [1280, "en"],
  ] as const)(
    "when someone uses only the keyboard at %i px (%s), then they open the chat, choose options, type, ask for a counselor and leave with quick exit",
    async (width, lang) => {
      const k = KEYBOARD_PATH[lang];
      const context = await browser.newContext({ viewport: { width, height: 740 }, bypassCSP: true });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      await page.goto(`${server.url}/?lang=${lang}`);

      await tabTo(page, k.launcher);
      await page.keyboard.press("Enter");
      await page.getByText(k.menu).waitFor();
      // Opening puts the focus in the text box, ready to type.
      expect((await focused(page)).tag).toBe("textarea");

      // The options sit above the text box: Shift+Tab reaches them.
      await tabTo(page, k.check, { back: true });
      await page.keyboard.press("Enter");
      await page.getByText(k.recruiterQ).waitFor();
      await tabTo(page, k.stranger);
      await page.keyboard.press("Space");
      await page.getByText(k.countryQ).waitFor();

      // Typing in one's own words answers two questions at once.
      await tabTo(page, k.textbox);
      await page.keyboard.type(k.ownWords);
      await page.keyboard.press("Enter");
      await page.getByText(k.payQ).waitFor();
      await tabTo(page, k.ordinary, { back: true });
      await page.keyboard.press("Enter");
      await page.getByText(k.feeQ).waitFor();
      expect(await wcagViolations(page)).toEqual([]);

      await tabTo(page, k.textbox);
      await page.keyboard.type(k.counselor);
      await page.keyboard.press("Enter");
      await page.getByText(k.requested).waitFor();
      expect(await wcagViolations(page)).toEqual([]);

      await tabTo(page, k.exit);
      await page.keyboard.press("Enter");
      await page.waitForURL(exitUrl);
      await context.close();
    },
    { timeout: 120_000 },
  );

  /** Opens the widget in `lang` at `width` px, ready for presses. */
  async function openWidget(width: number, lang: "vi" | "en"): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width, height: width < 480 ? 740 : 800 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${server.url}/?lang=${lang}`);
    await page.locator("#hotline-chat .launcher").click();
    await page.getByText(lang === "vi" ? "Mình có thể giúp gì cho bạn?" : "How can I help you?").waitFor();
    return page;
  }

  /** A screenshot with the last bubble containing `text` at the top of the chat. */
  async function shootFrom(page: Page, text: string, file: string): Promise<void> {
    await page.evaluate((t) => {
      const root = document.querySelector("#hotline-chat")!.shadowRoot!;
      const bubbles = [...root.querySelectorAll(".msg")].filter((b) => b.textContent?.includes(t));
      bubbles.at(-1)?.scrollIntoView({ block: "start" });
    }, text);
    await page.screenshot({ path: `${SHOTS}/${file}` });
  }

  async function press(page: Page, label: string, next: string | RegExp): Promise<void> {
    await page.locator("#hotline-chat .choice:not([disabled])", { hasText: label }).first().click();
    await page.getByText(next).last().waitFor();
  }

  it.each([
    [360, "vi"],
    [360, "en"],
    [1280, "vi"],
  ] as const)(
    "when the job check ends at %i px (%s), then the verdict, three signs, what to do and the offer fit two phone screens of the chat, and axe finds no violation",
    async (width, lang) => {
      const page = await openWidget(width, lang);
      const vi = lang === "vi";
      await press(
        page,
        vi ? "Kiểm tra lời mời" : "Check a job offer",
        vi ? "Ai giới thiệu" : "Who introduced",
      );
      await press(
        page,
        vi ? "Người lạ trên mạng" : "A stranger online",
        vi ? "sang nước nào" : "Which country",
      );
      await press(page, vi ? "Campuchia" : "Cambodia", vi ? "công việc gì" : "What work");
      await press(page, vi ? "Làm online" : "Online work", vi ? "lương và chi phí" : "pay and costs");
      await press(
        page,
        vi ? "Lương rất cao" : "Very high pay",
        vi ? "trước khi ký hợp đồng không" : "before signing a contract?",
      );
      await press(page, vi ? "Có, trước khi" : "Yes, before", vi ? "giấy tờ gì" : "What papers");
      await press(page, vi ? "Visa du lịch" : "A tourist visa", vi ? "giữ hộ chiếu" : "keep your passport");
      const offer = vi ? "về lời mời này không?" : "about this offer?";
      await press(page, vi ? "Công ty hoặc người môi giới" : "The company or the broker", offer);

      // From the top of the verdict to the bottom of the offer's buttons: at most two heights of the chat.
      const fit = await page.evaluate(
        ({ verdict, offer }) => {
          const root = document.querySelector("#hotline-chat")!.shadowRoot!;
          const log = root.querySelector(".log") as HTMLElement;
          const bubbles = [...root.querySelectorAll(".msg")] as HTMLElement[];
          const first = bubbles.filter((b) => b.textContent?.includes(verdict)).at(-1)!;
          const last = bubbles.filter((b) => b.textContent?.includes(offer)).at(-1)!;
          const lastBottom = (last.nextElementSibling as HTMLElement | null) ?? last;
          first.scrollIntoView({ block: "start" });
          return {
            result: lastBottom.getBoundingClientRect().bottom - first.getBoundingClientRect().top,
            screen: log.clientHeight,
          };
        },
        {
          verdict: vi ? "⚠️ Lời mời này có nhiều dấu hiệu lừa đảo" : "⚠️ This offer has many signs of fraud",
          offer,
        },
      );
      await page.screenshot({ path: `${SHOTS}/job-check-result-${width}-${lang}-1.png` });
      // The desktop panel is shorter than a phone's screen: "two screens" is measured on the phone.
      if (width < 480)
        expect(fit.result, `result ${fit.result} px, chat ${fit.screen} px`).toBeLessThanOrEqual(
          2 * fit.screen,
        );
      await page.evaluate(() => {
        const log = document.querySelector("#hotline-chat")!.shadowRoot!.querySelector(".log")!;
        log.scrollTop = log.scrollHeight;
      });
      await page.screenshot({ path: `${SHOTS}/job-check-result-${width}-${lang}-2.png` });
      expect(await wcagViolations(page)).toEqual([]);
      await page.context().close();
    },
    { timeout: 120_000 },
  );

  it.each([
    [360, "vi"],
    [1280, "en"],
  ] as const)(
    "when support after return is read at %i px (%s): where to ask, children, community, then axe finds no violation in each",
    async (width, lang) => {
      const page = await openWidget(width, lang);
      const vi = lang === "vi";
      const next = vi ? "Bạn muốn làm gì tiếp theo?" : "What would you like to do next?";
      await press(page, vi ? "Hỗ trợ sau khi trở về" : "Support after return", next);
      await press(
        page,
        vi ? "Hỏi ở đâu, mang theo gì?" : "Where to ask, what to bring",
        vi ? "Nên mang theo" : "Bring, if you have them",
      );
      await shootFrom(
        page,
        vi ? "Cách đề nghị hỗ trợ" : "How to ask for support",
        `support-where-${width}-top.png`,
      );
      await shootFrom(
        page,
        vi ? "Từng loại hỗ trợ" : "Each kind of support",
        `support-where-${width}-kinds.png`,
      );
      await page.screenshot({ path: `${SHOTS}/support-where-${width}.png` });
      expect(await wcagViolations(page)).toEqual([]);
      await press(page, vi ? "Xem mục khác" : "Other topics", next);
      await press(
        page,
        vi ? "Hỗ trợ cho con" : "Support for children",
        vi ? "chưa có thông tin chắc chắn" : "I do not have confirmed information",
      );
      await shootFrom(
        page,
        vi ? "Phần này dành cho cha mẹ" : "This part is for parents",
        `support-children-${width}-top.png`,
      );
      await page.screenshot({ path: `${SHOTS}/support-children-${width}.png` });
      expect(await wcagViolations(page)).toEqual([]);
      await press(page, vi ? "Xem mục khác" : "Other topics", next);
      await press(
        page,
        vi ? "Dành cho hàng xóm" : "For neighbours",
        vi ? "Bạn có thể giúp như thế này" : "How you can help",
      );
      await shootFrom(
        page,
        vi ? "Phần này dành cho hàng xóm" : "This part is for neighbours",
        `support-community-${width}-top.png`,
      );
      await page.screenshot({ path: `${SHOTS}/support-community-${width}.png` });
      expect(await wcagViolations(page)).toEqual([]);
      await page.context().close();
    },
    { timeout: 120_000 },
  );
});
