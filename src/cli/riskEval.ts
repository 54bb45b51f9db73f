// Prints recall and precision of the risk model on the labelled set in test/fixtures/risk.
// Usage: npm run risk:eval [-- --show-dev-misses]
// Misses are shown for the dev split only: the holdout split stays unseen while tuning.
import { evaluate, formatReport } from "../risk/evaluate.js";
import { loadEvalSet } from "../risk/loadEvalSet.js";
import { loadRiskModel } from "../risk/loadRiskModel.js";

const model = loadRiskModel();
const examples = loadEvalSet();
const showMisses = process.argv.includes("--show-dev-misses");

for (const split of ["dev", "holdout"] as const) {
  const report = evaluate(
    examples.filter((e) => e.split === split),
    model,
    split,
  );
  process.stdout.write(`${formatReport(report)}\n\n`);
  if (showMisses && split === "dev") {
    for (const miss of report.misses) {
      process.stdout.write(
        `  miss [${miss.label} -> ${miss.level}] ${miss.text}  {${miss.indicators.join(",")}}\n`,
      );
    }
    process.stdout.write("\n");
  }
}
