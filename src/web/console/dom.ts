export { el } from "../shared/el.js";

/** Nested console texts from locales/<lng>/console.json. */
export type Texts = { [key: string]: string | Texts };

/** Looks up "a.b.c" in the texts and fills {{params}}; shows the key when a text is missing. */
export function tr(texts: Texts, key: string, params: Record<string, string | number> = {}): string {
  let node: string | Texts | undefined = texts;
  for (const part of key.split(".")) node = typeof node === "object" ? node[part] : undefined;
  if (typeof node !== "string") return key;
  return node.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => String(params[name] ?? ""));
}
