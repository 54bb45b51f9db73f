import { describe, expect, it } from "vitest";
import { linkify } from "../../../src/web/widget/linkify.js";

describe("linkify (widget text to tap-to-call numbers and links)", () => {
  it("when a text names the hotlines, then 111, 113 and +84 981 84 84 84 become tel: links with digits only", () => {
    const parts = linkify("Gọi 113 (công an). Ở nước ngoài: +84 981 84 84 84, 111 miễn phí.");
    expect(parts.filter((p) => p.kind === "tel")).toEqual([
      { kind: "tel", text: "113", href: "tel:113" },
      { kind: "tel", text: "+84 981 84 84 84", href: "tel:+84981848484" },
      { kind: "tel", text: "111", href: "tel:111" },
    ]);
    expect(parts.map((p) => p.text).join("")).toBe(
      "Gọi 113 (công an). Ở nước ngoài: +84 981 84 84 84, 111 miễn phí.",
    );
  });

  it("when a text names a web address, then it becomes an https link without the sentence's full stop", () => {
    const parts = linkify("Tra trong danh sách trên dolab.gov.vn.");
    expect(parts).toEqual([
      { kind: "text", text: "Tra trong danh sách trên " },
      { kind: "url", text: "dolab.gov.vn", href: "https://dolab.gov.vn" },
      { kind: "text", text: "." },
    ]);
  });

  it("when numbers are parts of laws, dates or counts, then they stay text", () => {
    const text = "1/11. Luật 69/2020/QH14, 24/7, 1.110 người, câu 11/11";
    expect(linkify(text)).toEqual([{ kind: "text", text }]);
  });
});
