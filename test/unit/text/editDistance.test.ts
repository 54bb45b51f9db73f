import { describe, expect, it } from "vitest";
import { deletionVariants, withinOneEdit } from "../../../src/text/editDistance.js";

describe("withinOneEdit", () => {
  it.each([
    ["passport", "pasport"],
    ["passport", "passporrt"],
    ["passport", "passpory"],
    ["passport", "paspsort"],
    ["campuchia", "campuchia"],
  ])("when %s and %s differ by at most one typo, then true", (a, b) => {
    expect(withinOneEdit(a, b)).toBe(true);
  });

  it.each([
    ["passport", "pasprot"],
    ["passport", "pass"],
    ["campuchia", "capuchin"],
  ])("when %s and %s differ by more, then false", (a, b) => {
    expect(withinOneEdit(a, b)).toBe(false);
  });
});

describe("deletionVariants", () => {
  it("when given a word, then it lists the word and each one-letter deletion once", () => {
    expect(deletionVariants("abb").sort()).toEqual(["ab", "abb", "bb"]);
  });
});
