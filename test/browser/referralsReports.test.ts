import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../src/handoff/password.js";
import { launchBrowser } from "../support/browser.js";
import { startTestServer, type TestServer, webchatSession } from "../support/testServer.js";

const PASSWORD = "correct horse battery staple";
/** Screenshots for a person to look at (360 and 1280 px wide). */
const SHOTS = process.env.SCREENSHOT_DIR;

describe("referrals in the console and the reports page in Chromium", () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer({ clock: () => new Date("2026-03-04T03:00:00Z") });
    const passwordHash = await hashPassword(PASSWORD);
    for (const [email, alias, role] of [
      ["an@example.org", "An", "counselor"],
      ["binh@example.org", "Bình", "supervisor"],
    ] as const)
      await server.prisma.counselor.create({
        data: { email, name: alias, alias, role, available: true, passwordHash },
      });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signIn(email: string, width: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const foreign: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith("data:")) foreign.push(r.url());
    });
    page.on("close", () => expect(foreign).toEqual([]));
    await page.goto(`${server.url}/console`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Mật khẩu").fill(PASSWORD);
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByRole("heading", { name: "Chuyển tuyến cần theo dõi" }).waitFor();
    return page;
  }

  it(
    "when a counselor refers a person with consent, then the person gets the details, and the referral is followed up from the due list",
    { timeout: 120_000 },
    async () => {
      const person = await webchatSession(server.url);
      await person.say("tư vấn viên");
      const page = await signIn("an@example.org", 1280);
      await page.getByRole("button", { name: "Nhận", exact: true }).first().click();
      await page.getByText("Đang trò chuyện").waitFor();

      await page.getByRole("button", { name: "Chuyển tuyến", exact: true }).click();
      const form = page.locator(".referral-form");
      await form.getByRole("button", { name: "Chuyển tuyến" }).click();
      await form.getByText("Hãy chọn một dịch vụ.").waitFor();
      await form.getByLabel("Dịch vụ").selectOption("osso_ha_noi");
      await form.getByRole("button", { name: "Chuyển tuyến" }).click();
      await form.getByText("Hãy đánh dấu rằng người dùng đã đồng ý.").waitFor();
      expect(await server.prisma.referral.count()).toBe(0);
      await form.getByLabel("Ghi chú").fill("Hẹn gặp chị Hoa");
      expect(await form.getByLabel("Ngày theo dõi").inputValue()).toBe("2026-03-11");
      await form.getByLabel("Ngày theo dõi").fill("2026-03-04");
      await form.getByLabel("Người dùng đã đồng ý?").check();
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/console-refer-1280.png`, fullPage: true });
      await form.getByRole("button", { name: "Chuyển tuyến" }).click();
      await page.getByText("Đã chuyển tuyến và gửi thông tin cho người dùng.").waitFor();
      await page
        .locator(".transcript")
        .getByText(/Văn phòng hỗ trợ một cửa \(OSSO\) Hà Nội/)
        .waitFor();
      const history = await person.history();
      expect(history.body.messages.at(-1).text).toContain("Văn phòng hỗ trợ một cửa (OSSO) Hà Nội");

      const due = page.locator(".due-referrals");
      const item = due.locator(".referral-item");
      await item.getByText("Hẹn gặp chị Hoa").waitFor();
      await item.getByText("Đã giới thiệu").waitFor();
      await item.getByRole("button", { name: "Đã liên hệ được" }).click();
      await item.getByText("Đã liên hệ được").first().waitFor();
      await item.getByRole("button", { name: "Đã được hỗ trợ" }).click();
      await due.getByText("Không có chuyển tuyến nào cần theo dõi.").waitFor();
      await due.getByRole("button", { name: "Tất cả" }).click();
      await item.locator(".badge.status-supported").waitFor();
      expect(await due.getByRole("link", { name: "Số liệu chương trình" }).count()).toBe(0);
      await page.setViewportSize({ width: 360, height: 900 });
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/console-due-360.png`, fullPage: true });
      await page.close();
    },
  );

  it(
    "when a supervisor opens the reports page, then the figures show as charts and tables, with the 70 % line, in Vietnamese and English",
    { timeout: 120_000 },
    async () => {
      for (const width of [1280, 360]) {
        const page = await signIn("binh@example.org", width);
        await page.getByRole("link", { name: "Số liệu chương trình" }).click();
        await page.getByRole("heading", { name: "Số liệu chương trình", level: 1 }).waitFor();
        await page.getByRole("heading", { name: /Chuyển tuyến: giới thiệu/ }).waitFor();
        // Reached, risk, handoffs, funnel; outcomes only once a chat is closed.
        expect(await page.locator("canvas").count()).toBe(4);
        const funnel = page.locator("table", { hasText: "Đã được hỗ trợ" }).first();
        expect(await funnel.locator("tbody tr").last().textContent()).toContain("100 %");
        await page.getByText("Mục tiêu chương trình 70 %").first().waitFor();
        expect(await page.locator(".card .value").first().textContent()).toBe("1");
        expect(await page.getByRole("link", { name: "Tải CSV", exact: true }).getAttribute("href")).toMatch(
          /^\/console\/api\/reports\.csv\?from=\d{4}-\d{2}-\d{2}&to=2026-03-04$/,
        );
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/reports-${width}.png`, fullPage: true });
        await page.close();
      }
      const context = await browser.newContext();
      await context.addInitScript(() => localStorage.setItem("hotline.console.lang", "en"));
      const page = await context.newPage();
      await page.goto(`${server.url}/console`);
      await page.getByLabel("Email").fill("binh@example.org");
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("link", { name: "Programme figures" }).click();
      await page.getByRole("heading", { name: "Referrals: referred → contacted → supported" }).waitFor();
      await page.getByText("Programme target 70 %").first().waitFor();
      await context.close();
    },
  );

  it("when a counselor opens the reports page, then it says the page is for supervisors and shows no figures", async () => {
    const page = await signIn("an@example.org", 1280);
    await page.goto(`${server.url}/console/reports`);
    await page.getByText("Trang này dành cho giám sát viên và quản trị viên.").waitFor();
    expect(await page.locator("canvas").count()).toBe(0);
    await page.close();
  });
});
