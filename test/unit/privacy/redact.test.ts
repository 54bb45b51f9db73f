import { describe, expect, it } from "vitest";
import { containsPersonalData, redact, redactDeep, redactTranscript } from "../../../src/privacy/redact.js";

describe("redact", () => {
  it.each([
    ["sđt của em là 0912345678 ạ", "sđt của em là [phone] ạ"],
    ["gọi em số 0912.345.678 nhé", "gọi em số [phone] nhé"],
    ["số em: 0912 345 678", "số em: [phone]"],
    ["zalo 0912-345-678", "zalo [phone]"],
    ["+84912345678 là số bên Đài", "[phone] là số bên Đài"],
    ["liên hệ +84 912 345 678.", "liên hệ [phone]."],
    ["(+84) 912 345 678", "[phone]"],
    ["máy bàn 028 3822 1234", "máy bàn [phone]"],
    ["Số điện thoại:0388123456,", "Số điện thoại:[phone],"],
  ])("when a Vietnamese phone number is in %j, then it is masked", (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    ["CCCD của tôi 001203004567", "CCCD của tôi [id-number]"],
    ["cmnd 012345678 cấp ở Nghệ An", "cmnd [id-number] cấp ở Nghệ An"],
    ["họ giữ hộ chiếu C1234567 của em", "họ giữ hộ chiếu [passport] của em"],
    ["hộ chiếu số b7654321.", "hộ chiếu số [passport]."],
    ["mail: nguyen.van.a+job@gmail.com nhé", "mail: [email] nhé"],
    ["email thư@ví-dụ.vn", "email [email]"],
    ["chuyển vào tk 19031234567890 Techcombank", "chuyển vào tk [account] Techcombank"],
    ["stk 12345678", "stk [account]"],
  ])(
    "when an identity, passport, e-mail or account number is in %j, then it is masked",
    (input, expected) => {
      expect(redact(input)).toBe(expected);
    },
  );

  it.each([
    "lương 20 triệu một tháng",
    "họ đòi 20.000.000 đồng tiền cọc",
    "phí 1,500,000 VND",
    "lương 20000000 đồng",
    "mỗi tháng 800 USD, chuyển 35000000đ",
    "năm 2024 em sang Campuchia, về năm 2025",
    "gọi 111 hoặc 113 ngay",
    "đường dây 1800 1567 đã ngừng",
    "ngày 01/02/2024 lúc 10:30",
    "mã hồ sơ cmf1x20240101abcdef",
    "đơn hàng số 1234567",
    "1.000.000.000 đồng",
  ])("when %j holds no personal number, then it is left as it is", (input) => {
    expect(redact(input)).toBe(input);
    expect(containsPersonalData(input)).toBe(false);
  });

  it("when a public hotline is kept, then it stays readable while a personal number is masked", () => {
    const text = "Gọi +84 981 84 84 84 hoặc nhắn em 0912345678";
    expect(redact(text)).toBe("Gọi [phone] hoặc nhắn em [phone]");
    expect(redact(text, { keep: ["+84981848484"] })).toBe("Gọi +84 981 84 84 84 hoặc nhắn em [phone]");
  });

  it("when a text has several kinds, then each gets its own mask", () => {
    expect(redact("a@b.co 0912345678 001203004567 C1234567 9704123456789")).toBe(
      "[email] [phone] [id-number] [passport] [account]",
    );
  });
});

describe("redactDeep", () => {
  it("when a log object nests strings and an error, then every string is masked and numbers are kept", () => {
    const err = new Error("could not reach 0912345678");
    const out = redactDeep({ port: 3000, a: { b: ["x@y.vn", 12345678] }, err }) as Record<string, any>;
    expect(out.port).toBe(3000);
    expect(out.a.b).toEqual(["[email]", 12345678]);
    expect(out.err.message).toBe("could not reach [phone]");
    expect(out.err.stack).not.toContain("0912345678");
  });

  it("when an object refers to itself, then the cycle is cut instead of followed", () => {
    const a: Record<string, unknown> = { s: "0912345678" };
    a.self = a;
    expect(redactDeep(a)).toEqual({ s: "[phone]", self: "[cut]" });
  });
});

describe("redactTranscript", () => {
  it("when a transcript is exported, then texts are masked and other fields copied", () => {
    const lines = [
      { id: "1", from: "user", text: "em ở 0912345678", at: "2025-01-01T00:00:00.000Z" },
      { id: "2", from: "bot", text: "Cảm ơn bạn", at: "2025-01-01T00:00:01.000Z" },
    ];
    const out = redactTranscript(lines);
    expect(out).toEqual([
      { id: "1", from: "user", text: "em ở [phone]", at: "2025-01-01T00:00:00.000Z" },
      { id: "2", from: "bot", text: "Cảm ơn bạn", at: "2025-01-01T00:00:01.000Z" },
    ]);
    expect(lines[0]!.text).toBe("em ở 0912345678");
  });
});
