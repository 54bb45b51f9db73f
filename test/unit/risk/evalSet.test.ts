import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { THRESHOLD_AIMS } from "../../../src/risk/chooseThresholds.js";
import { evaluate } from "../../../src/risk/evaluate.js";
import { loadCorpus } from "../../../src/risk/loadEvalSet.js";
import { loadRiskModel } from "../../../src/risk/loadRiskModel.js";

const DIR = "test/fixtures/risk/corpus";
const corpus = loadCorpus(DIR);
const model = loadRiskModel("flows/risk");
const shipped = JSON.parse(readFileSync("flows/risk/classifier.json", "utf8"));
const key = (text: string) => text.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();

describe("the labelled corpus", () => {
  it("when loaded, then it holds at least 2,000 training messages and a dev and a blind test split", () => {
    expect(corpus.train.length).toBeGreaterThanOrEqual(2000);
    expect(corpus.dev.length).toBeGreaterThanOrEqual(300);
    expect(corpus.test.length).toBeGreaterThanOrEqual(300);
    for (const split of [corpus.train, corpus.dev, corpus.test]) {
      for (const label of ["urgent", "scam", "none"] as const) {
        expect(split.filter((e) => e.label === label).length).toBeGreaterThan(50);
      }
    }
  });

  it("when the splits are compared, then no message appears in two of them", () => {
    const train = new Set(corpus.train.map((e) => key(e.text)));
    const dev = new Set(corpus.dev.map((e) => key(e.text)));
    expect(corpus.dev.filter((e) => train.has(key(e.text)))).toEqual([]);
    expect(corpus.test.filter((e) => train.has(key(e.text)) || dev.has(key(e.text)))).toEqual([]);
  });

  it("when the reported blind sets are compared, then none of their messages is trained or tuned on", () => {
    const seen = new Set([...corpus.train, ...corpus.dev].map((e) => key(e.text)));
    const files = readdirSync("test/fixtures/risk/reported").filter((f) => f.endsWith(".jsonl"));
    // Once a blind set's figures are reported and its errors read, it joins train/dev and leaves
    // this folder: what stays here is only what no model has been tuned on.
    expect(files.length).toBeGreaterThanOrEqual(1);
    for (const file of files) {
      const blind = readFileSync(`test/fixtures/risk/reported/${file}`, "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as { text: string });
      // 300 written; a message another author had already written for training is dropped before
      // the set is measured (blind-8: "dang bi nhot").
      expect(blind.length).toBeGreaterThanOrEqual(299);
      // "xin chào", "👍", "?" are written by everyone; only messages of three words or more count.
      const telling = blind.filter((e) => e.text.trim().split(/\s+/).length >= 3);
      expect(telling.filter((e) => seen.has(key(e.text)))).toEqual([]);
    }
  });
});

describe("the shipped classifier", () => {
  const sha = (split: string) =>
    createHash("sha256")
      .update(readFileSync(`${DIR}/${split}.jsonl`))
      .digest("hex")
      .slice(0, 16);

  it("when the corpus changed, then classifier.json was retrained on it (npm run risk:train)", () => {
    expect(shipped.training.train.sha256).toBe(sha("train"));
    expect(shipped.training.dev.sha256).toBe(sha("dev"));
  });

  // Thresholds are chosen on dev for these figures; the blind test split is reported in
  // docs/risk.md by `npm run risk:eval`, never tuned on.
  const dev = evaluate(corpus.dev, model, "dev");
  // The bar on unseen sets is 0.90; the project's aim of 0.95 is reported, not asserted
  // (dev now holds many indirect messages that the model misses at a 3 % false-alarm cap).
  it("when the dev split is graded, then urgent recall is at least 90 %", () => {
    expect(dev.recall.urgent).toBeGreaterThanOrEqual(0.9);
  });
  it("when the dev split is graded, then scam-offer recall is at least 90 %", () => {
    expect(dev.recall.scam).toBeGreaterThanOrEqual(0.9);
  });
  // The cap the thresholds are chosen under (4 %: between the project's aim of 3 % and the
  // issue's bar of 5 %, so that urgent recall comes first).
  it("when the dev split is graded, then at most the capped share of other messages is graded high or urgent", () => {
    expect(THRESHOLD_AIMS.noneHighOrUrgentMax).toBeLessThanOrEqual(0.04);
    expect(dev.benignHighOrUrgent).toBeLessThanOrEqual(THRESHOLD_AIMS.noneHighOrUrgentMax);
  });
});
