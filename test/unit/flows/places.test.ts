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

  it("when a country is named as a plan or an offer, then that mention says nothing about where the person is", () => {
    for (const text of [
      "có người rủ tôi sang Campuchia làm online",
      "co nguoi ru em sang campuchia",
      "em định đi Đài Loan, có nên không",
      "công ty tuyển người đi Hàn Quốc lương cao",
      "họ hứa việc nhẹ ở Myanmar",
      "someone offered me a job in Cambodia",
    ]) {
      expect(whereaboutsIn(text, places), text).toBeUndefined();
    }
  });

  it("when the plan and the stay are in different clauses, then the stay still counts as abroad", () => {
    for (const text of [
      "bạn rủ em đi làm, giờ em ở Campuchia không về được",
      "em mới qua bên Lào được 2 tuần, họ giữ hộ chiếu",
      "em ở Campuchia, muốn về nhà",
      "họ hứa lương cao nhưng giờ em kẹt ở Myawaddy",
    ]) {
      expect(whereaboutsIn(text, places), text).toBe("abroad");
    }
  });
});
