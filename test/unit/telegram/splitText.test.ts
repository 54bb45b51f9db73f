import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitText } from "../../../src/channels/splitText.js";

const squash = (s: string) => s.replace(/\s+/g, "");

describe("splitText", () => {
  it("when the text fits, then it is one part, unchanged", () => {
    expect(splitText("Xin chào", 4096)).toEqual(["Xin chào"]);
    expect(splitText("", 4096)).toEqual([""]);
  });

  it("when paragraphs are too long together, then the cut is at a paragraph break", () => {
    const a = "a".repeat(60);
    const b = "b".repeat(30);
    expect(splitText(`${a}\n\n${b}`, 80)).toEqual([a, b]);
  });

  it("when there is no paragraph break, then the cut is at a line break, else at a space", () => {
    expect(splitText(`${"a".repeat(60)}\n${"b".repeat(30)}`, 80)).toEqual(["a".repeat(60), "b".repeat(30)]);
    expect(splitText(`${"a ".repeat(30)}${"b".repeat(30)}`, 40)[0]?.endsWith("a")).toBe(true);
  });

  it("when a paragraph break lies early, then a later line break is preferred over tiny parts", () => {
    const text = `intro\n\n${"x".repeat(50)}\n${"y".repeat(40)}`;
    expect(splitText(text, 80)).toEqual([`intro\n\n${"x".repeat(50)}`, "y".repeat(40)]);
  });

  it("when one word is longer than the limit, then it is cut hard at the limit", () => {
    expect(splitText("z".repeat(25), 10)).toEqual(["z".repeat(10), "z".repeat(10), "z".repeat(5)]);
  });

  it("when the cut would fall inside an emoji, then the emoji stays whole", () => {
    const parts = splitText(`${"a".repeat(9)}😀${"b".repeat(5)}`, 10);
    expect(parts).toEqual(["a".repeat(9), `😀${"b".repeat(5)}`]);
  });

  it("when any text is split, then every part fits and no visible character is lost or reordered", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", "b", " ", "\n", "đ", "😀"), maxLength: 400 }),
        fc.integer({ min: 4, max: 60 }),
        (text, limit) => {
          const parts = splitText(text, limit);
          for (const part of parts) expect(part.length).toBeLessThanOrEqual(limit);
          expect(squash(parts.join(""))).toBe(squash(text));
        },
      ),
    );
  });
});
