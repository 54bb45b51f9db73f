import { describe, expect, it } from "vitest";
import { assessRisk } from "../../../src/risk/assessRisk.js";
import { loadRiskModel } from "../../../src/risk/loadRiskModel.js";

// The lexicon alone: these tests pin down what its phrases and scope rules do.
const model = loadRiskModel("flows/risk", { classifierFile: false });
const ids = (text: string) => assessRisk(text, model).indicators.map((i) => i.id);

describe("negated statements", () => {
  it.each([
    "không bị giữ hộ chiếu",
    "ko bi giu ho chieu",
    "not holding my passport",
    "Công ty em không giữ hộ chiếu, lương trả đủ",
  ])("when document retention is denied (%s), then it is not found", (text) => {
    expect(ids(text)).not.toContain("retention_of_identity_documents");
  });

  it.each(["em không bị nhốt", "không ai đánh em cả", "I was never beaten", "e ko bi ban dau"])(
    "when danger is denied (%s), then the level is not urgent",
    (text) => {
      expect(assessRisk(text, model).level).not.toBe("urgent");
    },
  );

  it("when the writer says someone keeps their passport, then it is found (the test above can fail)", () => {
    expect(ids("họ giữ hộ chiếu của em")).toContain("retention_of_identity_documents");
  });
});

describe("hard benign messages", () => {
  it.each([
    "Tôi muốn đi du lịch Campuchia, Siem Reap có gì đẹp",
    "di du lich cam 3 ngay het bao nhieu",
    "Đi Hàn theo chương trình EPS cần điều kiện gì?",
    "em đang học tiếng Hàn để thi EPS",
    "Làm hộ chiếu mất bao lâu?",
    "ho chieu het han thi gia han o dau",
    "How do I renew my passport?",
    "Đọc báo thấy nhiều người bị lừa sang Campuchia làm online, sợ quá",
    "I read a news article about scam compounds in Myanmar",
    "camera quan sát giá bao nhiêu",
    "cam on ban nhieu nha",
    "em bị đánh giá thấp trong buổi phỏng vấn",
    "casino ở Campuchia có hợp pháp không",
    "xin visa du lịch Hàn Quốc cần giấy tờ gì",
    "chị em lấy chồng Hàn Quốc, giờ muốn bảo lãnh mẹ sang chơi",
    "em bán hàng online trên shopee",
    "đi lao động Nhật qua công ty có giấy phép, đã ký hợp đồng",
  ])("when the message is benign (%s), then the level is none or low", (text) => {
    expect(["none", "low"]).toContain(assessRisk(text, model).level);
  });
});

describe("scare quotes and repeated letters", () => {
  it("when a danger word stands alone in quotation marks, then it is figurative and does not count", () => {
    expect(assessRisk("haha bạn em bị vợ 'nhốt' ở nhà không cho đi nhậu", model).level).not.toBe("urgent");
    expect(assessRisk('lol my boss "locked" me in a meeting', model).level).not.toBe("urgent");
  });

  it("when the danger is quoted speech of several words or not quoted at all, then it still counts", () => {
    expect(assessRisk("họ nói: 'đứa nào trốn thì bị nhốt lại' rồi họ nhốt em", model).level).toBe("urgent");
    expect(assessRisk("bạn em bị nhốt ở nhà chủ", model).level).toBe("urgent");
  });

  it("when letters are typed three times or more, then the word is read once", () => {
    expect(assessRisk("pleaseee help meee escapeee", model).level).toBe("urgent");
    expect(assessRisk("cứuuuu emmm", model).level).toBe("urgent");
  });
});
