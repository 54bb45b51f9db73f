import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { foldForMatch, hasMarks, markKey } from "../../../src/text/normalize.js";
import { makeToken, parseNumber, type Token, tokenize } from "../../../src/text/tokenize.js";

/** makeToken as it was before plain words had a short path: every word through the Unicode passes. */
function unicodeToken(raw: string, clause: number): Token {
  const text = raw
    .normalize("NFC")
    .toLowerCase()
    .replace(/’/g, "'")
    .replace(/(\p{L})\1{2,}/gu, "$1");
  const token: Token = {
    text,
    key: markKey(text),
    fold: foldForMatch(text) || text,
    marked: hasMarks(text),
    clause,
  };
  if (/^\p{N}/u.test(text)) token.number = parseNumber(text);
  return token;
}

describe("tokenize", () => {
  it("when letters and digits touch, then they become separate tokens", () => {
    expect(tokenize("25tr/tháng").map((t) => t.text)).toEqual(["25", "tr", "tháng"]);
  });

  it("when a comma or full stop separates words, then the clause number increases", () => {
    expect(tokenize("không, họ giữ. xong").map((t) => t.clause)).toEqual([0, 1, 1, 2]);
  });

  it("when an English contraction is typed, then it stays one token", () => {
    expect(tokenize("They didn't pay").map((t) => t.text)).toEqual(["they", "didn't", "pay"]);
  });

  it("when a word is typed without marks, then it is not marked; with marks, it is", () => {
    const [plain, marked] = tokenize("ban bán");
    expect(plain?.marked).toBe(false);
    expect(marked?.marked).toBe(true);
  });

  it("when a currency sign is typed, then it is its own token", () => {
    expect(tokenize("$1000").map((t) => t.text)).toEqual(["$", "1000"]);
  });
});

describe("makeToken", () => {
  it("when plain, marked, repeated, upper-case or numeric words are tokenised, then each token is what the full Unicode path gives", () => {
    const words = [
      "ban",
      "BÁN",
      "Helppp",
      "cứuuu",
      "xXx",
      "AAA",
      "didn't",
      "25",
      "0012",
      "1.200",
      "Đi",
      "ok",
      "Zzz",
    ];
    for (const word of words) expect(makeToken(word, 3), word).toStrictEqual(unicodeToken(word, 3));
  });

  it("when every word of the dev split is tokenised, then each token is what the full Unicode path gives", () => {
    const texts = readFileSync("test/fixtures/risk/corpus/dev.jsonl", "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => (JSON.parse(line) as { text: string }).text);
    let compared = 0;
    for (const text of texts) {
      for (const match of text.normalize("NFC").matchAll(/\p{N}+(?:[.,]\p{N}+)*|\p{L}[\p{L}\p{M}]*/gu)) {
        expect(makeToken(match[0], 0)).toStrictEqual(unicodeToken(match[0], 0));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(10_000);
  });
});

describe("parseNumber", () => {
  it("when groups of three follow a separator, then they are thousands", () => {
    expect(parseNumber("10,000")).toBe(10000);
    expect(parseNumber("1.200")).toBe(1200);
  });

  it("when a short group follows a comma, then it is a decimal", () => {
    expect(parseNumber("3,5")).toBe(3.5);
  });
});
