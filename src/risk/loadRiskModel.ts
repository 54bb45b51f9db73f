import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { isNode, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { loadShorthand } from "../text/loadShorthand.js";
import { type ClassifierFile, classifierFileSchema } from "./linearClassifier.js";
import { buildRiskModel, type RiskModel } from "./model.js";
import {
  type IndicatorDefinition,
  indicatorFileSchema,
  levelsFileSchema,
  scopeRulesSchema,
} from "./schema.js";

/** Raised when a risk data file is missing or invalid; the message names file, line and problem. */
export class RiskModelError extends Error {
  override name = "RiskModelError";
}

/** The line of the YAML node at `at` (or its nearest existing parent), 1-based. */
function lineOf(
  doc: ReturnType<typeof parseDocument>,
  counter: LineCounter,
  at: PropertyKey[],
): number | undefined {
  for (let depth = at.length; depth >= 0; depth -= 1) {
    const node = doc.getIn(at.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Reads one YAML file and validates it, throwing `file:line: problem` for every issue. */
function readYaml<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch (error) {
    throw new RiskModelError(`${file}: cannot read: ${(error as Error).message}`);
  }
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    throw new RiskModelError(
      `${file}:${first.linePos?.[0]?.line ?? "?"}: YAML syntax: ${first.message.split("\n")[0]}`,
    );
  }
  const parsed = schema.safeParse(doc.toJS());
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const line = lineOf(doc, counter, issue.path);
      return `${file}:${line ?? "?"}: ${issue.path.join(".") || "(root)"}: ${issue.message}`;
    });
    throw new RiskModelError(problems.join("\n"));
  }
  return parsed.data;
}

/** Options for `loadRiskModel`. */
export interface LoadRiskModelOptions {
  /** Shorthand table; default `<dir>/../shorthand.yaml` (i.e. `flows/shorthand.yaml`). */
  shorthandFile?: string;
  /**
   * The learned classifier's weights; default `<dir>/classifier.json` when that file exists.
   * `false` loads the lexicon alone (to measure it, or to train a new classifier).
   */
  classifierFile?: string | false;
  /** An already parsed classifier (tools and tests); wins over `classifierFile`. */
  classifier?: ClassifierFile;
}

/** Reads and validates the classifier weights; a missing default file means "lexicon only". */
function readClassifier(file: string, required: boolean): ClassifierFile | undefined {
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new RiskModelError(`${file}: cannot read: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(source);
  } catch (error) {
    throw new RiskModelError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = classifierFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RiskModelError(`${file}: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * Loads and compiles the risk model from `dir`: `levels.yaml`, `scope.yaml` and every
 * `indicators/*.yaml`. Synchronous because it runs once at start-up.
 *
 * @throws RiskModelError naming the file, line and problem.
 */
export function loadRiskModel(dir = "flows/risk", options: LoadRiskModelOptions = {}): RiskModel {
  const levels = readYaml(path.join(dir, "levels.yaml"), levelsFileSchema);
  const scope = readYaml(path.join(dir, "scope.yaml"), scopeRulesSchema);
  const indicatorDir = path.join(dir, "indicators");
  let files: string[];
  try {
    files = readdirSync(indicatorDir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
  } catch (error) {
    throw new RiskModelError(`${indicatorDir}: cannot list indicator files: ${(error as Error).message}`);
  }
  if (files.length === 0) throw new RiskModelError(`${indicatorDir}: no indicator files`);
  const indicators: IndicatorDefinition[] = [];
  const origin = new Map<string, string>();
  for (const file of files) {
    const full = path.join(indicatorDir, file);
    for (const indicator of readYaml(full, indicatorFileSchema).indicators) {
      const earlier = origin.get(indicator.id);
      if (earlier)
        throw new RiskModelError(`${full}: indicator ${indicator.id} is already defined in ${earlier}`);
      origin.set(indicator.id, full);
      indicators.push(indicator);
    }
  }
  let shorthand: ReturnType<typeof loadShorthand>;
  try {
    shorthand = loadShorthand(options.shorthandFile ?? path.join(dir, "..", "shorthand.yaml"));
  } catch (error) {
    throw new RiskModelError((error as Error).message);
  }
  const classifier =
    options.classifier ??
    (options.classifierFile === false
      ? undefined
      : readClassifier(
          options.classifierFile ?? path.join(dir, "classifier.json"),
          options.classifierFile !== undefined,
        ));
  try {
    return buildRiskModel({ indicators, thresholds: levels.thresholds, scope }, shorthand, classifier);
  } catch (error) {
    const message = (error as Error).message;
    const id = /^indicator (\S+):/.exec(message)?.[1];
    throw new RiskModelError(`${(id && origin.get(id)) || dir}: ${message}`);
  }
}

let cached: RiskModel | undefined;

/**
 * The model from `flows/risk` (relative to the working directory), loaded on first
 * use and then shared: call it on every message without cost.
 */
export function defaultRiskModel(): RiskModel {
  cached ??= loadRiskModel();
  return cached;
}
