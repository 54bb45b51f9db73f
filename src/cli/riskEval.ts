// Prints, for each corpus split (train, dev, blind test), urgent recall, scam recall, the
// share of other messages graded high or urgent, and the confusion matrix — for the lexicon
// alone and for the lexicon with the learned classifier.
// Usage: npm run risk:eval [-- --show-dev-misses] [-- --corpus DIR] [-- --set FILE.jsonl]
// Misses are printed for the dev split only: the blind test split must stay unseen while tuning.
import { evaluate, formatReport } from "../risk/evaluate.js";
import { CORPUS_SPLITS, loadCorpus, loadJsonl } from "../risk/loadEvalSet.js";
import { loadRiskModel } from "../risk/loadRiskModel.js";

const argument = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const showMisses = process.argv.includes("--show-dev-misses");
const combined = loadRiskModel();
const lexiconOnly = loadRiskModel("flows/risk", { classifierFile: false });
const single = argument("--set");
const sets = single
  ? { [single]: loadJsonl(single) }
  : loadCorpus(argument("--corpus") ?? "test/fixtures/risk/corpus");

for (const [split, examples] of Object.entries(sets)) {
  for (const [name, model] of [
    ["lexicon alone", lexiconOnly],
    ["lexicon + classifier", combined],
  ] as const) {
    const report = evaluate(examples, model, `${split} (${name})`);
    process.stdout.write(`${formatReport(report)}\n\n`);
    if (showMisses && split === "dev" && model === combined) {
      for (const miss of report.misses) {
        process.stdout.write(
          `  miss [${miss.label} -> ${miss.level}] ${miss.text}  {${miss.indicators.join(",")}}\n`,
        );
      }
      process.stdout.write("\n");
    }
  }
}
if (!single)
  process.stdout.write(
    `splits: ${CORPUS_SPLITS.join(", ")}; the test split was written blind (docs/risk.md)\n`,
  );
