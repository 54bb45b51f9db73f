/**
 * Splits a text into parts of at most `max` characters so that a messenger with a length
 * limit (Zalo: 2,000) accepts each part. Cuts at a paragraph break where it can, then at a
 * line break, then at a space, and only as a last resort inside a word.
 *
 * @example splitText("a\n\nb", 2) // ["a", "b"]
 */
export function splitText(text: string, max: number): string[] {
  if (max < 1) throw new Error("splitText: max must be at least 1");
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = cutPoint(rest, max);
    const head = rest.slice(0, cut).trimEnd();
    if (head !== "") parts.push(head);
    rest = rest.slice(cut).replace(/^\s+/, "");
  }
  if (rest !== "" || parts.length === 0) parts.push(rest);
  return parts;
}

/** Where to cut `text` (longer than `max`): the last good break within the first `max` characters. */
function cutPoint(text: string, max: number): number {
  const window = text.slice(0, max + 1);
  // A break in the first third would leave tiny parts; prefer a harder cut further on.
  const floor = Math.floor(max / 3);
  for (const separator of ["\n\n", "\n", " "]) {
    const at = window.lastIndexOf(separator);
    if (at > floor) return at;
  }
  // Do not split a surrogate pair (emoji) in two.
  const code = text.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}
