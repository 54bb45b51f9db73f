/** A piece of a chat text: plain words, a number to call, or a web address. */
export type TextPart =
  | { kind: "text"; text: string }
  | { kind: "tel"; text: string; href: string }
  | { kind: "url"; text: string; href: string };

// International numbers (+84 981 84 84 84), the three-digit short numbers (111, 113) standing
// alone, and web addresses (dolab.gov.vn, https://...). Dates, laws and "24/7" stay text.
const PATTERN =
  /(\+\d[\d ]{6,}\d)|((?<![\d/.,:]|\d[.,])\b11\d\b(?![\d/]|[.,:]\d))|((?:https?:\/\/)?(?:[a-z0-9-]+\.)+(?:gov\.vn|org\.vn|com\.vn|vn|org|com|net|int)\b(?:\/[^\s)]*)?)/gi;

/**
 * Splits a chat text into plain text, tap-to-call numbers (`tel:` with digits only) and links,
 * so the widget can render phone numbers and addresses as links without using HTML.
 */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(PATTERN)) {
    const at = m.index ?? 0;
    if (at > last) parts.push({ kind: "text", text: text.slice(last, at) });
    const found = m[0];
    if (m[1] || m[2]) parts.push({ kind: "tel", text: found, href: `tel:${found.replace(/[^\d+]/g, "")}` });
    else {
      const trimmed = found.replace(/[.,;:]+$/, "");
      parts.push({
        kind: "url",
        text: trimmed,
        href: /^https?:/i.test(trimmed) ? trimmed : `https://${trimmed}`,
      });
      if (trimmed.length < found.length) parts.push({ kind: "text", text: found.slice(trimmed.length) });
    }
    last = at + found.length;
  }
  if (last < text.length) parts.push({ kind: "text", text: text.slice(last) });
  return parts;
}
