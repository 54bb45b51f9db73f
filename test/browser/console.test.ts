import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserHarness, startBrowserHarness } from "../support/browser.js";

const XSS = "<img src=x onerror=alert(1)>";

describe("counselor console and widget in Chromium", () => {
  let h: BrowserHarness;

  beforeAll(async () => {
    // Wednesday 10:00 in Vietnam: inside office hours.
    h = await startBrowserHarness({ staff: [{ email: "an@example.org", alias: "An", available: true }] });
  });
  afterAll(async () => {
    await h?.close();
  });

  it(
    "when a user asks for a counselor, then the counselor is alerted, claims, replies live, closes, and the user is back at the menu",
    { timeout: 90_000 },
    async () => {
      const consolePage = await h.newPage();

      const dialogs: string[] = [];
      consolePage.on("dialog", (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await h.signIn(consolePage, "an@example.org");
      await consolePage.getByText("Không có ai đang chờ.").waitFor();

      const widget = await h.newPage();
      await widget.goto(`${h.server.url}/`);
      await widget.getByRole("button", { name: "Hỏi đáp ẩn danh" }).click();
      await widget.getByText("Mình có thể giúp gì cho bạn?").waitFor();
      await widget.getByRole("textbox").fill("tư vấn viên");
      await widget.keyboard.press("Enter");
      await widget.getByText(/vị trí số 1/).waitFor();
      await widget.getByRole("textbox").fill(XSS);
      await widget.keyboard.press("Enter");
      await widget.getByText(/Mình đã lưu tin nhắn của bạn/).waitFor();

      await consolePage.getByRole("status").filter({ hasText: "Có người mới vào hàng chờ" }).waitFor();
      await expect.poll(() => consolePage.title()).toBe("(1) Trang tư vấn viên");
      await consolePage.getByRole("button", { name: "Nhận", exact: true }).first().click();
      await consolePage.getByText("Đang trò chuyện").waitFor();
      // The user's HTML shows as text, and nothing ran.
      await consolePage.getByText(XSS, { exact: false }).waitFor();
      expect(await consolePage.locator(".transcript img").count()).toBe(0);
      expect(dialogs).toEqual([]);
      await widget.getByText("Tư vấn viên An đã tham gia cuộc trò chuyện.").waitFor();

      await consolePage
        .getByRole("textbox", { name: "Trả lời", exact: true })
        .fill("Chào bạn, mình là An. Bạn có an toàn không?");
      await consolePage.getByRole("button", { name: "Gửi", exact: true }).click();
      await widget.getByText("Chào bạn, mình là An. Bạn có an toàn không?").waitFor();

      await widget.getByRole("textbox").fill("Mình an toàn, cảm ơn");
      await widget.keyboard.press("Enter");
      await consolePage.locator(".transcript").getByText("Mình an toàn, cảm ơn").waitFor();

      // Closing asks for the outcome, with no default, and cannot be confirmed without one.
      await consolePage.getByRole("button", { name: "Kết thúc", exact: true }).click();
      const dialog = consolePage.getByRole("dialog");
      const confirm = dialog.getByRole("button", { name: "Kết thúc cuộc trò chuyện" });
      expect(await dialog.getByLabel("Kết quả").inputValue()).toBe("");
      expect(await confirm.isDisabled()).toBe(true);
      await dialog.getByRole("button", { name: "Hủy" }).click();
      await dialog.waitFor({ state: "detached" });
      await consolePage.getByText("Đang trò chuyện").waitFor(); // still open
      await consolePage.getByRole("button", { name: "Kết thúc", exact: true }).click();
      await dialog.getByLabel("Kết quả").selectOption("information_given");
      await confirm.click();
      await consolePage.getByText("Cuộc trò chuyện đã kết thúc.").waitFor();
      await widget.getByText(/Tư vấn viên đã kết thúc cuộc trò chuyện/).waitFor();
      await widget.getByRole("button", { name: "Các số đường dây nóng" }).last().click();
      await widget.getByText("Tổng đài quốc gia bảo vệ trẻ em").last().waitFor();
    },
  );
});
