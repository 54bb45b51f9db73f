import { readFileSync } from "node:fs";
import path from "node:path";
import { type EvalExample, evalExampleSchema } from "./evaluate.js";

/** The corpus splits, each in its own file under `test/fixtures/risk/corpus/`. */
export const CORPUS_SPLITS = ["train", "dev", "test"] as const;
export type CorpusSplit = (typeof CORPUS_SPLITS)[number];

/** Raised when a corpus file is missing or has a bad line; the message names file and line. */
export class CorpusError extends Error {
  override name = "CorpusError";
}

/** Reads one JSONL file of labelled messages; throws `file:line: problem` on a bad line. */
export function loadJsonl(file: string): EvalExample[] {
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch (error) {
    throw new CorpusError(`${file}: cannot read: ${(error as Error).message}`);
  }
  const examples: EvalExample[] = [];
  source.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new CorpusError(`${file}:${i + 1}: not JSON`);
    }
    const checked = evalExampleSchema.safeParse(parsed);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new CorpusError(`${file}:${i + 1}: ${issue?.path.join(".") || "(line)"}: ${issue?.message}`);
    }
    examples.push(checked.data);
  });
  return examples;
}

/**
 * The labelled corpus by split: `train` (what the classifier learns from), `dev` (where
 * thresholds are chosen) and `test` (written blind by another author and frozen: only
 * reported, never tuned on).
 */
export function loadCorpus(dir = "test/fixtures/risk/corpus"): Record<CorpusSplit, EvalExample[]> {
  return {
    train: loadJsonl(path.join(dir, "train.jsonl")),
    dev: loadJsonl(path.join(dir, "dev.jsonl")),
    test: loadJsonl(path.join(dir, "test.jsonl")),
  };
}
