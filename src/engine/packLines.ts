/** A message longer than this is hard to read on a phone and nears channel limits (Zalo: 2,000). */
export const MAX_MESSAGE_CHARS = 500;

/**
 * Packs lines into as few messages as fit `max` characters each, keeping lines whole and in
 * order, joined by `separator`. A single line longer than `max` becomes a message of its own.
 */
export function packLines(lines: string[], separator = "\n", max = MAX_MESSAGE_CHARS): string[] {
  const messages: string[] = [];
  let current = "";
  for (const line of lines) {
    if (current === "") current = line;
    else if (current.length + separator.length + line.length <= max) current += separator + line;
    else {
      messages.push(current);
      current = line;
    }
  }
  if (current !== "") messages.push(current);
  return messages;
}
