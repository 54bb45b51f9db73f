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
