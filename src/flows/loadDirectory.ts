import path from "node:path";
import { areaNames, directorySchema, type ServiceDirectory } from "../engine/directory.js";
import { LOCALES } from "../engine/types.js";
import type { LocaleResources } from "./locales.js";
import { type FlowProblem, lineOf, parseYamlFile, type YamlSource } from "./yamlSource.js";

export const DIRECTORY_FILE = "directory.yaml";

/**
 * Loads and checks the service directory. A missing file is not a problem by itself (flows that
 * read it are reported by the flow checker); every content problem is added to `problems`, and
 * then the directory is not returned, so the bot never runs on half-checked numbers.
 */
export function loadDirectory(
  file: string,
  resources: LocaleResources,
  localesDir: string,
  problems: FlowProblem[],
): ServiceDirectory | undefined {
  const parsed = parseYamlFile(file, directorySchema, problems);
  if (!parsed) return undefined;
  const { source, data } = parsed;
  const before = problems.length;
  checkDirectory(source, data, problems);
  checkLocalesForRetired(data.retiredNumbers, resources, localesDir, problems);
  return problems.length === before ? data : undefined;
}

const digitsOf = (text: string) => text.replace(/\D/g, "");

/** True when `text` shows the number `digits`, however it is spaced ("1800 1567", "1800.1567"). */
function shows(text: string, digits: string): boolean {
  const joined = text.replace(/(?<=\d)[\s.-]+(?=\d)/g, "");
  return new RegExp(`(^|\\D)${digits}(\\D|$)`).test(joined);
}

function checkDirectory(source: YamlSource, directory: ServiceDirectory, problems: FlowProblem[]): void {
  const report = (at: PropertyKey[], message: string) =>
    problems.push({ file: source.file, line: lineOf(source, at), message });
  const retired = directory.retiredNumbers.map(digitsOf).filter((d) => d !== "");

  const ids = new Set<string>();
  const services = [
    ...directory.national.map((s, i) => ({ s, at: ["national", i] as PropertyKey[] })),
    ...directory.areas.flatMap((a, ai) =>
      a.services.map((s, i) => ({ s, at: ["areas", ai, "services", i] as PropertyKey[] })),
    ),
  ];
  for (const { s, at } of services) {
    if (ids.has(s.id)) report([...at, "id"], `service id "${s.id}" is used twice`);
    ids.add(s.id);
    if (s.phone && retired.includes(digitsOf(s.phone)))
      report([...at, "phone"], `${s.phone} is a retired number (retiredNumbers): never show it`);
    const texts = [s.name, s.about, s.reach, s.bring].flatMap((t) => (t ? [t.vi, t.en] : []));
    for (const text of texts) {
      const hit = retired.find((r) => shows(text, r));
      if (hit) report(at, `service "${s.id}" mentions the retired number ${hit}`);
    }
  }

  const areaIds = new Set<string>();
  const owner = new Map<string, string>();
  directory.areas.forEach((area, i) => {
    if (areaIds.has(area.id)) report(["areas", i, "id"], `area id "${area.id}" is used twice`);
    areaIds.add(area.id);
    for (const name of new Set(areaNames(area))) {
      const other = owner.get(name);
      if (other && other !== area.id)
        report(
          ["areas", i, "aliases"],
          `name "${name}" of area "${area.id}" is also a name of area "${other}"`,
        );
      else owner.set(name, area.id);
    }
  });
}

/** A retired number must not survive in any text either (e.g. an old hotline in a locale file). */
function checkLocalesForRetired(
  retiredNumbers: string[],
  resources: LocaleResources,
  localesDir: string,
  problems: FlowProblem[],
): void {
  const retired = retiredNumbers.map(digitsOf).filter((d) => d.length >= 4);
  if (retired.length === 0) return;
  for (const lng of LOCALES) {
    for (const [ns, tree] of Object.entries(resources[lng])) {
      for (const [key, text] of strings(tree)) {
        const hit = retired.find((r) => shows(text, r));
        if (hit)
          problems.push({
            file: path.join(localesDir, lng, `${ns}.json`),
            line: 1,
            message: `text "${ns}:${key}" shows the retired number ${hit}`,
          });
      }
    }
  }
}

function* strings(node: unknown, prefix = ""): Generator<[string, string]> {
  if (typeof node === "string") yield [prefix, node];
  else if (typeof node === "object" && node !== null)
    for (const [k, v] of Object.entries(node)) yield* strings(v, prefix ? `${prefix}.${k}` : k);
}
