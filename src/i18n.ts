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
  const t: Translate = (locale: Locale, key: string, params?: Record<string, unknown>) =>
    instance.t(key, { lng: locale, ...params }) as string;
  return { t, i18n: instance };
}
