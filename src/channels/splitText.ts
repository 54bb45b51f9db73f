/**
 * Splits a text for a messenger with a length limit (Telegram 4,096, Zalo 2,000) into parts of at
 * most `limit` characters (UTF-16 code units, as JS counts), cutting at a paragraph break if
 * one lies in the second half of the window, else at a line break, else at a space, else
 * (one endless word) at the limit, never inside a surrogate pair. Parts are trimmed of the
 * whitespace at the cut; no other character is lost.
 */
export function splitText(text: string, limit: number): string[] {
  if (limit < 2) throw new RangeError("limit must be at least 2");
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const cut = cutPoint(rest, limit);
    const head = rest.slice(0, cut).trimEnd();
    if (head !== "") parts.push(head);
    rest = rest.slice(cut).replace(/^\s+/, "");
  }
  if (rest !== "" || parts.length === 0) parts.push(rest);
  return parts;
}

function cutPoint(text: string, limit: number): number {
  const window = text.slice(0, limit + 1);
  const floor = Math.floor(limit / 2);
  for (const separator of ["\n\n", "\n", " "]) {
    const at = window.lastIndexOf(separator);
    // A cut in the first half would make many tiny parts: try the next kind of boundary.
    if (at >= floor && at <= limit) return at;
  }
  const space = window.search(/\s(?=\S*$)/);
  if (space > 0 && space <= limit) return space;
  const code = text.charCodeAt(limit - 1);
  // Do not separate a high surrogate from its low half.
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}
