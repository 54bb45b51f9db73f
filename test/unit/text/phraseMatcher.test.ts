import { describe, expect, it } from "vitest";
import { loadShorthand } from "../../../src/text/loadShorthand.js";
import { compilePhrases } from "../../../src/text/phraseMatcher.js";
import { parsePhrase } from "../../../src/text/phrasePattern.js";
import { prepareTokens } from "../../../src/text/shorthand.js";

const shorthand = loadShorthand("flows/shorthand.yaml");
const matches = (phrase: string, text: string) =>
  compilePhrases([{ phrase, tag: 1 }], shorthand).match(prepareTokens(text, shorthand)).length > 0;

describe("phrase matching on word boundaries", () => {
  it("when the phrase is a whole word, then it does not fire inside a longer word", () => {
    expect(matches("campuchia", "camera quan sát")).toBe(false);
    expect(matches("campuchia", "đi cam làm online")).toBe(true);
  });

  it("when a phrase has several words, then they must be adjacent and in order", () => {
    expect(matches("giữ hộ chiếu", "họ giữ hộ chiếu")).toBe(true);
    expect(matches("giữ hộ chiếu", "hộ chiếu giữ")).toBe(false);
  });

  it("when a phrase has *, then up to three words may stand between", () => {
    expect(matches("giữ * hộ chiếu", "giữ luôn cả hộ chiếu")).toBe(true);
    expect(matches("giữ * hộ chiếu", "giữ một hai ba bốn hộ chiếu")).toBe(false);
  });
});

describe("marks in phrase and message", () => {
  it("when the message has no marks, then it matches the marked phrase", () => {
    expect(matches("bị bán", "bi ban sang tq")).toBe(true);
  });

  it("when the message has different marks, then it does not match", () => {
    expect(matches("bị bán", "bị bạn lừa")).toBe(false);
  });

  it("when the message is NFD, then it matches like NFC", () => {
    expect(matches("giữ hộ chiếu", "giữ hộ chiếu".normalize("NFD"))).toBe(true);
  });
});

describe("typo tolerance", () => {
  it("when a long word (6+ letters) has one typo, then it still matches", () => {
    expect(matches("passport", "they took my pasport")).toBe(true);
    expect(matches("campuchia", "sang campuchea lam")).toBe(true);
  });

  it("when a short word has one typo, then it does not match", () => {
    expect(matches("nhốt", "bi nhot")).toBe(true);
    expect(matches("nhốt", "bi nhat")).toBe(false);
  });

  it("when a long word has two typos, then it does not match", () => {
    expect(matches("passport", "pasprot")).toBe(false);
  });

  it("when both words carry marks, then the typo is counted on the marks too", () => {
    // "thuyền" (boat) and "truyện" (story) fold one letter apart, but they are two words.
    expect(matches("truyện", "anh thuyền trưởng")).toBe(false);
    expect(matches("truyện", "đọc truyen tranh")).toBe(true);
    expect(matches("campuchia", "sang cămpuchia")).toBe(true);
  });

  it("when typos are turned off, then only the word itself matches", () => {
    const exact = compilePhrases([{ phrase: "truyện", tag: 1 }], shorthand, { typos: false });
    expect(exact.match(prepareTokens("thuyen truong", shorthand))).toHaveLength(0);
    expect(exact.match(prepareTokens("truyen tranh", shorthand))).toHaveLength(1);
  });
});

describe("number patterns", () => {
  it("when a phrase has #12+, then only numbers of at least 12 match", () => {
    expect(matches("#12+ tiếng", "làm 16 tiếng")).toBe(true);
    expect(matches("#12+ tiếng", "làm 8 tiếng")).toBe(false);
  });

  it("when a phrase has #10-17, then only numbers in that range match", () => {
    expect(matches("#10-17 tuổi", "em 16 tuổi")).toBe(true);
    expect(matches("#10-17 tuổi", "em 19 tuổi")).toBe(false);
  });
});

describe("parsePhrase", () => {
  it("when a phrase starts with *, then it is rejected with the phrase in the message", () => {
    expect(() => parsePhrase("* hộ chiếu", shorthand)).toThrow(/\* hộ chiếu/);
  });

  it("when a number pattern is malformed, then it is rejected", () => {
    expect(() => parsePhrase("#abc tuổi", shorthand)).toThrow(/#abc/);
  });
});
