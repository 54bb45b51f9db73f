import { describe, expect, it } from "vitest";
import { assessRisk, decideLevel, matchLexicon, messageCues } from "../../../src/risk/assessRisk.js";
import { chooseThresholds, type DevPoint } from "../../../src/risk/chooseThresholds.js";
import { cuesOf } from "../../../src/risk/cues.js";
import { featuresOf } from "../../../src/risk/features.js";
import {
  buildClassifier,
  type ClassifierFile,
  classifierFileSchema,
  classifyText,
} from "../../../src/risk/linearClassifier.js";
import { loadRiskModel } from "../../../src/risk/loadRiskModel.js";
import { trainClassifier } from "../../../src/risk/trainClassifier.js";

const lexicon = loadRiskModel("flows/risk", { classifierFile: false });
const shorthand = lexicon.shorthand;

/** A hand-made classifier: "zzcanh" means danger, "zzoffer" a risky offer, "zzsafe" benign. */
function toyClassifier(thresholds: ClassifierFile["thresholds"]): ClassifierFile {
  return {
    version: 1,
    features: { charMin: 2, charMax: 5, wordMax: 2, minCount: 1 },
    classes: ["urgent", "scam", "none"],
    training: {},
    thresholds,
    bias: [0, 0, 0],
    weights: { "w:zzcanh": [40, 0, 0], "w:zzoffer": [0, 40, 0], "w:zzsafe": [0, 0, 40] },
  };
}

const toyModel = (thresholds = { urgent: 0.6, scam: 0.6, benignVeto: 0.9 }) =>
  loadRiskModel("flows/risk", { classifier: toyClassifier(thresholds) });

describe("features of the folded text", () => {
  it("when the same words are typed with marks, without marks or in teencode, then the features are the same", () => {
    const marked = featuresOf("Họ không cho em về", shorthand);
    expect(featuresOf("ho khong cho em ve", shorthand)).toEqual(marked);
    expect(featuresOf("ho ko cho e ve", shorthand)).toEqual(marked);
  });

  it("when a message has two clauses, then no word pair joins the end of one to the start of the next", () => {
    const features = featuresOf("em đi làm. họ đánh", shorthand);
    expect(features.has("w:lam ho")).toBe(false);
    expect(features.has("w:ho danh")).toBe(true);
  });
});

describe("trainClassifier", () => {
  const examples = [
    ...["họ nhốt em", "bị nhốt trong phòng", "nhốt bọn em lại"].map((t) => ({
      features: featuresOf(t, shorthand),
      label: 0 as const,
    })),
    ...["việc nhẹ lương cao", "lương cao việc nhẹ bao ăn", "việc nhẹ lương cao đi ngay"].map((t) => ({
      features: featuresOf(t, shorthand),
      label: 1 as const,
    })),
    ...["hôm nay trời đẹp", "trời đẹp quá đi chơi", "đi chơi hôm nay"].map((t) => ({
      features: featuresOf(t, shorthand),
      label: 2 as const,
    })),
  ];
  const settings = { minDocs: 1, l2: 1e-4, iterations: 200, learningRate: 0.05 };

  it("when trained twice on the same examples, then the weights are identical", () => {
    const a = trainClassifier(examples, settings);
    const b = trainClassifier(examples, settings);
    expect(a.vocabulary).toEqual(b.vocabulary);
    expect([...a.weights]).toEqual([...b.weights]);
  });

  it("when trained on separable examples, then it tells the three classes apart on new wording", () => {
    const trained = trainClassifier(examples, settings);
    const weights = Object.fromEntries(
      trained.vocabulary.map((f, i) => [
        f,
        [trained.weights[i * 3]!, trained.weights[i * 3 + 1]!, trained.weights[i * 3 + 2]!] as [
          number,
          number,
          number,
        ],
      ]),
    );
    const classifier = buildClassifier({
      ...toyClassifier({ urgent: 0.5, scam: 0.5, benignVeto: 1 }),
      bias: trained.bias,
      weights,
    });
    const p = classifyText("bi nhot", classifier, shorthand);
    expect(p.urgent).toBeGreaterThan(p.none);
    expect(classifyText("viec nhe luong cao", classifier, shorthand).scam).toBeGreaterThan(0.5);
  });
});

describe("decideLevel: how the lexicon and the classifier combine", () => {
  const t = { urgent: 0.6, scam: 0.5, benignVeto: 0.9 };
  const none = { level: "none" as const, indicators: [] };
  const lexiconUrgent = {
    level: "urgent" as const,
    indicators: [{ id: "confined_now", category: "danger" as const, advice: "risk:advice.confined_now" }],
  };

  it("when no phrase fired but the classifier is confident of danger, then the message is urgent", () => {
    expect(decideLevel(none, { urgent: 0.7, scam: 0.1, none: 0.2 }, t)).toEqual({
      level: "urgent",
      decision: "model_urgent",
    });
  });

  it("when the classifier is below its urgent threshold, then the lexicon's level stands", () => {
    expect(decideLevel(none, { urgent: 0.5, scam: 0.1, none: 0.4 }, t).level).toBe("none");
  });

  it("when a risky offer is recognised and the lexicon said less than medium, then it is medium", () => {
    expect(decideLevel(none, { urgent: 0.1, scam: 0.6, none: 0.3 }, t)).toEqual({
      level: "medium",
      decision: "model_offer",
    });
  });

  it("when the lexicon says high but the classifier is very sure the message is benign, then it is lowered to medium", () => {
    const high = {
      level: "high" as const,
      indicators: [{ id: "debt_bondage", category: "ilo" as const, advice: "risk:advice.debt_bondage" }],
    };
    expect(decideLevel(high, { urgent: 0.02, scam: 0.03, none: 0.95 }, t)).toEqual({
      level: "medium",
      decision: "lowered",
    });
  });

  it("when a danger phrase fired, then only a sure benign classifier (P(none) ≥ 0.85, P(urgent) ≤ 0.15) lowers it", () => {
    expect(decideLevel(lexiconUrgent, { urgent: 0.18, scam: 0.02, none: 0.8 }, t)).toEqual({
      level: "urgent",
      decision: "lexicon",
    });
    expect(decideLevel(lexiconUrgent, { urgent: 0.01, scam: 0.01, none: 0.98 }, t)).toEqual({
      level: "medium",
      decision: "lowered",
    });
  });

  it("when the dev-chosen veto for lexicon high is stricter than the policy bar, then a sure benign classifier still lowers a danger phrase", () => {
    const strict = { ...t, benignVeto: 0.99 };
    expect(decideLevel(lexiconUrgent, { urgent: 0.05, scam: 0.05, none: 0.9 }, strict)).toEqual({
      level: "medium",
      decision: "lowered",
    });
  });
});

describe("decideLevel: cues of the whole message", () => {
  const t = { urgent: 0.6, scam: 0.5, benignVeto: 0.8 };
  const lexiconUrgent = {
    level: "urgent" as const,
    indicators: [{ id: "confined_now", category: "danger" as const, advice: "risk:advice.confined_now" }],
  };

  it("when the writer is laughing and the classifier sees no danger, then a danger phrase is lowered to medium", () => {
    expect(
      decideLevel(lexiconUrgent, { urgent: 0.1, scam: 0.05, none: 0.85 }, t, { laughing: true }).level,
    ).toBe("medium");
  });

  it("when the writer is laughing but the classifier also sees danger, then it stays urgent", () => {
    expect(
      decideLevel(lexiconUrgent, { urgent: 0.7, scam: 0.05, none: 0.25 }, t, { laughing: true }).level,
    ).toBe("urgent");
  });

  it("when the classifier is only fairly sure of benign, then a danger phrase stays urgent", () => {
    expect(decideLevel(lexiconUrgent, { urgent: 0.2, scam: 0.02, none: 0.78 }, t).level).toBe("urgent");
    expect(decideLevel(lexiconUrgent, { urgent: 0.1, scam: 0.02, none: 0.88 }, t).level).toBe("medium");
  });

  it("when the message says it is over and the classifier sees no danger, then a danger phrase is lowered to medium", () => {
    const over = { laughing: false, resolved: true };
    expect(decideLevel(lexiconUrgent, { urgent: 0.2, scam: 0.02, none: 0.78 }, t, over).level).toBe("medium");
    expect(decideLevel(lexiconUrgent, { urgent: 0.65, scam: 0.02, none: 0.33 }, t, over).level).toBe(
      "urgent",
    );
  });

  it("when the writer laughs or says it is over, then the classifier alone needs P(urgent) of at least 0.8", () => {
    const none = { level: "none" as const, indicators: [] };
    const p = { urgent: 0.7, scam: 0.05, none: 0.25 };
    expect(decideLevel(none, p, t).level).toBe("urgent");
    expect(decideLevel(none, p, t, { laughing: true }).level).toBe("none");
    expect(decideLevel(none, p, t, { laughing: false, resolved: true }).level).toBe("none");
    expect(decideLevel(none, { urgent: 0.85, scam: 0.05, none: 0.1 }, t, { laughing: true }).level).toBe(
      "urgent",
    );
  });
});

describe("decideLevel: corroborated by the lexicon", () => {
  const t = { urgent: 0.8, urgentCorroborated: 0.55, scam: 0.5, benignVeto: 0.9 };
  const p = { urgent: 0.6, scam: 0.3, none: 0.1 };

  it("when the lexicon found risk indicators (high or medium), then the lower corroborated threshold applies", () => {
    const high = {
      level: "high" as const,
      indicators: [{ id: "restriction_of_movement", category: "ilo" as const, advice: "x" }],
    };
    expect(decideLevel(high, p, t)).toEqual({ level: "urgent", decision: "model_urgent" });
    expect(decideLevel({ ...high, level: "medium" }, p, t).level).toBe("urgent");
  });

  it("when the lexicon found nothing or little, then the classifier alone needs the higher threshold", () => {
    expect(decideLevel({ level: "none", indicators: [] }, p, t).level).toBe("none");
    expect(decideLevel({ level: "low", indicators: [] }, p, t).level).toBe("low");
  });

  it("when a file has no corroborated threshold, then the single urgent threshold applies", () => {
    const old = { urgent: 0.8, scam: 0.5, benignVeto: 0.9 };
    expect(decideLevel({ level: "high", indicators: [] }, p, old).level).toBe("high");
  });
});

describe("messageCues: it is over", () => {
  it("when the message says the person is home and safe, then resolved is true", () => {
    expect(
      messageCues("năm ngoái chị tôi bị bán qua TQ, năm nay đã được đưa về, đang học nghề", lexicon).resolved,
    ).toBe(true);
    expect(messageCues("my sister was rescued last year", lexicon).resolved).toBe(true);
  });

  it("when it says it still goes on, then resolved is false", () => {
    expect(messageCues("em đã về nhà nhưng họ vẫn đang tìm em", lexicon).resolved).toBe(false);
    expect(messageCues("em đã trở về mà bọn nó dọa giết cả nhà", lexicon).resolved).toBe(false);
    expect(messageCues("em bị nhốt ở đây", lexicon).resolved).toBe(false);
  });
});

describe("cuesOf", () => {
  it("when a message laughs, then laughing is true; crying is not laughter", () => {
    expect(cuesOf("bị vợ nhốt ở nhà =))").laughing).toBe(true);
    expect(cuesOf("held hostage by a toddler lol").laughing).toBe(true);
    expect(cuesOf("hahaha mệt ghê").laughing).toBe(true);
    expect(cuesOf("họ nhốt em huhu 😭").laughing).toBe(false);
    expect(cuesOf("em ở Hà Nội").laughing).toBe(false);
  });

  it("when a message names KK Park (a compound in Myanmar), then that is not laughter; kkk is", () => {
    expect(cuesOf("làm sao để ra khỏi KK Park, em bị giữ 5 tháng rồi").laughing).toBe(false);
    expect(cuesOf("em o kk park").laughing).toBe(false);
    expect(cuesOf("bị sếp nhốt trong phòng họp kkk").laughing).toBe(true);
  });
});

describe("assessRisk with a classifier", () => {
  it("when the classifier alone recognises danger, then whole_message comes first with the closest lexicon indicators", () => {
    const model = toyModel();
    const result = assessRisk("zzcanh họ nhốt", model);
    expect(result.level).toBe("urgent");
    const plain = assessRisk("zzcanh ở đây suốt ngày", model);
    expect(plain.level).toBe("urgent");
    expect(plain.indicators[0]?.id).toBe("whole_message");
    expect(plain.probabilities?.urgent).toBeGreaterThan(0.9);
  });

  it("when the classifier recognises an offer, then whole_message_offer is listed and the level is medium", () => {
    const result = assessRisk("zzoffer nhé", toyModel());
    expect(result.level).toBe("medium");
    expect(result.indicators.map((i) => i.id)).toContain("whole_message_offer");
  });

  it("when no classifier is loaded, then assessRisk is the lexicon alone", () => {
    const text = "họ không cho em về, giữ hộ chiếu";
    expect(assessRisk(text, lexicon)).toEqual(matchLexicon(text, lexicon));
  });
});

describe("chooseThresholds", () => {
  const point = (label: DevPoint["label"], urgent: number, scam: number): DevPoint => ({
    label,
    lexicon: { level: "none", indicators: [] },
    p: { urgent, scam, none: 1 - urgent - scam },
  });

  it("when urgent messages score above benign ones, then the urgent threshold separates them", () => {
    const points = [
      ...[0.9, 0.8, 0.7].map((u) => point("urgent", u, 0.05)),
      ...[0.3, 0.2, 0.1].map((u) => point("none", u, 0.05)),
      ...[0.8, 0.7].map((s) => point("scam", 0.05, s)),
    ];
    const { thresholds, report } = chooseThresholds(points);
    expect(thresholds.urgent).toBeGreaterThan(0.3);
    expect(thresholds.urgent).toBeLessThanOrEqual(0.7);
    expect(report.urgentRecall).toBe(1);
    expect(report.noneHighOrUrgent).toBe(0);
  });

  it("when urgent messages backed by lexicon indicators score lower than some benign ones, then the corroborated threshold catches them", () => {
    const high: DevPoint["lexicon"] = { level: "high", indicators: [] };
    const points = [
      ...[0.5, 0.55].map((u): DevPoint => ({ ...point("urgent", u, 0.05), lexicon: high })),
      point("urgent", 0.9, 0.05),
      ...[0.6, 0.65, 0.1, 0.2].map((u) => point("none", u, 0.05)),
      ...[0.8, 0.7].map((s) => point("scam", 0.05, s)),
    ];
    const { thresholds, report } = chooseThresholds(points);
    expect(thresholds.urgent).toBeGreaterThan(0.65);
    expect(thresholds.urgentCorroborated).toBeLessThanOrEqual(0.5);
    expect(report.urgentRecall).toBe(1);
    expect(report.noneHighOrUrgent).toBe(0);
  });
});

describe("classifierFileSchema", () => {
  const file = toyClassifier({ urgent: 0.6, scam: 0.6, benignVeto: 0.9 });

  it("when every weight is three finite numbers, then the file is accepted", () => {
    expect(classifierFileSchema.safeParse(file).success).toBe(true);
  });

  it.each([
    ["two numbers", [1, 2]],
    ["four numbers", [1, 2, 3, 4]],
    ["a string", [1, "2", 3]],
    ["null", null],
  ])("when a weight is %s, then the file is refused naming the feature", (_what, weights) => {
    const result = classifierFileSchema.safeParse({
      ...file,
      weights: { ...file.weights, "w:bad": weights },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["weights", "w:bad"]);
  });

  it("when the weights are missing or not an object, then the file is refused", () => {
    const { weights: _weights, ...without } = file;
    expect(classifierFileSchema.safeParse(without).success).toBe(false);
    expect(classifierFileSchema.safeParse({ ...file, weights: [[1, 2, 3]] }).success).toBe(false);
  });
});
