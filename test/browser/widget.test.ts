import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../support/browser.js";
import { startTestServer, type TestServer } from "../support/testServer.js";

describe("web chat widget in Chromium", () => {
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

  it("when a visitor opens the widget and presses a menu button, then the Vietnamese answer appears", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const foreign: string[] = [];
    page.on("request", (req) => {
      if (!req.url().startsWith(server.url) && !req.url().startsWith("data:")) foreign.push(req.url());
    });
    await page.goto(`${server.url}/`);
    await page.getByRole("button", { name: "Hỏi đáp ẩn danh" }).click();
    await page.getByText("Mình có thể giúp gì cho bạn?").waitFor();
    await page.getByRole("button", { name: "Các số đường dây nóng" }).click();
    await page.getByText("Tổng đài quốc gia bảo vệ trẻ em").waitFor();
    await expect(page.title()).resolves.toBe("Thông tin việc làm an toàn");

    await page.getByRole("textbox").fill("menu");
    await page.keyboard.press("Enter");
    await expect(page.getByText("Mình có thể giúp gì cho bạn?").count()).resolves.toBe(2);

    const cookies = await context.cookies();
    expect(cookies).toEqual([]);
    expect(foreign).toEqual([]);
    await context.close();
  });

  it("when the page is reloaded, then the conversation is restored from sessionStorage", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole("button", { name: "Hỏi đáp ẩn danh" }).click();
    await page.getByRole("button", { name: "Các số đường dây nóng" }).click();
    await page.getByText("Tổng đài quốc gia bảo vệ trẻ em").waitFor();
    await page.reload();
    await page.getByText("Tổng đài quốc gia bảo vệ trẻ em").waitFor();
    await context.close();
  });

  it("when a visitor uses only the keyboard, then they can open the chat and write to ask for a person", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    // Tab through the page until the launcher (in the widget's shadow root) has focus, then open it.
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(
        () => document.getElementById("hotline-chat")?.shadowRoot?.activeElement?.textContent,
      );
      if (focused === "Hỏi đáp ẩn danh") break;
    }
    await page.keyboard.press("Enter");
    await page.getByText("Mình có thể giúp gì cho bạn?").waitFor();
    // The text box has focus once the chat opens.
    await expect(
      page.evaluate(() => document.getElementById("hotline-chat")?.shadowRoot?.activeElement?.tagName),
    ).resolves.toBe("TEXTAREA");
    await page.keyboard.type("tư vấn viên");
    await page.keyboard.press("Enter");
    await page.getByText("Mình đã báo cho tư vấn viên", { exact: false }).waitFor();
    await context.close();
  });

  it("when someone abroad waits for a counselor, then numbers are tap-to-call links and the call button dials the citizen-protection line", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole("button", { name: "Hỏi đáp ẩn danh" }).click();
    await page.getByText("Mình có thể giúp gì cho bạn?").waitFor();
    await page.getByRole("textbox").fill("tôi đang ở Campuchia, cho tôi gặp tư vấn viên");
    await page.keyboard.press("Enter");
    const call = page.getByRole("link", { name: "Gọi bảo hộ công dân" });
    await call.waitFor();
    await expect(call.getAttribute("href")).resolves.toBe("tel:+84981848484");
    // Next to it, leaving the queue is still a button.
    await expect(page.getByRole("button", { name: "Rời hàng chờ" }).isEnabled()).resolves.toBe(true);
    const inText = page.getByRole("link", { name: "+84 981 84 84 84" }).first();
    await expect(inText.getAttribute("href")).resolves.toBe("tel:+84981848484");
    await page.screenshot({ path: "/tmp/widget-call-360.png" });
    await context.close();
  });

  it("when an English visitor reads the hotlines, then 111 is a tap-to-call link", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/?lang=en`);
    await page.getByRole("button", { name: "Anonymous chat" }).click();
    await page.getByText("How can I help you?").waitFor();
    await page.getByRole("button", { name: "Hotlines" }).click();
    const link = page.getByRole("link", { name: "111", exact: true }).first();
    await link.waitFor();
    await expect(link.getAttribute("href")).resolves.toBe("tel:111");
    await page.screenshot({ path: "/tmp/widget-hotlines-1280.png" });
    await context.close();
  });
});

describe("the widget keeps its word, in Chromium", () => {
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
  const widget = (page: import("playwright-core").Page) => page.locator("#hotline-chat");

  it("when the language switch is pressed, then the header, exit, placeholder, send, footer and the bot all change, and back", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole("button", { name: "Hỏi đáp ẩn danh" }).click();
    await page.getByText("Mình có thể giúp gì cho bạn?").waitFor();
    await page.getByRole("button", { name: "Switch to English" }).click();
    await page.getByText("How can I help you?").waitFor();
    await expect(page.getByRole("heading", { name: "Anonymous support" }).count()).resolves.toBe(1);
    await expect(page.getByRole("button", { name: /Quick exit/ }).count()).resolves.toBe(1);
    await expect(page.getByPlaceholder("Type a message…").count()).resolves.toBe(1);
    await expect(page.getByRole("button", { name: "Send", exact: true }).count()).resolves.toBe(1);
    await expect(page.getByText("No name needed.", { exact: false }).count()).resolves.toBe(1);
    await expect(widget(page).getAttribute("lang")).resolves.toBe("en");
    await page.screenshot({ path: "/tmp/widget-english-360.png" });
    await page.getByRole("button", { name: "Chuyển sang tiếng Việt" }).click();
    await page.getByText("Mình sẽ nói tiếng Việt với bạn.").waitFor();
    await expect(page.getByPlaceholder("Nhập tin nhắn…").count()).resolves.toBe(1);
    await context.close();
  });

  it("when a question was answered and the page is reloaded, then its buttons stay disabled", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole("button", { name: "Hỏi đáp ẩn danh" }).click();
    await page.getByText("Mình có thể giúp gì cho bạn?").waitFor();
    await page.getByRole("textbox").fill("xin chào lần nữa");
    await page.keyboard.press("Enter");
    await expect(page.getByText("Mình có thể giúp gì cho bạn?").count()).resolves.toBeGreaterThan(0);
    await page.getByRole("button", { name: "Các số đường dây nóng" }).last().click();
    await page.getByText("Tổng đài quốc gia bảo vệ trẻ em").waitFor();
    await page.reload();
    await page.getByText("Tổng đài quốc gia bảo vệ trẻ em").waitFor();
    // Every menu set before the answer is disabled; only the latest question's buttons work.
    const menuButtons = page.getByRole("button", { name: "Kiểm tra lời mời đi làm ở nước ngoài" });
    const states = await menuButtons.evaluateAll((els) => els.map((e) => (e as HTMLButtonElement).disabled));
    expect(states.every((d) => d)).toBe(true);
    await context.close();
  });

  it("when the history fetched on connecting arrives after the answer to a press, then the press shows once and the new question's buttons still work", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    // A slow network: the history the widget fetches once its socket connects is held back
    // until the answer to the person's first press has arrived.
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held = 0;
    await page.route(/\/webchat\/api\/sessions\/[^/]+\/messages\?after=(?!0$)/, async (route) => {
      if (route.request().method() !== "GET") return route.continue();
      held++;
      await released;
      await route.continue();
    });
    await page.goto(`${server.url}/`);
    await page.getByRole("button", { name: "Hỏi đáp ẩn danh" }).click();
    await page.getByText("Mình có thể giúp gì cho bạn?").waitFor();
    await expect.poll(() => held).toBeGreaterThan(0);
    const answered = page.waitForResponse(
      (r) => r.request().method() === "POST" && r.url().endsWith("/messages"),
    );
    await page.getByRole("button", { name: "Kiểm tra lời mời đi làm ở nước ngoài" }).click();
    await answered;
    await page.getByText("Ai giới thiệu").last().waitFor();
    const history = page.waitForEvent(
      "requestfinished",
      (r) => r.method() === "GET" && /after=(?!0$)/.test(r.url()),
    );
    release();
    await history;
    // The page reads the body and shows (or recognises) what it held within a task or two.
    await page.evaluate(() => new Promise((resolve) => setTimeout(() => requestAnimationFrame(resolve), 50)));
    const log = page.locator("#hotline-chat .msg.user");
    await expect(log.count()).resolves.toBe(1);
    const stranger = page.locator("#hotline-chat .choice", { hasText: "Người lạ trên mạng" }).last();
    await expect(stranger.isDisabled()).resolves.toBe(false);
    await stranger.click();
    await page.getByText("sang nước nào").last().waitFor();
    await context.close();
  });

  it("when the history fetched on connecting arrives while the press is still being sent, then the press shows once and the new question's buttons still work", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    // The server has stored the press and answered it, but the answer reaches the page only
    // after the history (which already lists the press) has been shown.
    let stored: () => void = () => {};
    const pressStored = new Promise<void>((resolve) => {
      stored = resolve;
    });
    let historyShown: () => void = () => {};
    const historyDone = new Promise<void>((resolve) => {
      historyShown = resolve;
    });
    page.on("requestfinished", (r) => {
      if (r.method() === "GET" && /after=(?!0$)/.test(r.url())) historyShown();
    });
    await page.route(/\/webchat\/api\/sessions\/[^/]+\/messages(\?after=(?!0$).*)?$/, async (route) => {
      if (route.request().method() === "GET") {
        await pressStored;
        return route.continue();
      }
      const response = await route.fetch();
      stored();
      await historyDone;
      // The page reads the history's body and shows it within a task or two.
      await page.evaluate(
        () => new Promise((resolve) => setTimeout(() => requestAnimationFrame(resolve), 50)),
      );
      await route.fulfill({ response });
    });
    await page.goto(`${server.url}/`);
    await page.getByRole("button", { name: "Hỏi đáp ẩn danh" }).click();
    await page.getByText("Mình có thể giúp gì cho bạn?").waitFor();
    const answered = page.waitForResponse(
      (r) => r.request().method() === "POST" && r.url().endsWith("/messages"),
    );
    await page.getByRole("button", { name: "Kiểm tra lời mời đi làm ở nước ngoài" }).click();
    await answered;
    await page.getByText("Ai giới thiệu").last().waitFor();
    await expect(page.locator("#hotline-chat .msg.user").count()).resolves.toBe(1);
    const stranger = page.locator("#hotline-chat .choice", { hasText: "Người lạ trên mạng" }).last();
    await expect(stranger.isDisabled()).resolves.toBe(false);
    await context.close();
  });

  it("when a text over 4,000 characters is pasted, then a counter shows it, nothing is cut and nothing is sent", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole("button", { name: "Hỏi đáp ẩn danh" }).click();
    await page.getByText("Mình có thể giúp gì cho bạn?").waitFor();
    const long = "a".repeat(4010);
    await page.getByRole("textbox").fill(long);
    await page.getByText("Dài hơn giới hạn 10 ký tự").waitFor();
    await page.keyboard.press("Enter");
    await page.getByText("Tin nhắn dài hơn 4.000 ký tự", { exact: false }).waitFor();
    await expect(page.getByRole("textbox").inputValue()).resolves.toBe(long);
    await page.getByRole("textbox").fill("a".repeat(3990));
    await page.getByText("3990/4000 ký tự").waitFor();
    await page.screenshot({ path: "/tmp/widget-counter-360.png" });
    await context.close();
  });

  it("when a message is written offline, then it is marked not sent with a retry, and sent once when back online", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole("button", { name: "Hỏi đáp ẩn danh" }).click();
    await page.getByText("Mình có thể giúp gì cho bạn?").waitFor();
    await context.setOffline(true);
    await page.getByRole("textbox").fill("các số đường dây nóng");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Gửi lại" }).waitFor();
    await page.getByText("Chưa gửi được vì mất kết nối", { exact: false }).waitFor();
    await page.screenshot({ path: "/tmp/widget-offline-360.png" });
    await context.setOffline(false);
    // The socket may reconnect and resend by itself first; press "Gửi lại" only if it is still there
    // (either way the message must arrive exactly once).
    await page.locator("#hotline-chat .retry").evaluateAll((buttons) => {
      for (const b of buttons) (b as HTMLButtonElement).click();
    });
    await page.getByText("Tổng đài quốc gia bảo vệ trẻ em").waitFor();
    await expect(page.getByRole("button", { name: "Gửi lại" }).count()).resolves.toBe(0);
    const sent = await server.prisma.message.count({ where: { direction: "in", kind: "text" } });
    const conversation = await server.prisma.conversation.findFirstOrThrow({
      orderBy: { createdAt: "desc" },
    });
    const texts = await server.service.messagesOf(conversation.id);
    expect(texts.filter((m) => m.text === "các số đường dây nóng")).toHaveLength(1);
    expect(sent).toBeGreaterThan(0);
    await context.close();
  });

  it.each([
    [360, false],
    [1280, true],
  ] as const)(
    "when the demo page is %i px wide (chat open: %s), then nothing covers the emergency numbers",
    async (width, openChat) => {
      const context = await browser.newContext({ viewport: { width, height: 740 } });
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      const launcher = page.getByRole("button", { name: "Hỏi đáp ẩn danh" });
      await launcher.waitFor();
      if (openChat) {
        await launcher.click();
        await page.getByText("Mình có thể giúp gì cho bạn?").waitFor();
      }
      const urgent = await page.locator("section.urgent").boundingBox();
      const cover = await page
        .locator(openChat ? "#hotline-chat .panel" : "#hotline-chat .launcher")
        .boundingBox();
      expect(urgent && cover).toBeTruthy();
      const overlaps =
        urgent!.x < cover!.x + cover!.width &&
        cover!.x < urgent!.x + urgent!.width &&
        urgent!.y < cover!.y + cover!.height &&
        cover!.y < urgent!.y + urgent!.height;
      expect(overlaps).toBe(false);
      await page.screenshot({ path: `/tmp/demo-${width}.png` });
      await context.close();
    },
  );

  it("when /favicon.ico is asked for, then an icon is served", async () => {
    const res = await fetch(`${server.url}/favicon.ico`);
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(50);
  });
});
