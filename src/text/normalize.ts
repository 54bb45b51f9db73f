/**
 * Vietnamese text normalisation for matching. Pure: no I/O.
 *
 * `foldForMatch` gives the form every matcher compares against: Unicode NFC,
 * lower case, tone and vowel marks stripped, `đ` → `d`, punctuation turned
 * into spaces, runs of spaces collapsed. Digits are kept.
 */
export function foldForMatch(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Lower-cased NFC text with punctuation folded to spaces, diacritics kept. */
export function lowerWithMarks(text: string): string {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The five Vietnamese tone marks as combining characters (grave, acute, tilde, hook, dot below). */
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;

/**
 * A comparison key for one word that keeps every mark but ignores where the tone
 * mark sits, so the old and new placements ("hoà"/"hòa", "thuỷ"/"thủy") and NFC or
 * NFD input give the same key. Not meant for display.
 *
 * @example markKey("hoà") === markKey("hòa") // true
 */
export function markKey(word: string): string {
  const decomposed = word.normalize("NFD").toLowerCase();
  const tones = decomposed.match(TONE_MARKS) ?? [];
  return decomposed.replace(TONE_MARKS, "") + tones.join("");
}

/** True when a word carries any Vietnamese mark or `đ`, i.e. its folded form loses information. */
export function hasMarks(word: string): boolean {
  return foldForMatch(word) !== word.normalize("NFC").toLowerCase();
}
