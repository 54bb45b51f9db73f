import { describe, expect, it } from "vitest";
import { parseNumber, tokenize } from "../../../src/text/tokenize.js";

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

describe("parseNumber", () => {
  it("when groups of three follow a separator, then they are thousands", () => {
    expect(parseNumber("10,000")).toBe(10000);
    expect(parseNumber("1.200")).toBe(1200);
  });

  it("when a short group follows a comma, then it is a decimal", () => {
    expect(parseNumber("3,5")).toBe(3.5);
  });
});
