import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadShorthand } from "../../../src/text/loadShorthand.js";
import { compilePhrases } from "../../../src/text/phraseMatcher.js";
import { compileScope, scopeRulesSchema } from "../../../src/text/scope.js";
import { prepareTokens } from "../../../src/text/shorthand.js";

const shorthand = loadShorthand("flows/shorthand.yaml");
const rules = scopeRulesSchema.parse(parse(readFileSync("flows/risk/scope.yaml", "utf8")));
const scope = compileScope(rules, shorthand);
const phrases = compilePhrases(
  ["giữ hộ chiếu", "holding * passport", "bị bán", "không trả lương", "bị nhốt"].map((phrase) => ({
    phrase,
    tag: phrase,
  })),
  shorthand,
);

function scopeOf(text: string) {
  const tokens = prepareTokens(text, shorthand);
  const [match] = phrases.match(tokens);
  if (!match) throw new Error(`no phrase in "${text}"`);
  return scope.read(tokens).scopeOf(match);
}

describe("pets, games and hypotheticals are not disclosures", () => {
  it.each([
    "Con mèo nhà em bị nhốt trong tủ quần áo cả buổi sáng",
    "game này phải giải cứu công chúa bị nhốt trên tháp",
    "nếu ai đó bị nhốt ở Myanmar thì đại sứ quán có giúp không",
    "giả sử bị giữ hộ chiếu thì làm sao",
  ])("when %s, then the match is generic", (text) => {
    expect(scopeOf(text).generic).toBe(true);
  });

  it.each([
    "em bị nhốt trong phòng với con mèo",
    "gã chủ nhốt em lại, em bị nhốt 3 ngày",
    "nếu em không làm đủ thì bị nhốt",
  ])("when %s, then the match is not generic", (text) => {
    expect(scopeOf(text).generic).toBe(false);
  });
});

describe("cue words need the word itself", () => {
  it("when a word is one typo from a generic cue (thuyền ~ truyện), then the clause is not generic", () => {
    expect(scopeOf("thuyen truong giu ho chieu cua em").generic).toBe(false);
    expect(scopeOf("anh thuyền trưởng giữ hộ chiếu của em").generic).toBe(false);
    expect(scopeOf("trong truyện tranh nhân vật bị nhốt").generic).toBe(true);
  });
});

describe("negation", () => {
  it.each([
    "không bị giữ hộ chiếu",
    "ko bi giu ho chieu",
    "k bị giữ hc",
    "công ty chưa từng giữ hộ chiếu",
    "They are not holding my passport",
    "em có bị nhốt đâu",
  ])("when the statement is negated (%s), then the match is negated", (text) => {
    expect(scopeOf(text).negated).toBe(true);
  });

  it.each([
    "họ giữ hộ chiếu của em",
    "em không biết làm sao, họ giữ hộ chiếu",
    "không đủ chỉ tiêu thì bị nhốt",
    "công ty không trả lương",
    "they are holding my passport",
  ])("when the negator belongs elsewhere or to the phrase itself (%s), then it is not negated", (text) => {
    expect(scopeOf(text).negated).toBe(false);
  });
});

describe("generic and question framing", () => {
  it("when the clause is about many people or the news, then the match is generic", () => {
    expect(scopeOf("đọc báo thấy nhiều người bị bán sang Campuchia").generic).toBe(true);
  });

  it("when the writer places themselves there, then it is not generic", () => {
    expect(scopeOf("ở đây nhiều người bị nhốt").generic).toBe(false);
  });

  it("when the phrase sits inside có ... không?, then it is a question", () => {
    expect(scopeOf("đi Nhật có bị giữ hộ chiếu không?").question).toBe(true);
    expect(scopeOf("họ giữ hộ chiếu không trả").question).toBe(false);
  });
});
