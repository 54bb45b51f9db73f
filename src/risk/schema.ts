import { z } from "zod";
import { scopeRulesSchema } from "../text/scope.js";

const phrase = z.string().trim().min(1);

/** Phrases in three forms; all are matched against every message. */
export const phraseListsSchema = z
  .object({
    /** Vietnamese with marks: also matches text typed without marks. */
    vi: z.array(phrase).default([]),
    /** Vietnamese as people type it without marks, when it differs from the folded `vi`. */
    vi_plain: z.array(phrase).default([]),
    en: z.array(phrase).default([]),
  })
  .strict();

export type PhraseLists = z.infer<typeof phraseListsSchema>;

const hasPhrases = (lists: PhraseLists) => lists.vi.length + lists.vi_plain.length + lists.en.length > 0;

/** One indicator in `flows/risk/indicators/*.yaml`. */
export const indicatorSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/, "use lower_snake_case"),
    category: z.enum(["ilo", "recruitment", "danger"]),
    /** Added to the score when found; danger indicators make the level urgent anyway. */
    weight: z.number().min(0).max(10),
    description: z.string().min(1),
    /** i18next key of the advice shown for it: must be `risk:advice.<id>`. */
    advice: z.string(),
    phrases: phraseListsSchema.refine(hasPhrases, "needs at least one phrase"),
    /** Each group must also match somewhere in the message (e.g. destination AND job type). */
    requires: z.array(phraseListsSchema.refine(hasPhrases, "a requires group needs a phrase")).default([]),
    /** A phrase match overlapping one of these is not counted ("bị đánh giá" is not "bị đánh"). */
    exclude: phraseListsSchema.optional(),
    /** Messages that must find this indicator (checked by the unit tests). */
    examples: z.array(z.string().min(1)).min(1),
    /** Messages that must not find it (checked by the unit tests). */
    counterexamples: z.array(z.string().min(1)).default([]),
  })
  .strict()
  .refine((i) => i.advice === `risk:advice.${i.id}`, {
    message: "advice must be risk:advice.<id>",
    path: ["advice"],
  });

export type IndicatorDefinition = z.infer<typeof indicatorSchema>;

/** A file of indicators. */
export const indicatorFileSchema = z.object({ indicators: z.array(indicatorSchema).min(1) }).strict();

/** Score thresholds of `levels.yaml`. */
export const levelThresholdsSchema = z
  .object({ low: z.number().positive(), medium: z.number().positive(), high: z.number().positive() })
  .strict()
  .refine((t) => t.low <= t.medium && t.medium <= t.high, "thresholds must rise: low ≤ medium ≤ high");

export type LevelThresholds = z.infer<typeof levelThresholdsSchema>;

/** `flows/risk/levels.yaml`. */
export const levelsFileSchema = z.object({ thresholds: levelThresholdsSchema }).strict();

/** Everything a risk model is built from, as parsed from the data files. */
export interface RiskModelData {
  indicators: IndicatorDefinition[];
  thresholds: LevelThresholds;
  scope: z.infer<typeof scopeRulesSchema>;
}

export { scopeRulesSchema };
