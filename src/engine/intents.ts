import { foldForMatch } from "../text/normalize.js";
import type { Intents } from "./flowSchema.js";

export type IntentName = keyof Intents;

const ORDER: IntentName[] = ["erase", "cancel", "human", "english", "vietnamese", "language", "menu", "help"];

/**
 * Finds the global intent a free-text message asks for, if any.
 *
 * A one-word phrase ("menu", "help") must be the whole message, so a story that mentions
 * the word is not taken as a command; a longer phrase ("tư vấn viên") may stand anywhere
 * on word boundaries. Matching is on folded text, so marks and case do not matter.
 */
export function matchIntent(text: string, intents: Intents): IntentName | undefined {
  const folded = foldForMatch(text);
  if (folded === "") return undefined;
  const padded = ` ${folded} `;
  for (const name of ORDER) {
    for (const phrase of intents[name]) {
      const p = foldForMatch(phrase);
      if (p === "") continue;
      if (p === folded) return name;
      if (p.includes(" ") && padded.includes(` ${p} `)) return name;
    }
  }
  return undefined;
}

/** True when `text` is a slash command such as `/start` (optionally `/start@bot`). */
export function slashCommand(text: string): string | undefined {
  const m = /^\/([a-z_]+)(?:@\w+)?(?:\s|$)/i.exec(text.trim());
  return m?.[1]?.toLowerCase();
}
