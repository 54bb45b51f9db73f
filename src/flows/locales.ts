import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { LOCALES, type Locale } from "../engine/types.js";

export type LocaleResources = Record<Locale, Record<string, Record<string, unknown>>>;

/** Reads `locales/<lng>/<ns>.json` for every supported locale. */
export function loadLocaleResources(dir: string): LocaleResources {
  const resources = {} as LocaleResources;
  for (const lng of LOCALES) {
    resources[lng] = {};
    const folder = path.join(dir, lng);
    for (const file of readdirSync(folder).filter((f) => f.endsWith(".json"))) {
      const ns = file.replace(/\.json$/, "");
      resources[lng][ns] = JSON.parse(readFileSync(path.join(folder, file), "utf8")) as Record<
        string,
        unknown
      >;
    }
  }
  return resources;
}

/** True when `ns:dotted.key` names a string in the resources of `lng`. */
export function hasTextKey(resources: LocaleResources, lng: Locale, key: string): boolean {
  const [ns, dotted] = key.split(":", 2);
  if (!ns || !dotted) return false;
  let node: unknown = resources[lng][ns];
  for (const part of dotted.split(".")) {
    if (typeof node !== "object" || node === null) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string";
}
