// Classifies JSONL from stdin: one {"text": "..."} per line in, one
// {"text", "level", "indicators": [ids]} per line out. A bad line is reported on stderr
// as {"line": n, "error": "..."} and skipped; the exit code is 1 if any line was bad.
// Blank lines are ignored. Usage: npm run -s risk:classify < in.jsonl > out.jsonl
import { createInterface } from "node:readline";
import { classifyLine } from "../risk/classifyLine.js";
import { loadRiskModel } from "../risk/loadRiskModel.js";

const model = loadRiskModel();
let lineNumber = 0;
let bad = 0;

for await (const line of createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
  lineNumber += 1;
  if (line.trim() === "") continue;
  const outcome = classifyLine(line, model);
  if (outcome.ok) {
    process.stdout.write(`${JSON.stringify(outcome.value)}\n`);
  } else {
    bad += 1;
    process.stderr.write(`${JSON.stringify({ line: lineNumber, error: outcome.error })}\n`);
  }
}

process.exitCode = bad > 0 ? 1 : 0;
