import { z } from "zod";
import { assessRisk } from "./assessRisk.js";
import type { RiskModel } from "./model.js";
import type { RiskLevel } from "./types.js";

const inputSchema = z.object({ text: z.string() });

/** One output line of `risk:classify`. */
export interface ClassifiedLine {
  text: string;
  level: RiskLevel;
  indicators: string[];
}

/** The outcome for one input line: a result, or an error message for stderr. */
export type ClassifyOutcome = { ok: true; value: ClassifiedLine } | { ok: false; error: string };

/** Classifies one JSONL line `{"text": "..."}`; pure, so the CLI stays a thin loop. */
export function classifyLine(line: string, model: RiskModel): ClassifyOutcome {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { ok: false, error: "not valid JSON" };
  }
  const parsed = inputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: 'expected an object {"text": "..."} with a string text' };
  const result = assessRisk(parsed.data.text, model);
  return {
    ok: true,
    value: { text: parsed.data.text, level: result.level, indicators: result.indicators.map((i) => i.id) },
  };
}
