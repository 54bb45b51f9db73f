import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitText } from "../../../src/channels/splitText.js";
import { toBotTexts } from "../../../src/channels/zalo/bot/render.js";
import { OA_LIMITS, toOaMessages } from "../../../src/channels/zalo/oa/render.js";
import { numberedChoices } from "../../../src/channels/zalo/shared/numberedChoices.js";

const hint = "Gõ số thứ tự.";
const buttons = [
  { label: "Có", value: "yes" },
  { label: "Không", value: "no" },
];

describe("splitText", () => {
  it("when the text fits, then it is one part, unchanged", () => {
    expect(splitText("Xin chào", 2000)).toEqual(["Xin chào"]);
    expect(splitText("", 10)).toEqual([""]);
  });

  it("when the text is too long, then it is cut at paragraph breaks first", () => {
    expect(splitText("aaaa\n\nbbbb\ncc", 8)).toEqual(["aaaa", "bbbb\ncc"]);
  });

  it("for any text, every part fits and no non-space character is lost or reordered", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3000 }), fc.integer({ min: 5, max: 400 }), (text, max) => {
        const parts = splitText(text, max);
        expect(parts.every((p) => p.length <= max)).toBe(true);
        expect(parts.join("").replace(/\s/g, "")).toBe(text.replace(/\s/g, ""));
      }),
    );
  });

  it("when an emoji sits at the cut, then it is not broken in two", () => {
    const parts = splitText(`${"a".repeat(9)}😀b`, 10);
    expect(parts.join("")).toBe(`${"a".repeat(9)}😀b`);
    expect(parts.every((p) => !/[\uD800-\uDBFF]$/.test(p))).toBe(true);
  });
});

describe("numberedChoices", () => {
  it("when there are options, then they follow the question as numbered lines, then the hint", () => {
    expect(numberedChoices("Bạn có đồng ý?", buttons, hint)).toBe(
      "Bạn có đồng ý?\n\n1. Có\n2. Không\n\nGõ số thứ tự.",
    );
  });

  it("when there are no options, then the text is unchanged", () => {
    expect(numberedChoices("Chào bạn", [], hint)).toBe("Chào bạn");
  });
});

describe("OA rendering", () => {
  it("when the options fit, then they become oa.query.show buttons with #value payloads", () => {
    expect(toOaMessages({ text: "Bạn có đồng ý?", buttons }, hint)).toEqual([
      {
        text: "Bạn có đồng ý?",
        attachment: {
          type: "template",
          payload: {
            buttons: [
              { title: "Có", type: "oa.query.show", payload: "#yes" },
              { title: "Không", type: "oa.query.show", payload: "#no" },
            ],
          },
        },
      },
    ]);
  });

  it("when a button carries a number to dial, then it becomes an oa.open.phone button with digits only", () => {
    const queue = [
      { label: "Rời hàng chờ", value: "g_cancel" },
      { label: "Gọi bảo hộ công dân", value: "g_call", phone: "+84 981 84 84 84" },
    ];
    expect(toOaMessages({ text: "Bạn đang ở vị trí số 1.", buttons: queue }, hint)[0]!.attachment).toEqual({
      type: "template",
      payload: {
        buttons: [
          { title: "Rời hàng chờ", type: "oa.query.show", payload: "#g_cancel" },
          { title: "Gọi bảo hộ công dân", type: "oa.open.phone", payload: { phone_code: "84981848484" } },
        ],
      },
    });
  });

  it("when there are more options than Zalo shows, then they become numbered text", () => {
    const many = Array.from({ length: OA_LIMITS.buttons + 1 }, (_, i) => ({
      label: `Lựa chọn ${i + 1}`,
      value: `c${i}`,
    }));
    const [only, ...rest] = toOaMessages({ text: "Chọn:", buttons: many }, hint);
    expect(rest).toEqual([]);
    expect(only!.attachment).toBeUndefined();
    expect(only!.text).toContain(`${OA_LIMITS.buttons + 1}. Lựa chọn ${OA_LIMITS.buttons + 1}`);
    expect(only!.text.endsWith(hint)).toBe(true);
  });

  it("when a label is too long for a button, then the options become numbered text", () => {
    const long = [{ label: "x".repeat(OA_LIMITS.title + 1), value: "long" }];
    expect(toOaMessages({ text: "Chọn:", buttons: long }, hint)[0]!.attachment).toBeUndefined();
  });

  it("when the text is long, then it is split and the buttons ride on the last part only", () => {
    const text = Array.from({ length: 80 }, (_, i) => `Dòng ${i}: ${"nội dung ".repeat(4)}`).join("\n");
    const parts = toOaMessages({ text, buttons }, hint);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.text.length <= OA_LIMITS.text)).toBe(true);
    expect(parts.slice(0, -1).every((p) => p.attachment === undefined)).toBe(true);
    expect(parts.at(-1)!.attachment?.payload.buttons).toHaveLength(2);
  });
});

describe("Bot Platform rendering", () => {
  it("when a message has options, then they are numbered lines in the same text", () => {
    expect(toBotTexts({ text: "Bạn có đồng ý?", buttons }, hint)).toEqual([
      "Bạn có đồng ý?\n\n1. Có\n2. Không\n\nGõ số thứ tự.",
    ]);
  });

  it("when a message is longer than 2,000 characters, then every part has at most 2,000", () => {
    const parts = toBotTexts({ text: "chữ ".repeat(1200) }, hint);
    expect(parts.length).toBe(3);
    expect(parts.every((p) => p.length <= 2000)).toBe(true);
  });
});
