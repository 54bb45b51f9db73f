import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { type EvalExample, evalExampleSchema } from "./evaluate.js";

/** Reads every `*.jsonl` in `dir` as labelled examples; throws `file:line: problem` on a bad line. */
export function loadEvalSet(dir = "test/fixtures/risk"): EvalExample[] {
  const examples: EvalExample[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".jsonl"))
    .sort()) {
    const full = path.join(dir, file);
    readFileSync(full, "utf8")
      .split("\n")
      .forEach((line, i) => {
        if (line.trim() === "") return;
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch {
          throw new Error(`${full}:${i + 1}: not JSON`);
        }
        const checked = evalExampleSchema.safeParse(parsed);
        if (!checked.success) throw new Error(`${full}:${i + 1}: ${checked.error.issues[0]?.message}`);
        examples.push(checked.data);
      });
  }
  return examples;
}
