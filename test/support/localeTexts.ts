import type { Locale } from "../../src/engine/types.js";
import { type LocaleResources, loadLocaleResources } from "../../src/flows/locales.js";
import { createTranslator } from "../../src/i18n.js";

/** The retention the test servers run with (the config default). */
export const TEST_RETENTION_DAYS = 90;

let cached: { resources: LocaleResources; t: ReturnType<typeof createTranslator>["t"] } | undefined;

/**
 * The texts of one namespace as people see them: `{{retentionDays}}` filled in and nested
 * `$t(...)` texts included (for `location` unknown); other placeholders stay as written.
 */
export function localeTexts(lng: Locale, ns: string): any {
  if (!cached) {
    const resources = loadLocaleResources("locales");
    cached = { resources, t: createTranslator(resources, { retentionDays: TEST_RETENTION_DAYS }).t };
  }
  const { resources, t } = cached;
  const render = (node: unknown, key: string): unknown => {
    if (typeof node === "string") return t(lng, `${ns}:${key}`);
    if (typeof node !== "object" || node === null) return node;
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [k, render(v, key === "" ? k : `${key}.${k}`)]),
    );
  };
  return render(resources[lng][ns], "");
}
