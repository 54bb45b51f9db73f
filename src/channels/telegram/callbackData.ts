/**
 * Inline-button callback data. Telegram allows 1-64 bytes; our choice values are 1-24
 * characters of `[a-z0-9_]` (flow schema), so a value fits with a one-letter kind prefix.
 * Reserved global values (`g_menu`, `g_en`...) lose their `g_` for a shorter `g:` form.
 * The prefix lets a later format change recognise old buttons as stale.
 */
const VALUE = /^[a-z0-9_]{1,24}$/;
const DATA = /^([cg]):([a-z0-9_]{1,24})$/;
const GLOBAL_PREFIX = "g_";

/** Encodes a choice value as callback data, or `undefined` when it is not a valid choice value. */
export function encodeChoice(value: string): string | undefined {
  if (!VALUE.test(value)) return undefined;
  if (value.startsWith(GLOBAL_PREFIX) && value.length > GLOBAL_PREFIX.length) {
    return `g:${value.slice(GLOBAL_PREFIX.length)}`;
  }
  return `c:${value}`;
}

/** The result of reading callback data: a choice, or data we never produced (stale or forged). */
export type DecodedCallback = { type: "choice"; value: string } | { type: "unknown" };

/** Decodes callback data written by {@link encodeChoice}. */
export function decodeChoice(data: string | undefined): DecodedCallback {
  const match = DATA.exec(data ?? "");
  if (!match) return { type: "unknown" };
  const [, kind, rest] = match as unknown as [string, "c" | "g", string];
  const value = kind === "g" ? `${GLOBAL_PREFIX}${rest}` : rest;
  return VALUE.test(value) ? { type: "choice", value } : { type: "unknown" };
}
