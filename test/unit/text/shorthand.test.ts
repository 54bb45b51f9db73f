import { describe, expect, it } from "vitest";
import { loadShorthand } from "../../../src/text/loadShorthand.js";
import { buildShorthandTable, prepareTokens, shorthandFileSchema } from "../../../src/text/shorthand.js";

const table = loadShorthand("flows/shorthand.yaml");
const expand = (text: string) =>
  prepareTokens(text, table)
    .map((t) => t.text)
    .join(" ");

describe("expandShorthand with flows/shorthand.yaml", () => {
  it("when teencode negation is typed, then it becomes không", () => {
    expect(expand("ko bi giu hc")).toBe("không bi giu hộ chiếu");
    expect(expand("k dc ve")).toBe("không được ve");
    expect(expand("hok")).toBe("không");
  });

  it("when an abbreviation stands for several words, then all of them are produced", () => {
    expect(expand("xkld tq")).toBe("xuất khẩu lao động trung quốc");
  });

  it("when k or tr follows a number, then it is a unit, not không", () => {
    expect(expand("500k")).toBe("500 nghìn");
    expect(expand("luong 25tr")).toBe("luong 25 triệu");
    expect(expand("1000$")).toBe("1000 usd");
  });

  it("when a single-letter pronoun is mid-sentence, then it expands; at the clause end it stays", () => {
    expect(expand("e bi nhot")).toBe("em bi nhot");
    expect(expand("da vang a")).toBe("da vang a");
  });

  it("when cam is followed by on, then it stays (cảm ơn), otherwise it means Campuchia", () => {
    expect(expand("cam on nhieu")).toBe("cam on nhieu");
    expect(expand("di cam lam online")).toBe("di campuchia lam online");
  });

  it("when cam is part of a longer word, then it is left alone", () => {
    expect(expand("camera")).toBe("camera");
  });

  it("when đc is typed with NFD marks, then it is still recognised", () => {
    expect(expand("đc".normalize("NFD"))).toBe("được");
  });
});

describe("shorthand schema", () => {
  it("when an entry has neither to nor afterNumber, then it is rejected", () => {
    expect(shorthandFileSchema.safeParse({ entries: [{ from: ["x"] }] }).success).toBe(false);
  });

  it("when a table is built from a parsed file, then forms are found regardless of tone placement", () => {
    const t = buildShorthandTable({ entries: [{ from: ["hoà"], to: "hoà bình" }] });
    expect(prepareTokens("hòa", t).map((x) => x.text)).toEqual(["hoà", "bình"]);
  });
});
