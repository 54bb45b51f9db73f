import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { featuresOf } from "../../../src/risk/features.js";
import {
  buildClassifier,
  type ClassifierFile,
  probabilitiesOfFeatures,
  probabilitiesOfTokens,
} from "../../../src/risk/linearClassifier.js";
import { loadRiskModel } from "../../../src/risk/loadRiskModel.js";
import { prepareTokens } from "../../../src/text/shorthand.js";

const model = loadRiskModel("flows/risk");
const shipped = model.classifier!;
const shorthand = model.shorthand;

/** Every message of the labelled corpus's dev split and of the reported sets, as typed. */
function fixtureTexts(): string[] {
  const files = [
    "test/fixtures/risk/corpus/dev.jsonl",
    ...readdirSync("test/fixtures/risk/reported").map((f) => `test/fixtures/risk/reported/${f}`),
  ];
  return files.flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => (JSON.parse(line) as { text: string }).text),
  );
}

// Letters outside a-z after folding (Chinese, Thai, Cyrillic, ß), digits, and an English contraction.
const UNUSUAL = [
  "Em ở 深圳, họ giữ hộ chiếu",
  "ขอความช่วยเหลือ cứu em",
  "Меня держат, help",
  "Straße 25, I can't leave",
  "didn't didn t",
  "cứuuu em vớiii 10,000$ =))",
  "",
  "!!! ...",
];

function expectSameProbabilities(classifier: typeof shipped, text: string): void {
  const fromStrings = probabilitiesOfFeatures(
    classifier,
    featuresOf(text, shorthand, classifier.file.features),
  );
  const fromTokens = probabilitiesOfTokens(classifier, prepareTokens(text, shorthand));
  // toBe: the same bits, not merely close.
  expect([fromTokens.urgent, fromTokens.scam, fromTokens.none], text).toEqual([
    fromStrings.urgent,
    fromStrings.scam,
    fromStrings.none,
  ]);
  expect(Object.is(fromTokens.urgent, fromStrings.urgent), text).toBe(true);
}

describe("scoring a message from its tokens", () => {
  it("when every message of the dev split and the reported sets is scored from its tokens, then the probabilities are those of its feature strings to the last bit", () => {
    const texts = fixtureTexts();
    expect(texts.length).toBeGreaterThan(1000);
    for (const text of [...texts, ...UNUSUAL]) expectSameProbabilities(shipped, text);
  });

  it("when messages of thousands of characters are scored one after another, then each is scored as from its feature strings", () => {
    const texts = fixtureTexts();
    for (const size of [6000, 300, 12000, 40]) {
      const long = texts.join(". ").slice(size, size * 2);
      expectSameProbabilities(shipped, long);
    }
  });

  it("when a message has letters outside a-z, then its features with them count and weigh as their strings do", () => {
    // A classifier that knows only grams with such letters: the scores come from them alone.
    const file: ClassifierFile = {
      ...shipped.file,
      bias: [0, 0, 0],
      weights: { "c:深圳": [3, 0, 0], "c:aß": [0, 2, 0], "w:меня": [0, 0, 5], "c:n t": [1, 1, 0] },
    };
    const exotic = buildClassifier(file);
    for (const text of UNUSUAL) expectSameProbabilities(exotic, text);
    expect(probabilitiesOfTokens(exotic, prepareTokens("Em ở 深圳", shorthand)).urgent).toBeGreaterThan(
      1 / 3,
    );
  });

  it("when single characters are features too, then a lone space is not one (as for the feature strings)", () => {
    const file: ClassifierFile = {
      ...shipped.file,
      features: { ...shipped.file.features, charMin: 1, minCount: 1 },
      bias: [0, 0, 0],
      weights: { "c:e": [1, 0, 0], "c:m": [0, 1, 0], "c: ": [9, 9, 9] },
    };
    const single = buildClassifier(file);
    for (const text of ["em", "cứu em với", ...UNUSUAL]) expectSameProbabilities(single, text);
  });
});
