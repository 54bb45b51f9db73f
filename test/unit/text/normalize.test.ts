import { describe, expect, it } from "vitest";
import { foldForMatch, hasMarks, lowerWithMarks, markKey } from "../../../src/text/normalize.js";

describe("foldForMatch", () => {
  it("when text has tone and vowel marks, then they are stripped", () => {
    expect(foldForMatch("Việc nhẹ lương cao")).toBe("viec nhe luong cao");
  });

  it("when text has đ or Đ, then it becomes d", () => {
    expect(foldForMatch("Đặt cọc đi Đài Loan")).toBe("dat coc di dai loan");
  });

  it("when the same words arrive as NFC or NFD, then the folded forms are equal", () => {
    const nfc = "hộ chiếu".normalize("NFC");
    const nfd = "hộ chiếu".normalize("NFD");
    expect(nfc).not.toBe(nfd);
    expect(foldForMatch(nfd)).toBe(foldForMatch(nfc));
  });

  it("when text has punctuation and repeated spaces, then they collapse to one space", () => {
    expect(foldForMatch("  cứu!!!   em...với?? ")).toBe("cuu em voi");
  });

  it("when text has digits, then they are kept", () => {
    expect(foldForMatch("Lương 1.000$/tháng")).toBe("luong 1 000 thang");
  });
});

describe("lowerWithMarks", () => {
  it("when text is NFD upper case, then the result is NFC lower case with marks kept", () => {
    expect(lowerWithMarks("HỘ CHIẾU".normalize("NFD"))).toBe("hộ chiếu".normalize("NFC"));
  });
});

describe("markKey", () => {
  it("when the tone mark sits on a different vowel (old and new style), then the keys are equal", () => {
    expect(markKey("hoà")).toBe(markKey("hòa"));
    expect(markKey("thuỷ")).toBe(markKey("thủy"));
  });

  it("when the tones differ, then the keys differ", () => {
    expect(markKey("bán")).not.toBe(markKey("bạn"));
  });
});

describe("hasMarks", () => {
  it("when a word has a mark or đ, then true; when it has none, then false", () => {
    expect(hasMarks("bán")).toBe(true);
    expect(hasMarks("đi")).toBe(true);
    expect(hasMarks("ban")).toBe(false);
  });
});
