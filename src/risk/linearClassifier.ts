import { z } from "zod";
import { prepareTokens, type ShorthandTable } from "../text/shorthand.js";
import type { Token } from "../text/tokenize.js";
import { buildFeatureIndex, type FeatureIndex, presentFeatures } from "./featureIndex.js";
import { featureScale } from "./features.js";

/** The classes the learned model tells apart. `none` covers everything that is neither. */
export const CLASSIFIER_CLASSES = ["urgent", "scam", "none"] as const;
export type ClassifierClass = (typeof CLASSIFIER_CLASSES)[number];

const triple = z.tuple([z.number(), z.number(), z.number()]);
type Triple = [number, number, number];

function isTriple(value: unknown): value is Triple {
  return (
    Array.isArray(value) &&
    value.length === 3 &&
    Number.isFinite(value[0]) &&
    Number.isFinite(value[1]) &&
    Number.isFinite(value[2])
  );
}

/**
 * Tens of thousands of weight triples, checked in one loop: zod's element-by-element parse of
 * them was a tenth of the server's start-up. Same rule as `triple`, same path in the message.
 */
const weightsSchema = z.custom<Record<string, Triple>>().superRefine((value, ctx) => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: "custom", message: "expected an object of feature → [urgent, scam, none] weights" });
    return;
  }
  for (const [feature, weights] of Object.entries(value)) {
    if (!isTriple(weights)) {
      ctx.addIssue({ code: "custom", path: [feature], message: "expected three finite numbers" });
      return;
    }
  }
});

/** `flows/risk/classifier.json`: the learned model's weights and the thresholds chosen on dev. */
export const classifierFileSchema = z
  .object({
    version: z.literal(1),
    note: z.string().optional(),
    features: z
      .object({
        charMin: z.number().int().min(1),
        charMax: z.number().int().min(1),
        wordMax: z.number().int().min(1),
        minCount: z.number().int().min(1),
      })
      .strict(),
    classes: z.tuple([z.literal("urgent"), z.literal("scam"), z.literal("none")]),
    /** How it was trained, so `risk:train` can be checked to reproduce it. */
    training: z.record(z.string(), z.unknown()),
    thresholds: z
      .object({
        /** P(urgent) at or above which a message is urgent even when no lexicon phrase fired. */
        urgent: z.number().min(0).max(1),
        /**
         * P(urgent) at or above which a message the lexicon already graded `medium` or `high`
         * (risk indicators, no danger phrase) is urgent: the two parts corroborate each other.
         * Absent in older files: then `urgent` applies.
         */
        urgentCorroborated: z.number().min(0).max(1).optional(),
        /** P(scam) at or above which a message is at least `medium`. */
        scam: z.number().min(0).max(1),
        /** P(none) at or above which a lexicon `urgent`/`high` with weak support is lowered. */
        benignVeto: z.number().min(0).max(1),
      })
      .strict(),
    bias: triple,
    weights: weightsSchema,
  })
  .strict();

export type ClassifierFile = z.infer<typeof classifierFileSchema>;

/** Class probabilities for one message. */
export type ClassProbabilities = Record<ClassifierClass, number>;

/** A loaded classifier: weights in a map for O(1) look-up per feature. */
export interface LinearClassifier {
  readonly file: ClassifierFile;
  readonly weights: ReadonlyMap<string, readonly [number, number, number]>;
  /** The same weights for scoring a tokenised message without building its feature strings. */
  readonly index: FeatureIndex;
}

/** Builds the look-up form of a parsed classifier file. */
export function buildClassifier(file: ClassifierFile): LinearClassifier {
  return { file, weights: new Map(Object.entries(file.weights)), index: buildFeatureIndex(file.weights) };
}

/** Softmax of three scores, numerically stable. */
export function softmax3(scores: readonly [number, number, number]): [number, number, number] {
  const top = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - top)) as [number, number, number];
  const sum = exp[0] + exp[1] + exp[2];
  return [exp[0] / sum, exp[1] / sum, exp[2] / sum];
}

/**
 * Scores a set of features: a linear model over binary features scaled to unit length
 * (so long and short messages are comparable, and very short ones are damped: see
 * `featureScale`), then softmax. Features the model never saw still count in the length, so
 * a long story with one dangerous clause is diluted only as much as in training.
 */
export function probabilitiesOfFeatures(
  classifier: LinearClassifier,
  features: ReadonlySet<string>,
): ClassProbabilities {
  const scale = featureScale(features.size, classifier.file.features);
  const scores: [number, number, number] = [...classifier.file.bias];
  for (const feature of features) {
    const w = classifier.weights.get(feature);
    if (!w) continue;
    scores[0] += w[0] * scale;
    scores[1] += w[1] * scale;
    scores[2] += w[2] * scale;
  }
  const [urgent, scam, none] = softmax3(scores);
  return { urgent, scam, none };
}

/**
 * `probabilitiesOfFeatures(classifier, featuresOfTokens(tokens))`, the same to the last bit
 * (the same weights added in the same order), without building the features' strings.
 *
 * @param tokens the message as `prepareTokens` reads it (the lexicon's tokens can be reused)
 */
export function probabilitiesOfTokens(
  classifier: LinearClassifier,
  tokens: readonly Token[],
): ClassProbabilities {
  const { count, ids } = presentFeatures(classifier.index, tokens, classifier.file.features);
  const scale = featureScale(count, classifier.file.features);
  const w = classifier.index.weights;
  const scores: [number, number, number] = [...classifier.file.bias];
  for (const id of ids) {
    scores[0] += w[id * 3]! * scale;
    scores[1] += w[id * 3 + 1]! * scale;
    scores[2] += w[id * 3 + 2]! * scale;
  }
  const [urgent, scam, none] = softmax3(scores);
  return { urgent, scam, none };
}

/**
 * Class probabilities for one message as typed. Pure; well under a millisecond for a
 * chat message (a few hundred map look-ups).
 */
export function classifyText(
  text: string,
  classifier: LinearClassifier,
  shorthand: ShorthandTable,
): ClassProbabilities {
  return probabilitiesOfTokens(classifier, prepareTokens(text, shorthand));
}
