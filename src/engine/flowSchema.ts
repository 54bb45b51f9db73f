import { z } from "zod";

/** A step id inside the same flow. Cross-flow jumps use a `goto` step. */
const stepRef = z.string().regex(/^[a-z0-9_]+$/, { error: "step ids are lower_snake_case" });
/** An i18next key such as `main:greeting`. */
const textKey = z.string().regex(/^[a-z0-9_]+:[A-Za-z0-9_.]+$/, { error: "a text key like ns:path.to.text" });
const varName = z.string().regex(/^[a-z][a-z0-9_]*$/, { error: "variable names are lower_snake_case" });
const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const choiceSchema = z.strictObject({
  value: z.string().regex(/^[a-z0-9_]{1,24}$/, { error: "choice values are 1-24 chars of a-z, 0-9, _" }),
  label: textKey,
  /** Extra phrases (any locale) that select this choice when typed. */
  synonyms: z.array(z.string()).optional(),
  next: stepRef.optional(),
});
export type Choice = z.infer<typeof choiceSchema>;

const texts = z.union([textKey, z.array(textKey).min(1)]);

export const sayStepSchema = z.strictObject({
  type: z.literal("say"),
  text: texts,
  next: stepRef.optional(),
});

export const askStepSchema = z.strictObject({
  type: z.literal("ask"),
  text: texts,
  choices: z.array(choiceSchema).optional(),
  /** Accept free text (stored in `var`) as well as, or instead of, choices. */
  freeText: z.boolean().default(false),
  var: varName.optional(),
  next: stepRef.optional(),
  /** Said before the options are shown again when the input was not understood. */
  retry: textKey.optional(),
  /**
   * Not asked when `var` already holds an answer the person gave in their own words (the flow's
   * `facts`): the flow moves on as if that answer had been chosen. Such a variable is cleared
   * each time the flow starts again.
   */
  skipIfKnown: z.boolean().optional(),
});

const condition = z.strictObject({
  var: varName,
  eq: scalar.optional(),
  in: z.array(scalar).optional(),
  gte: z.number().optional(),
  lte: z.number().optional(),
  exists: z.boolean().optional(),
});
export type Condition = z.infer<typeof condition>;

export const branchStepSchema = z.strictObject({
  type: z.literal("branch"),
  cases: z
    .array(z.strictObject({ when: z.union([condition, z.array(condition).min(1)]), next: stepRef }))
    .min(1),
  default: stepRef,
});

export const setStepSchema = z.strictObject({
  type: z.literal("set"),
  /** Values to set; a number prefixed with `+` adds to the current value. `locale` switches language. */
  vars: z.record(z.string(), scalar),
  next: stepRef.optional(),
});

export const gotoStepSchema = z.strictObject({
  type: z.literal("goto"),
  flow: z.string().regex(/^[a-z0-9_]+$/),
  step: stepRef.optional(),
});

export const handoffStepSchema = z.strictObject({
  type: z.literal("handoff"),
  priority: z.enum(["urgent", "high", "normal"]).default("normal"),
  reason: z.string().default("flow"),
  text: texts.optional(),
  next: stepRef.optional(),
});

export const endStepSchema = z.strictObject({
  type: z.literal("end"),
  text: texts.optional(),
});

/** Erases everything stored about the person (after a confirmation step in the flow). */
export const eraseStepSchema = z.strictObject({
  type: z.literal("erase"),
  text: texts.optional(),
});

const riskLevel = z.enum(["none", "low", "medium", "high", "urgent"]);

/** One answer pattern an `assess` step looks for. */
export const assessItemSchema = z.strictObject({
  when: z.union([condition, z.array(condition).min(1)]),
  /** Added to the score when `when` holds. */
  weight: z.number().min(0).default(0),
  /** A current danger: the level is `urgent` whatever the score. */
  urgent: z.boolean().default(false),
  /** The risk-model indicator id this answer stands for, shown to the counselor. */
  indicator: z
    .string()
    .regex(/^[a-z0-9_]+$/)
    .optional(),
  /** One line saying what the answer means and what to do; items without text only count. */
  text: textKey.optional(),
});
export type AssessItem = z.infer<typeof assessItemSchema>;

/**
 * Scores the answers collected in variables: stores the level in `set`, says the level's text,
 * then one line per matching item under `heading`, and reports the level and indicators as a
 * risk effect so the counselor sees why.
 */
export const assessStepSchema = z.strictObject({
  type: z.literal("assess"),
  items: z.array(assessItemSchema).min(1),
  /** Minimum scores; below `low` is `none`. */
  thresholds: z.strictObject({ low: z.number(), medium: z.number(), high: z.number() }),
  /** Variable that receives the level (none|low|medium|high|urgent). */
  set: varName,
  /** Variable that receives the score, if wanted. */
  score: varName.optional(),
  /** Said first, by level. */
  levels: z.partialRecord(riskLevel, textKey).optional(),
  /** Said before the lines of the matching items, when there is at least one. */
  heading: textKey.optional(),
  /** Show at most this many item lines, the heaviest first (a short result fits a phone screen). */
  maxLines: z.number().int().min(1).optional(),
  next: stepRef.optional(),
});

/** Looks up the area (province) named in a variable in the service directory. */
export const findAreaStepSchema = z.strictObject({
  type: z.literal("find_area"),
  /** Variable holding what the person typed. */
  var: varName,
  /** Variable that receives the area id when found. */
  set: varName,
  found: stepRef,
  notFound: stepRef,
});

/**
 * Lists services from the directory: those of the area whose id is in `area`, or the national
 * lines when `area` is left out. Entries render through `entry` (`{{name}}`, `{{phone}}`,
 * `{{about}}`) or `entryNoPhone` when no number is confirmed; `{{area}}` is the area's name.
 */
export const servicesStepSchema = z.strictObject({
  type: z.literal("services"),
  area: varName.optional(),
  heading: textKey.optional(),
  /** Said instead when there is nothing to list. */
  empty: textKey.optional(),
  entry: textKey,
  entryNoPhone: textKey,
  next: stepRef.optional(),
});

export const stepSchema = z.discriminatedUnion("type", [
  assessStepSchema,
  findAreaStepSchema,
  servicesStepSchema,
  eraseStepSchema,
  sayStepSchema,
  askStepSchema,
  branchStepSchema,
  setStepSchema,
  gotoStepSchema,
  handoffStepSchema,
  endStepSchema,
]);
export type Step = z.infer<typeof stepSchema>;
export type StepOf<T extends Step["type"]> = Extract<Step, { type: T }>;

/**
 * Answers a person may give in their own words, read from every message typed while the flow
 * runs (and from the message that led into it): variable → choice value → phrases. Phrases
 * match as whole words with or without marks; `#20+` is a number of at least 20, `*` skips up
 * to three words. Each value must be a choice of an `ask` step with that `var` in the flow.
 */
export const factsSchema = z.record(varName, z.record(z.string(), z.array(z.string().min(1)).min(1)));

export const flowSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]+$/),
  /** Shown in docs and the console. */
  title: z.string().optional(),
  start: stepRef,
  facts: factsSchema.optional(),
  steps: z.record(stepRef, stepSchema),
});
export type Flow = z.infer<typeof flowSchema>;

/**
 * A plain question typed instead of pressing a button ("số đường dây nóng") and the place in
 * the flows that answers it. Phrases match anywhere in the message, as whole words, with or
 * without marks.
 */
export const topicSchema = z.strictObject({
  flow: z.string().regex(/^[a-z0-9_]+$/),
  step: stepRef.optional(),
  phrases: z.array(z.string().min(1)).min(1),
});
export type Topic = z.infer<typeof topicSchema>;

/** Phrases that trigger global intents at any step, matched on folded text. */
export const intentsSchema = z.strictObject({
  menu: z.array(z.string()).min(1),
  human: z.array(z.string()).min(1),
  language: z.array(z.string()).min(1),
  english: z.array(z.string()).min(1),
  vietnamese: z.array(z.string()).min(1),
  help: z.array(z.string()).min(1),
  cancel: z.array(z.string()).min(1),
  erase: z.array(z.string()).min(1),
  /** Where a typed question leads when it is no answer to the question on screen. */
  topics: z.array(topicSchema).optional(),
});
export type Intents = z.infer<typeof intentsSchema>;
