import type { Button } from "../../../engine/types.js";

/**
 * Renders a question and its options as plain text, one numbered line per option, for
 * channels without buttons. The engine accepts the number ("1") and the option's words.
 *
 * @param hint a short line telling the user to type the number (translated by the caller)
 * @example numberedChoices("Chọn:", [{label: "Có", value: "yes"}], "Gõ số.") // "Chọn:\n\n1. Có\n\nGõ số."
 */
export function numberedChoices(text: string, buttons: readonly Button[], hint: string): string {
  if (buttons.length === 0) return text;
  const lines = buttons.map((b, i) => `${i + 1}. ${b.label}`);
  return [text, lines.join("\n"), hint].filter((part) => part.trim() !== "").join("\n\n");
}
