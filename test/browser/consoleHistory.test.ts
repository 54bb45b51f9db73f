import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserHarness, screenshot, startBrowserHarness } from "../support/browser.js";

describe("history in the console, in Chromium", () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness({
      staff: [
        { email: "an@example.org", alias: "An" },
        { email: "binh@example.org", alias: "Bình" },
      ],
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it(
    "when a counselor closes a chat and filters history by date and risk, then it is listed with its outcome; another counselor does not see it",
    { timeout: 150_000 },
    async () => {
      const an = await h.newPage();
      await h.signIn(an, "an@example.org");
      await h.personAsking("họ giữ hộ chiếu của em");
      await an.locator("ul.queue li").first().getByRole("button", { name: "Nhận", exact: true }).click();
      await an.getByText("Đang trò chuyện").waitFor();
      const handle = (await an.locator(".chat h2.handle").textContent())!;
      const level = await h.server.prisma.conversation.findFirstOrThrow({ where: { status: "active" } });
      await an.getByRole("button", { name: "Kết thúc", exact: true }).click();
      await an.getByRole("dialog").getByLabel("Kết quả").selectOption("referred");
      await an.getByRole("dialog").getByRole("button", { name: "Kết thúc cuộc trò chuyện" }).click();
      await an.getByText("Cuộc trò chuyện đã kết thúc.").waitFor();

      const levelLabel = {
        none: "Không có",
        low: "Thấp",
        medium: "Trung bình",
        high: "Cao",
        urgent: "Khẩn cấp",
      }[level.riskLevel as "none"];
      const showHistory = async (page: typeof an, riskLabel: string, day: string) => {
        await page.getByRole("button", { name: "Lịch sử" }).click();
        await page.getByLabel("Từ ngày").fill(day);
        await page.getByLabel("Đến ngày").fill(day);
        await page.getByLabel("Mức rủi ro").selectOption({ label: riskLabel });
        await page.getByRole("button", { name: "Tìm", exact: true }).click();
      };
      // Another level: not listed; the right day and level: listed; another day: not listed.
      await showHistory(an, level.riskLevel === "urgent" ? "Thấp" : "Khẩn cấp", "2026-03-04");
      await an.getByText("Không có cuộc trò chuyện nào khớp.").waitFor();
      // The server's day (Asia/Ho_Chi_Minh) of the fixed test clock: 4 March 2026.
      await showHistory(an, levelLabel, "2026-03-04");
      const row = an.locator("ul.history li").filter({ hasText: handle });
      await row.waitFor();
      expect(await row.textContent()).toContain("Đã giới thiệu đến dịch vụ hỗ trợ");
      await screenshot(an, "history-filtered-1280");
      await showHistory(an, levelLabel, "2026-03-05");
      await an.getByText("Không có cuộc trò chuyện nào khớp.").waitFor();

      const binh = await h.newPage({ width: 360, height: 740 });
      await h.signIn(binh, "binh@example.org");
      await binh.getByRole("button", { name: "Menu" }).click();
      await showHistory(binh, levelLabel, "2026-03-04");
      await binh.getByText("Không có cuộc trò chuyện nào khớp.").waitFor();
      expect(await binh.locator("ul.history li").filter({ hasText: handle }).count()).toBe(0);
    },
  );
});
