import { readdirSync } from "node:fs";
import path from "node:path";
import type { ServiceDirectory } from "../engine/directory.js";
import {
  type Flow,
  flowSchema,
  type Intents,
  intentsSchema,
  type Step,
  type StepOf,
} from "../engine/flowSchema.js";
import { type Places, placesSchema } from "../engine/places.js";
import { LOCALES } from "../engine/types.js";
import { parsePhrase } from "../text/phrasePattern.js";
import { ENGINE_TEXT_KEYS } from "./engineTextKeys.js";
import { CANNED_REPLIES_FILE, loadCannedReplies } from "./loadCannedReplies.js";
import { DIRECTORY_FILE, loadDirectory } from "./loadDirectory.js";
import { HANDOFF_NOTICE_FILE, loadHandoffNotice } from "./loadHandoffNotice.js";
import { hasTextKey, type LocaleResources, loadLocaleResources } from "./locales.js";
import { type FlowProblem, lineOf, parseYaml, parseYamlFile, type YamlSource } from "./yamlSource.js";

export type { FlowProblem } from "./yamlSource.js";

export interface FlowBundle {
  flows: Map<string, Flow>;
  intents: Intents;
  resources: LocaleResources;
  /** The service directory (`directory.yaml`), when the file exists and is valid. */
  directory?: ServiceDirectory;
  /** Phrases saying where someone is (`places.yaml`), when the file exists and is valid. */
  places?: Places;
  problems: FlowProblem[];
}

export const FLOW_FILE_SUFFIX = ".flow.yaml";
export const INTENTS_FILE = "intents.yaml";
export const PLACES_FILE = "places.yaml";

interface Located<T> extends YamlSource {
  value: T;
}

/**
 * Loads and checks every `*.flow.yaml` in `flowsDir` and `intents.yaml`, against the
 * locales in `localesDir`. Never throws for content problems: they come back in `problems`.
 */
export function loadFlows(flowsDir: string, localesDir: string): FlowBundle {
  const problems: FlowProblem[] = [];
  const flows = new Map<string, Flow>();
  const located = new Map<string, Located<Flow>>();
  const resources = loadLocaleResources(localesDir);
  loadHandoffNotice(path.join(flowsDir, HANDOFF_NOTICE_FILE), resources, problems);

  for (const name of readdirSync(flowsDir)
    .filter((f) => f.endsWith(FLOW_FILE_SUFFIX))
    .sort()) {
    const file = path.join(flowsDir, name);
    const parsed = parseYaml(file, problems);
    if (!parsed) continue;
    const result = flowSchema.safeParse(parsed.doc.toJS());
    if (!result.success) {
      for (const issue of result.error.issues) {
        problems.push({
          file,
          line: lineOf(parsed, issue.path),
          message: `${issue.path.join(".")}: ${issue.message}`,
        });
      }
      continue;
    }
    const flow = result.data;
    if (flows.has(flow.id)) {
      problems.push({ file, line: lineOf(parsed, ["id"]), message: `flow id "${flow.id}" is already used` });
      continue;
    }
    flows.set(flow.id, flow);
    located.set(flow.id, { ...parsed, value: flow });
  }

  const intentsFile = path.join(flowsDir, INTENTS_FILE);
  let intents: Intents | undefined;
  const parsedIntents = parseYaml(intentsFile, problems);
  if (parsedIntents) {
    const result = intentsSchema.safeParse(parsedIntents.doc.toJS());
    if (result.success) intents = result.data;
    else
      for (const issue of result.error.issues)
        problems.push({
          file: intentsFile,
          line: lineOf(parsedIntents, issue.path),
          message: `${issue.path.join(".")}: ${issue.message}`,
        });
  }

  if (intents && parsedIntents) checkTopics({ ...parsedIntents, value: intents }, flows, problems);
  const places = loadPlaces(path.join(flowsDir, PLACES_FILE), problems);
  checkNestedKeys(resources, localesDir, problems);
  for (const loc of located.values()) checkGraph(loc, flows, resources, problems);
  const directory = loadDirectory(path.join(flowsDir, DIRECTORY_FILE), resources, localesDir, problems);
  for (const loc of located.values()) checkDirectoryUse(loc, directory, problems);
  loadCannedReplies(
    path.join(flowsDir, CANNED_REPLIES_FILE),
    { indicators: indicatorIds(resources), ...(directory ? { directory } : {}) },
    problems,
  );
  for (const key of ENGINE_TEXT_KEYS) {
    for (const lng of LOCALES) {
      if (!hasTextKey(resources, lng, key)) {
        problems.push({
          file: path.join(localesDir, lng),
          line: 1,
          message: `text key "${key}" is missing in ${lng}`,
        });
      }
    }
  }
  for (const required of ["main", "counselor", "erase"]) {
    if (!flows.has(required)) {
      problems.push({
        file: flowsDir,
        line: 1,
        message: `flow "${required}" is missing or invalid; it is required (menu, handoff and erasure entries)`,
      });
    }
  }

  return {
    flows,
    intents: intents ?? minimalIntents(),
    resources,
    ...(directory ? { directory } : {}),
    ...(places ? { places } : {}),
    problems,
  };
}

/** Risk indicator ids with a label in every locale (`risk:indicator.<id>`). */
export function indicatorIds(resources: LocaleResources): Set<string> {
  const per = LOCALES.map((lng) => {
    const risk = resources[lng].risk as { indicator?: Record<string, unknown> } | undefined;
    return new Set(Object.keys(risk?.indicator ?? {}));
  });
  return new Set([...(per[0] ?? [])].filter((id) => per.every((ids) => ids.has(id))));
}

/** The smallest valid intents table: the fallback when intents.yaml is broken, and a base for tests. */
export function minimalIntents(): Intents {
  return {
    menu: ["menu"],
    human: ["human"],
    language: ["lang"],
    english: ["english"],
    vietnamese: ["vi"],
    help: ["help"],
    cancel: ["cancel"],
    erase: ["delete my data"],
  };
}

function textKeysOf(step: Step): string[] {
  const keys: string[] = [];
  const add = (t: string | string[] | undefined) => {
    if (t === undefined) return;
    keys.push(...(Array.isArray(t) ? t : [t]));
  };
  switch (step.type) {
    case "say":
      add(step.text);
      break;
    case "ask":
      add(step.text);
      add(step.retry);
      for (const c of step.choices ?? []) keys.push(c.label);
      break;
    case "handoff":
    case "end":
    case "erase":
      add(step.text);
      break;
    case "assess":
      add(step.heading);
      add(Object.values(step.levels ?? {}));
      for (const item of step.items) add(item.text);
      break;
    case "services":
      add(step.heading);
      add(step.empty);
      add([step.entry, step.entryNoPhone]);
      break;
    case "find_area":
    case "branch":
    case "set":
    case "goto":
      break;
  }
  return keys;
}

/** Local targets of a step with the YAML path of each, for precise line numbers. */
function located(step: Step): [PropertyKey[], string | undefined][] {
  switch (step.type) {
    case "ask":
      return [
        [["next"], step.next],
        ...(step.choices ?? []).map((c, i): [PropertyKey[], string | undefined] => [
          ["choices", i, "next"],
          c.next,
        ]),
      ];
    case "branch":
      return [
        ...step.cases.map((c, i): [PropertyKey[], string] => [["cases", i, "next"], c.next]),
        [["default"], step.default],
      ];
    case "find_area":
      return [
        [["found"], step.found],
        [["notFound"], step.notFound],
      ];
    default:
      return exitsOf(step).map((t): [PropertyKey[], string | undefined] => [["next"], t]);
  }
}

/** Local targets a step can lead to. */
function exitsOf(step: Step): (string | undefined)[] {
  switch (step.type) {
    case "say":
    case "set":
    case "handoff":
    case "assess":
    case "services":
      return [step.next];
    case "find_area":
      return [step.found, step.notFound];
    case "ask":
      return [step.next, ...(step.choices ?? []).map((c) => c.next)];
    case "branch":
      return [...step.cases.map((c) => c.next), step.default];
    case "goto":
    case "end":
    case "erase":
      return [];
  }
}

function checkGraph(
  loc: Located<Flow>,
  flows: Map<string, Flow>,
  resources: LocaleResources,
  problems: FlowProblem[],
): void {
  const flow = loc.value;
  const report = (pathParts: PropertyKey[], message: string) =>
    problems.push({ file: loc.file, line: lineOf(loc, pathParts), message });

  if (!flow.steps[flow.start]) report(["start"], `start step "${flow.start}" does not exist`);

  for (const [id, step] of Object.entries(flow.steps)) {
    const at = ["steps", id];
    for (const [where, target] of located(step)) {
      if (target !== undefined && !flow.steps[target])
        report([...at, ...where], `step "${id}" points to "${target}", which does not exist`);
    }
    if (step.type === "goto") {
      const other = flows.get(step.flow);
      if (!other) report([...at, "flow"], `step "${id}" jumps to flow "${step.flow}", which does not exist`);
      else if (step.step && !other.steps[step.step])
        report([...at, "step"], `step "${id}" jumps to "${step.flow}/${step.step}", which does not exist`);
    }
    if (step.type === "ask") {
      if (!step.choices?.length && !step.freeText)
        report(at, `ask step "${id}" has neither choices nor freeText`);
      step.choices?.forEach((choice, i) => {
        if (choice.next === undefined && step.next === undefined)
          report(
            [...at, "choices", i],
            `choice "${choice.value}" of step "${id}" has no exit (no next on the choice or the step)`,
          );
      });
      const values = new Set<string>();
      for (const c of step.choices ?? []) {
        if (values.has(c.value)) report(at, `step "${id}" has two choices with value "${c.value}"`);
        values.add(c.value);
        if (c.value.startsWith("g_")) report(at, `choice value "${c.value}" is reserved for global buttons`);
      }
      if (step.freeText && step.next === undefined)
        report(at, `ask step "${id}" takes free text but has no next`);
      if (step.skipIfKnown && !step.var) report(at, `ask step "${id}" has skipIfKnown but no var`);
    }
    for (const key of textKeysOf(step)) {
      for (const lng of LOCALES) {
        if (!hasTextKey(resources, lng, key)) report(at, `text key "${key}" is missing in locale ${lng}`);
      }
    }
  }

  checkFacts(loc, report);

  // Reachable: from the flow's start and from any goto in any flow that targets a step here.
  const roots = new Set<string>([flow.start]);
  for (const other of flows.values()) {
    for (const s of Object.values(other.steps)) {
      if (s.type === "goto" && s.flow === flow.id && s.step) roots.add(s.step);
    }
  }
  if (flow.id === "main") roots.add("menu");
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (seen.has(id) || !flow.steps[id]) continue;
    seen.add(id);
    for (const t of exitsOf(flow.steps[id]!)) if (t) queue.push(t);
  }
  for (const id of Object.keys(flow.steps)) {
    if (!seen.has(id)) report(["steps", id], `step "${id}" is unreachable`);
  }
}

/** A phrase the engine could not compile: say which and why. */
function phraseProblem(phrase: string): string | undefined {
  try {
    parsePhrase(phrase, new Map());
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Each fact sets a variable an `ask` step of the flow reads, to one of that step's choices. */
function checkFacts(loc: Located<Flow>, report: (at: PropertyKey[], message: string) => void): void {
  const flow = loc.value;
  for (const [name, values] of Object.entries(flow.facts ?? {})) {
    const asks = Object.values(flow.steps).filter(
      (s): s is StepOf<"ask"> => s.type === "ask" && s.var === name,
    );
    if (asks.length === 0) {
      report(["facts", name], `fact "${name}" is no variable of an ask step in flow "${flow.id}"`);
      continue;
    }
    for (const [value, phrases] of Object.entries(values)) {
      if (!asks.some((a) => a.choices?.some((c) => c.value === value)))
        report(
          ["facts", name, value],
          `fact "${name}: ${value}" is not a choice of the step that asks "${name}"`,
        );
      phrases.forEach((phrase, i) => {
        const problem = phraseProblem(phrase);
        if (problem) report(["facts", name, value, i], problem);
      });
    }
  }
}

/** Every topic leads to a flow (and step) that exists, and its phrases compile. */
function checkTopics(loc: Located<Intents>, flows: Map<string, Flow>, problems: FlowProblem[]): void {
  (loc.value.topics ?? []).forEach((topic, i) => {
    const report = (at: PropertyKey[], message: string) =>
      problems.push({ file: loc.file, line: lineOf(loc, ["topics", i, ...at]), message });
    const flow = flows.get(topic.flow);
    if (!flow) report(["flow"], `topic ${i + 1} leads to flow "${topic.flow}", which does not exist`);
    else if (topic.step && !flow.steps[topic.step])
      report(["step"], `topic ${i + 1} leads to "${topic.flow}/${topic.step}", which does not exist`);
    topic.phrases.forEach((phrase, j) => {
      const problem = phraseProblem(phrase);
      if (problem) report(["phrases", j], problem);
    });
  });
}

/** Steps that read the directory need one: say so at the step rather than fail at run time. */
function checkDirectoryUse(
  loc: Located<Flow>,
  directory: ServiceDirectory | undefined,
  problems: FlowProblem[],
): void {
  if (directory) return;
  for (const [id, step] of Object.entries(loc.value.steps)) {
    if (step.type === "find_area" || step.type === "services")
      problems.push({
        file: loc.file,
        line: lineOf(loc, ["steps", id]),
        message: `step "${id}" reads the service directory, but ${DIRECTORY_FILE} is missing or invalid`,
      });
  }
}

/** Formats problems as `file:line: message` lines. */
export function formatProblems(problems: FlowProblem[]): string {
  return problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join("\n");
}

function loadPlaces(file: string, problems: FlowProblem[]): Places | undefined {
  return parseYamlFile(file, placesSchema, problems)?.data;
}

/** Values `{{location}}` takes in a nested key (`$t(risk:lines_{{location}})`). */
const LOCATION_VALUES = ["vietnam", "abroad", "unknown"] as const;

/**
 * A text may include another with `$t(ns:key)`; with `{{location}}` in the key, one variant per
 * place must exist (`_vietnam`, `_abroad`, `_unknown`). Reports every reference that points nowhere.
 */
function checkNestedKeys(resources: LocaleResources, localesDir: string, problems: FlowProblem[]): void {
  for (const lng of LOCALES) {
    const visit = (node: unknown, at: string) => {
      if (typeof node === "string") {
        for (const match of node.matchAll(/\$t\(([^,)]+)\)/g)) {
          const ref = match[1]!.trim();
          const keys = ref.includes("{{location}}")
            ? LOCATION_VALUES.map((v) => ref.replace("{{location}}", v))
            : [ref];
          for (const key of keys)
            if (!hasTextKey(resources, lng, key))
              problems.push({
                file: path.join(localesDir, lng, `${at.split(":")[0]}.json`),
                line: 1,
                message: `${at} includes "${key}", which is missing in ${lng}`,
              });
        }
      } else if (typeof node === "object" && node !== null) {
        for (const [k, v] of Object.entries(node)) visit(v, at.includes(":") ? `${at}.${k}` : `${at}:${k}`);
      }
    };
    for (const [ns, tree] of Object.entries(resources[lng])) visit(tree, ns);
  }
}
