import i18next, { type i18n } from "i18next";
import { LOCALES, type Locale, type Translate } from "./engine/types.js";
import type { LocaleResources } from "./flows/locales.js";

/** Values every text may use, from the operator's configuration. */
export interface TextDefaults {
  /** `RETENTION_DAYS`: how long a conversation is kept (the greeting says so). */
  retentionDays: number;
}

/**
 * Creates an isolated i18next instance over the given resources; `vi` is default and fallback.
 * `defaults` are available to every text as `{{retentionDays}}`.
 */
export function createTranslator(
  resources: LocaleResources,
  defaults: TextDefaults,
): { t: Translate; i18n: i18n } {
  const instance = i18next.createInstance();
  void instance.init({
    initAsync: false,
    resources,
    lng: "vi",
    fallbackLng: "vi",
    supportedLngs: [...LOCALES],
    ns: Object.keys(resources.vi),
    defaultNS: "common",
    nsSeparator: ":",
    keySeparator: ".",
    // Output goes to chat channels and to the DOM as text, never as HTML.
    // `location` is "unknown" until the person says where they are (texts nest `$t(ns:key_{{location}})`).
    interpolation: { escapeValue: false, defaultVariables: { location: "unknown", ...defaults } },
    returnNull: false,
    showSupportNotice: false,
  });
  const translate = (locale: Locale, key: string, params?: Record<string, unknown>) =>
    instance.t(key, { lng: locale, ...params }) as string;
  // Most texts are fixed sentences ("common:cancel_counselor"), yet i18next looks each up and runs
  // its interpolation on every call: a few per bot turn. A text with nothing to fill in or nest
  // reads the same whatever variables come with it, so its first translation is kept and reused.
  const fixed = new Map<string, string | null>();
  const t: Translate = (locale, key, params) => {
    if (params !== undefined && !onlyVariables(params)) return translate(locale, key, params);
    const memoKey = `${locale}\u0000${key}`;
    const known = fixed.get(memoKey);
    if (typeof known === "string") return known;
    const text = translate(locale, key, params);
    if (known === undefined) fixed.set(memoKey, isFixedText(instance, locale, key, text) ? text : null);
    return text;
  };
  return { t, i18n: instance };
}

/**
 * The call options i18next reads besides the variables (every `opt.*` and `options.*` name in
 * i18next 25): a parameter of one of these names may change which text is found (`count`,
 * `context`, `lng`, `defaultValue_one`...), so such a call always goes to i18next.
 */
const I18NEXT_OPTIONS = new Set([
  "appendNamespaceToCIMode",
  "appendNamespaceToMissingKey",
  "applyPostProcessor",
  "context",
  "contextSeparator",
  "count",
  "defaultNS",
  "fallbackLng",
  "fallbackNS",
  "formatParams",
  "ignoreJSONStructure",
  "interpolation",
  "interpolationkey",
  "joinArrays",
  "keyPrefix",
  "keySeparator",
  "lng",
  "lngs",
  "missingKeyNoValueFallbackToKey",
  "nest",
  "ns",
  "nsSeparator",
  "ordinal",
  "pluralSeparator",
  "postProcess",
  "postProcessPassResolved",
  "replace",
  "returnDetails",
  "returnEmptyString",
  "returnNull",
  "returnObjects",
  "skipInterpolation",
]);

/** True when no parameter is an i18next option, i.e. they can only fill `{{…}}` in a text. */
function onlyVariables(params: Record<string, unknown>): boolean {
  for (const name in params) {
    if (I18NEXT_OPTIONS.has(name) || name.startsWith("defaultValue")) return false;
  }
  return true;
}

/**
 * True when `text`, i18next's translation of `ns:key` in `locale`, is the stored text itself (so
 * nothing was nested into it with `$t(…)`) and has no placeholder (`{{…}}`, which i18next leaves
 * as written when its variable is missing): then no variable can change it. A missing text
 * (answered by the fallback language or the key) is never fixed.
 */
function isFixedText(instance: i18n, locale: Locale, key: string, text: string): boolean {
  const colon = key.indexOf(":");
  if (colon < 0) return false;
  const stored: unknown = instance.getResource(locale, key.slice(0, colon), key.slice(colon + 1));
  return stored === text && !text.includes("{{");
}
