import { describe, expect, it } from "vitest";
import { assessRisk } from "../../../src/risk/assessRisk.js";
import { loadRiskModel } from "../../../src/risk/loadRiskModel.js";

// The lexicon alone: these tests pin down what its phrases and scope rules do.
const model = loadRiskModel("flows/risk", { classifierFile: false });

// Each danger indicator, said with marks, without marks (often in teencode) and in English.
const cases: [string, string, string, string][] = [
  [
    "confined_now",
    "Em đang bị nhốt trong phòng trọ",
    "e dang bi nhot trong phong",
    "They locked me in the dormitory",
  ],
  ["plea_for_rescue", "Cứu em với, làm ơn", "cuu e voi", "Please get me out of here"],
  [
    "violence_now",
    "Quản lý đánh em vì không đủ chỉ tiêu",
    "ho danh e moi ngay",
    "The boss beat me yesterday",
  ],
  [
    "sold_or_ransom",
    "Họ đòi gia đình tiền chuộc",
    "e bi ban sang cty khac",
    "They want ransom from my family",
  ],
  [
    "missing_after_job_offer",
    "Con gái tôi đi làm xa rồi mất liên lạc",
    "em gai toi di lam o quan roi mat tich",
    "My son went for a job abroad and is missing",
  ],
  ["sexual_exploitation", "Họ ép em tiếp khách", "bi ep tiep khach", "They force me into prostitution"],
  ["self_harm", "Em không muốn sống nữa", "e muon tu tu", "I want to kill myself"],
];

describe.each(cases)("danger indicator %s", (id, marked, plain, english) => {
  it.each([
    ["with diacritics", marked],
    ["without diacritics", plain],
    ["in English", english],
  ])("when the message is %s, then the level is urgent and the indicator is listed", (_form, text) => {
    const result = assessRisk(text, model);
    expect(result.level).toBe("urgent");
    expect(result.indicators.map((i) => i.id)).toContain(id);
    expect(result.indicators[0]?.category).toBe("danger");
  });
});
