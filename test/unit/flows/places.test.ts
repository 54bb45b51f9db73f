import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { placesSchema, whereaboutsIn } from "../../../src/engine/places.js";

const places = placesSchema.parse(parse(readFileSync("flows/places.yaml", "utf8")));

describe("where the person is (flows/places.yaml)", () => {
  it("when a message names a scam-compound town, then the person is abroad", () => {
    for (const text of [
      "em ở Bavet, họ lấy điện thoại rồi",
      "đang ở Poipet",
      "bên Sihanoukville",
      "o xi ha nuc",
    ]) {
      expect(whereaboutsIn(text, places)).toBe("abroad");
    }
  });

  it("when a message says the person is back home, then Vietnam wins over the country named", () => {
    expect(whereaboutsIn("em đã về Việt Nam từ Campuchia", places)).toBe("vietnam");
  });

  it("when a message names no place, then nothing is known", () => {
    expect(whereaboutsIn("lào cai mưa quá", places)).toBeUndefined();
    expect(whereaboutsIn("em cần hỏi về lao động", places)).toBeUndefined();
  });
});
