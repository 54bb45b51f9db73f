import { z } from "zod";
import { assessRisk } from "./assessRisk.js";
import { compareRiskLevels } from "./levels.js";
import type { RiskModel } from "./model.js";
import { RISK_LEVELS, type RiskLevel } from "./types.js";

/** Labels of the evaluation set: what a careful counselor would call the message. */
export const EVAL_LABELS = ["urgent", "scam", "concern", "none"] as const;
export type EvalLabel = (typeof EVAL_LABELS)[number];

/**
 * One line of `test/fixtures/risk/corpus/*.jsonl`. `urgent`: someone is held, forced or in
 * danger now; `scam`: an offer with red flags, nobody held yet; `concern`: exploitation
 * signs without danger now (only in the older lexicon-author set; the classifier does not
 * learn from them); `none`: everything else, hard negatives included. `style` and `source`
 * say how and by whom it was written.
 */
export const evalExampleSchema = z
  .object({
    text: z.string().min(1),
    label: z.enum(EVAL_LABELS),
    style: z.string().optional(),
    source: z.string().optional(),
  })
  .strict();
export type EvalExample = z.infer<typeof evalExampleSchema>;

/**
 * When a label counts as recognised: urgent must reach `urgent`; a scam offer must
 * reach at least `medium` (the bot then gives red-flag advice); a concern (exploitation
 * indicators, no danger now) at least `low`; any other message must stay `none` or `low`.
 */
export function isRecognised(label: EvalLabel, level: RiskLevel): boolean {
  switch (label) {
    case "urgent":
      return level === "urgent";
    case "scam":
      return compareRiskLevels(level, "medium") >= 0;
    case "concern":
      return compareRiskLevels(level, "low") >= 0;
    case "none":
      return compareRiskLevels(level, "low") <= 0;
  }
}

/** Labels that fit a predicted level, for per-level precision. */
export const LABELS_FITTING_LEVEL: Record<RiskLevel, readonly EvalLabel[]> = {
  urgent: ["urgent"],
  high: ["scam", "concern"],
  medium: ["scam", "concern"],
  low: ["concern", "none"],
  none: ["none"],
};

/** Figures for one split. */
export interface EvalReport {
  split: string;
  total: number;
  /** counts[label][level] */
  counts: Record<EvalLabel, Record<RiskLevel, number>>;
  recall: Record<EvalLabel, number>;
  precision: Record<RiskLevel, number>;
  /** Share of `none` messages graded high or urgent (the false-alarm rate that matters). */
  benignHighOrUrgent: number;
  misses: { text: string; label: EvalLabel; level: RiskLevel; indicators: string[] }[];
}

/** The project's aims on its own blind test split (the bar for unseen sets is 0.90 / 0.85 / 0.05). */
export const EVAL_AIMS = { urgentRecall: 0.95, scamRecall: 0.9, benignHighOrUrgentMax: 0.03 } as const;

const ratio = (part: number, whole: number) => (whole === 0 ? Number.NaN : part / whole);

/** Grades every example with the model and computes recall, precision and misses. */
export function evaluate(
  examples: readonly Pick<EvalExample, "text" | "label">[],
  model: RiskModel,
  split: string,
): EvalReport {
  const counts = Object.fromEntries(
    EVAL_LABELS.map((l) => [l, Object.fromEntries(RISK_LEVELS.map((v) => [v, 0]))]),
  ) as EvalReport["counts"];
  const misses: EvalReport["misses"] = [];
  for (const example of examples) {
    const result = assessRisk(example.text, model);
    counts[example.label][result.level] += 1;
    if (!isRecognised(example.label, result.level)) {
      misses.push({
        text: example.text,
        label: example.label,
        level: result.level,
        indicators: result.indicators.map((i) => i.id),
      });
    }
  }
  const rowTotal = (label: EvalLabel) => RISK_LEVELS.reduce((s, v) => s + counts[label][v], 0);
  const recall = Object.fromEntries(
    EVAL_LABELS.map((label) => {
      const hit = RISK_LEVELS.filter((v) => isRecognised(label, v)).reduce((s, v) => s + counts[label][v], 0);
      return [label, ratio(hit, rowTotal(label))];
    }),
  ) as EvalReport["recall"];
  const precision = Object.fromEntries(
    RISK_LEVELS.map((level) => {
      const column = EVAL_LABELS.reduce((s, l) => s + counts[l][level], 0);
      const fit = LABELS_FITTING_LEVEL[level].reduce((s, l) => s + counts[l][level], 0);
      return [level, ratio(fit, column)];
    }),
  ) as EvalReport["precision"];
  return {
    split,
    total: examples.length,
    counts,
    recall,
    precision,
    benignHighOrUrgent: ratio(counts.none.high + counts.none.urgent, rowTotal("none")),
    misses,
  };
}

/** Whether a report meets `EVAL_AIMS`. */
export function meetsAims(report: EvalReport): boolean {
  return (
    report.recall.urgent >= EVAL_AIMS.urgentRecall &&
    report.recall.scam >= EVAL_AIMS.scamRecall &&
    report.benignHighOrUrgent <= EVAL_AIMS.benignHighOrUrgentMax
  );
}

const pct = (x: number) => (Number.isNaN(x) ? "  n/a" : `${(x * 100).toFixed(1).padStart(5)}%`);

/** Renders a report as a plain-text table. */
export function formatReport(report: EvalReport): string {
  const lines = [`split ${report.split}: ${report.total} messages`];
  lines.push(`  label → level (confusion matrix)`);
  lines.push(`  label      n   ${RISK_LEVELS.map((v) => v.padStart(6)).join(" ")}   recall`);
  for (const label of EVAL_LABELS) {
    const row = RISK_LEVELS.map((v) => String(report.counts[label][v]).padStart(6)).join(" ");
    const n = RISK_LEVELS.reduce((s, v) => s + report.counts[label][v], 0);
    lines.push(`  ${label.padEnd(8)} ${String(n).padStart(3)}   ${row}   ${pct(report.recall[label])}`);
  }
  lines.push("  level    precision  (labels that fit the level)");
  for (const level of [...RISK_LEVELS].reverse()) {
    lines.push(
      `  ${level.padEnd(8)} ${pct(report.precision[level])}     (${LABELS_FITTING_LEVEL[level].join(", ")})`,
    );
  }
  const mark = (ok: boolean) => (ok ? "ok" : "MISSED");
  lines.push(
    `  aims: urgent recall ${pct(report.recall.urgent)} (≥ 95%) ${mark(report.recall.urgent >= EVAL_AIMS.urgentRecall)}; ` +
      `scam recall ${pct(report.recall.scam)} (≥ 90%) ${mark(report.recall.scam >= EVAL_AIMS.scamRecall)}; ` +
      `none graded high/urgent ${pct(report.benignHighOrUrgent)} (≤ 3%) ${mark(report.benignHighOrUrgent <= EVAL_AIMS.benignHighOrUrgentMax)}`,
  );
  return lines.join("\n");
}
