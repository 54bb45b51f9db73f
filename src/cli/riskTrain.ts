// Trains the learned risk classifier on the train split, chooses its thresholds on the dev
// split, and writes flows/risk/classifier.json. Deterministic: the same corpus gives the same
// file byte for byte. The blind test split is never read here.
// Usage: npm run risk:train [-- --out flows/risk/classifier.json] [-- --thresholds-only]
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { matchLexicon, messageCues } from "../risk/assessRisk.js";
import { chooseThresholds, type DevPoint } from "../risk/chooseThresholds.js";
import { DEFAULT_FEATURE_CONFIG, featuresOf } from "../risk/features.js";
import {
  buildClassifier,
  type ClassifierFile,
  classifierFileSchema,
  probabilitiesOfFeatures,
} from "../risk/linearClassifier.js";
import { loadCorpus } from "../risk/loadEvalSet.js";
import { loadRiskModel } from "../risk/loadRiskModel.js";
import {
  compactWeights,
  DEFAULT_TRAINING,
  type TrainingExample,
  trainClassifier,
} from "../risk/trainClassifier.js";

const CORPUS_DIR = "test/fixtures/risk/corpus";
const outIndex = process.argv.indexOf("--out");
const out = outIndex > 0 ? process.argv[outIndex + 1]! : "flows/risk/classifier.json";

const lexicon = loadRiskModel("flows/risk", { classifierFile: false });
const corpus = loadCorpus(CORPUS_DIR);
const CLASS_INDEX = { urgent: 0, scam: 1, none: 2 } as const;

const toTraining = (examples: typeof corpus.train): TrainingExample[] =>
  examples.flatMap((e) =>
    e.label === "concern"
      ? []
      : [{ features: featuresOf(e.text, lexicon.shorthand), label: CLASS_INDEX[e.label] }],
  );
const train = toTraining(corpus.train);
const dev = corpus.dev.filter((e) => e.label !== "concern");
const devFeatures = dev.map((e) => featuresOf(e.text, lexicon.shorthand));

/** Mean class-balanced log-loss on dev: how the L2 strength is chosen. */
function devLoss(file: ClassifierFile): number {
  const classifier = buildClassifier(file);
  const sums = [0, 0, 0];
  const counts = [0, 0, 0];
  dev.forEach((e, i) => {
    const p = probabilitiesOfFeatures(classifier, devFeatures[i]!);
    const k = CLASS_INDEX[e.label as keyof typeof CLASS_INDEX];
    sums[k]! -= Math.log(Math.max(1e-9, [p.urgent, p.scam, p.none][k]!));
    counts[k]! += 1;
  });
  return sums.reduce((s, x, k) => s + x / Math.max(1, counts[k]!), 0) / 3;
}

const started = Date.now();
let best: { file: ClassifierFile; loss: number; l2: number } | undefined;
// --thresholds-only: keep the weights in `out` (trained on this same train split) and choose the
// thresholds again, e.g. after the lexicon or the decision rule changed. Same file as a full run.
if (process.argv.includes("--thresholds-only")) {
  const existing = classifierFileSchema.parse(JSON.parse(readFileSync(out, "utf8")));
  const trainedOn = (existing.training as { train?: { sha256?: string } }).train?.sha256;
  const trainSha = createHash("sha256")
    .update(readFileSync(`${CORPUS_DIR}/train.jsonl`))
    .digest("hex")
    .slice(0, 16);
  if (trainedOn !== trainSha) {
    process.stderr.write(
      `${out} was trained on another train split: run npm run risk:train without --thresholds-only\n`,
    );
    process.exit(1);
  }
  const { l2 } = existing.training as { l2: number };
  const file: ClassifierFile = {
    ...existing,
    training: {},
    thresholds: { urgent: 0.5, scam: 0.5, benignVeto: 1 },
  };
  best = { file, loss: devLoss(file), l2 };
}
for (const l2 of best ? [] : [1e-6, 3e-6, 1e-5, 3e-5]) {
  const settings = { ...DEFAULT_TRAINING, l2 };
  const { bias, weights } = compactWeights(trainClassifier(train, settings, DEFAULT_FEATURE_CONFIG));
  const file: ClassifierFile = {
    version: 1,
    features: DEFAULT_FEATURE_CONFIG,
    classes: ["urgent", "scam", "none"],
    training: {},
    thresholds: { urgent: 0.5, scam: 0.5, benignVeto: 1 },
    bias,
    weights,
  };
  const loss = devLoss(file);
  process.stderr.write(
    `l2 ${l2}: dev log-loss ${loss.toFixed(4)}, ${Object.keys(weights).length} features\n`,
  );
  if (!best || loss < best.loss) best = { file, loss, l2 };
}

const classifier = buildClassifier(best!.file);
const points: DevPoint[] = dev.map((e, i) => ({
  label: e.label as DevPoint["label"],
  lexicon: matchLexicon(e.text, lexicon),
  p: probabilitiesOfFeatures(classifier, devFeatures[i]!),
  cues: messageCues(e.text, lexicon),
}));
const chosen = chooseThresholds(points);

const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex").slice(0, 16);
const count = (examples: typeof corpus.train) =>
  Object.fromEntries(
    ["urgent", "scam", "concern", "none"].map((l) => [l, examples.filter((e) => e.label === l).length]),
  );
const file: ClassifierFile = {
  ...best!.file,
  note: "Trained by `npm run risk:train` (src/cli/riskTrain.ts). Do not edit by hand; see docs/risk.md.",
  training: {
    method: "multinomial logistic regression, binary char 2-5-gram + word 1-2-gram features, full-batch Adam",
    ...DEFAULT_TRAINING,
    l2: best!.l2,
    train: { sha256: sha(`${CORPUS_DIR}/train.jsonl`), ...count(corpus.train) },
    dev: {
      sha256: sha(`${CORPUS_DIR}/dev.jsonl`),
      ...count(corpus.dev),
      logLoss: Number(best!.loss.toFixed(4)),
    },
    chosenOnDev: chosen.report,
  },
  thresholds: chosen.thresholds,
};
// Stable key order (weights are already sorted by feature), so retraining gives the same bytes.
const ordered = {
  version: file.version,
  note: file.note,
  features: file.features,
  classes: file.classes,
  training: file.training,
  thresholds: file.thresholds,
  bias: file.bias,
  weights: file.weights,
};
// One feature per line, so a retrained file diffs readably.
const { weights: _, ...head } = ordered;
const body = Object.entries(ordered.weights)
  .map(([feature, row]) => `    ${JSON.stringify(feature)}: ${JSON.stringify(row)}`)
  .join(",\n");
const headJson = JSON.stringify(head, null, 2);
writeFileSync(out, `${headJson.slice(0, -2)},\n  "weights": {\n${body}\n  }\n}\n`);
process.stderr.write(
  `wrote ${out}: ${Object.keys(file.weights).length} features, thresholds ${JSON.stringify(file.thresholds)}, ` +
    `${((Date.now() - started) / 1000).toFixed(1)} s\n`,
);
