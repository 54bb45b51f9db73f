import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  horizontalOverflow as overflow,
  screenshot as shot,
  startBrowserHarness,
} from "../support/browser.js";

describe("the console on a phone and on a laptop", () => {
  let h: BrowserHarness;

  beforeAll(async () => {
    h = await startBrowserHarness({
      staff: [
        { email: "phone@example.org", alias: "An" },
        { email: "laptop@example.org", alias: "Bình" },
      ],
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  const newPage = (width: number, height: number) => h.newPage({ width, height });
  const signIn = (page: Page, email: string) => h.signIn(page, email);
  const personAsking = (marker: string) => h.personAsking(marker);
  const laptopCounselor = () =>
    h.server.prisma.counselor.findUniqueOrThrow({ where: { email: "laptop@example.org" } });

  it(
    "when a counselor works at 360 px, then nothing scrolls sideways, the header folds into a menu, and lists and chat are two views",
    { timeout: 120_000 },
    async () => {
      const page = await newPage(360, 740);
      await page.goto(`${h.server.url}/console`);
      await page.getByLabel("Email").waitFor();
      expect(await overflow(page)).toBe(0);
      await shot(page, "360-login");
      await signIn(page, "phone@example.org");
      await page.getByText("Không có ai đang chờ.").waitFor();
      // Signed in during office hours: available, and the control names the action.
      await page.getByText("Đang sẵn sàng").first().waitFor();
      expect(await page.getByRole("button", { name: "Tạm vắng" }).isVisible()).toBe(false); // folded
      await page.getByRole("button", { name: "Menu" }).click();
      await page.getByRole("button", { name: "Tạm vắng" }).waitFor();
      await page.getByText("An · Tư vấn viên").waitFor();
      expect(await overflow(page)).toBe(0);
      await shot(page, "360-menu");
      await page.getByRole("button", { name: "Menu" }).click();

      await personAsking("mình ở Malaysia, họ giữ hộ chiếu của mình và không cho về nước");
      await page.locator("ul.queue li").first().waitFor();
      expect(await overflow(page)).toBe(0);
      await shot(page, "360-queue");
      await page.locator("ul.queue li").first().getByRole("button", { name: "Nhận", exact: true }).click();
      await page.getByText("Đang trò chuyện").waitFor();
      expect(await page.locator("ul.queue").isVisible()).toBe(false); // the chat view replaced the lists
      expect(await overflow(page)).toBe(0);
      await shot(page, "360-chat");
      await page.getByRole("button", { name: "Kết thúc", exact: true }).click();
      await page.getByRole("dialog").waitFor();
      expect(await overflow(page)).toBe(0);
      await shot(page, "360-close-dialog");
      await page.getByRole("dialog").getByRole("button", { name: "Hủy" }).click();
      await page.getByRole("button", { name: "← Danh sách" }).click();
      await page.locator("ul.mine li").first().waitFor();
      expect(await page.locator(".chat").isVisible()).toBe(false);
      expect(await overflow(page)).toBe(0);
      await shot(page, "360-mine");

      // Closed, the chat is in the history, with times on every message.
      const handle = (await page.locator("ul.mine button.handle").first().textContent())!;
      await page.locator("ul.mine button.handle").first().click();
      expect(await page.locator(".transcript .msg time").count()).toBeGreaterThan(0);
      await page.getByRole("button", { name: "Kết thúc", exact: true }).click();
      await page.getByRole("dialog").getByLabel("Kết quả").selectOption("referred");
      await page.getByRole("dialog").getByRole("button", { name: "Kết thúc cuộc trò chuyện" }).click();
      await page.getByText("Cuộc trò chuyện đã kết thúc.").waitFor();
      await page.getByRole("button", { name: "Menu" }).click();
      await page.getByRole("button", { name: "Lịch sử" }).click();
      await page.locator("ul.history li").filter({ hasText: handle }).waitFor();
      await page.locator("ul.history li").filter({ hasText: "Đã giới thiệu đến dịch vụ hỗ trợ" }).waitFor();
      expect(await overflow(page)).toBe(0);
      await shot(page, "360-history");
    },
  );

  it(
    "when a counselor holds a chat on a 1280×800 screen, then transfer and close are visible without scrolling",
    { timeout: 120_000 },
    async () => {
      const page = await newPage(1280, 800);
      await signIn(page, "laptop@example.org");
      await page.locator("ul.mine").waitFor();
      await personAsking("chị ơi, em cần giúp");
      await page.locator("ul.queue li").first().getByRole("button", { name: "Nhận", exact: true }).click();
      await page.getByText("Đang trò chuyện").waitFor();
      for (const name of ["Chuyển", "Kết thúc"]) {
        const box = (await page.getByRole("button", { name, exact: true }).boundingBox())!;
        expect(box.y + box.height).toBeLessThanOrEqual(800);
      }
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      expect(await overflow(page)).toBe(0);
      await shot(page, "1280-chat");
      await page.getByRole("button", { name: "Chuyển", exact: true }).click();
      const dialog = page.getByRole("dialog");
      const confirm = dialog.getByRole("button", { name: "Chuyển", exact: true });
      expect(await confirm.isDisabled()).toBe(true);
      await dialog.getByLabel("Chuyển cho").selectOption("queue");
      expect(await confirm.isDisabled()).toBe(true); // a note is needed too
      await dialog.getByLabel(/Ghi chú cho người nhận/).fill("Đã hỏi về an toàn, chưa trả lời.");
      await shot(page, "1280-transfer-dialog");
      await dialog.getByRole("button", { name: "Hủy" }).click();
    },
  );

  it(
    "when the console loses its socket, then a banner shows, sending is disabled with the draft kept, and on reconnect the missed message appears",
    { timeout: 120_000 },
    async () => {
      const page = await newPage(1280, 800);
      let blocked = false;
      let refused = 0;
      const live: Array<{ close(): Promise<void> }> = [];
      await page.routeWebSocket(/\/socket\.io\//, (ws) => {
        if (blocked) {
          // An unreachable server: the handshake is refused at once.
          const server = ws.connectToServer();
          void server.close();
          refused++;
          return;
        }
        ws.connectToServer();
        live.push(ws);
      });
      await page.route(/\/socket\.io\/.*transport=polling/, (route) => {
        return blocked ? route.abort() : route.continue();
      });
      await signIn(page, "laptop@example.org");
      await page.locator("ul.mine li").first().getByRole("button").first().click();
      await page.getByText("Đang trò chuyện").waitFor();
      const widgetText = "chị ơi, em cần giúp";
      await page.locator(".transcript").getByText(widgetText).waitFor();

      blocked = true;
      for (const ws of live.splice(0)) await ws.close();
      await page.getByRole("alert").filter({ hasText: "Mất kết nối" }).waitFor();
      const reply = page.getByRole("textbox", { name: "Trả lời", exact: true });
      await reply.fill("Bạn đang ở đâu?");
      expect(await page.getByRole("button", { name: "Gửi", exact: true }).isDisabled()).toBe(true);
      await shot(page, "1280-offline");

      // The person writes while the console is away.
      const held = await h.server.prisma.conversation.findFirstOrThrow({
        where: { status: "active", assignedTo: (await laptopCounselor()).id },
      });
      await h.server.service.sendToUser(held.id, { text: "tin nhắn lúc mất mạng" }, "system");
      await expect.poll(() => refused, { timeout: 15_000 }).toBeGreaterThan(0); // it tried, and failed
      blocked = false;
      await page
        .getByRole("alert")
        .filter({ hasText: "Mất kết nối" })
        .waitFor({ state: "hidden", timeout: 20_000 });
      await page.locator(".transcript").getByText("tin nhắn lúc mất mạng").waitFor();
      expect(await reply.inputValue()).toBe("Bạn đang ở đâu?");
      expect(await page.getByRole("button", { name: "Gửi", exact: true }).isDisabled()).toBe(false);
    },
  );
});
