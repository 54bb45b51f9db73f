export { el } from "../shared/el.js";

/** Nested console texts from locales/<lng>/console.json. */
export type Texts = { [key: string]: string | Texts };

const pluralRules = new Map<string, Intl.PluralRules>();

/** i18next's plural suffix of `count` in `lang`: "one" or "other" in English, always "other" in Vietnamese. */
function pluralOf(lang: string, count: number): string {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    pluralRules.set(lang, rules);
  }
  return rules.select(count);
}

function lookup(texts: Texts, key: string): string | undefined {
  let node: string | Texts | undefined = texts;
  for (const part of key.split(".")) node = typeof node === "object" ? node[part] : undefined;
  return typeof node === "string" ? node : undefined;
}

/**
 * Looks up "a.b.c" in the texts and fills {{params}}; shows the key when a text is missing. A
 * numeric `count` picks the plural form as i18next does (`a.b.c_one`, `a.b.c_other` for `lang`),
 * then falls back to "a.b.c".
 */
export function tr(
  texts: Texts,
  key: string,
  params: Record<string, string | number> = {},
  lang = "vi",
): string {
  const count = params.count;
  const text =
    (typeof count === "number" ? lookup(texts, `${key}_${pluralOf(lang, count)}`) : undefined) ??
    lookup(texts, key);
  if (text === undefined) return key;
  return text.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => String(params[name] ?? ""));
}
