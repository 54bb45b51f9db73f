import { foldForMatch } from "../text/normalize.js";
import type { Intents } from "./flowSchema.js";
import { type EngineInput, GLOBAL_CHOICES } from "./types.js";

// `topics` are not commands: they open a place in the flows (see topics.ts).
export type IntentName = Exclude<keyof Intents, "topics">;

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
  for (const [name, phrases] of foldedPhrases(intents)) {
    for (const { phrase, spaced } of phrases) {
      if (phrase === folded) return name;
      if (spaced !== undefined && padded.includes(spaced)) return name;
    }
  }
  return undefined;
}

/** A folded phrase; `spaced`, for a phrase of several words, is it padded for a whole-word search. */
interface FoldedPhrase {
  phrase: string;
  spaced?: string;
}

// Phrases are folded (and padded) once per intents table, not on every message.
const foldedCache = new WeakMap<Intents, [IntentName, FoldedPhrase[]][]>();
function foldedPhrases(intents: Intents): [IntentName, FoldedPhrase[]][] {
  let folded = foldedCache.get(intents);
  if (!folded) {
    folded = ORDER.map((name): [IntentName, FoldedPhrase[]] => [
      name,
      intents[name]
        .map(foldForMatch)
        .filter((p) => p !== "")
        .map((phrase) => (phrase.includes(" ") ? { phrase, spaced: ` ${phrase} ` } : { phrase })),
    ]);
    foldedCache.set(intents, folded);
  }
  return folded;
}

/** True when `text` is a slash command such as `/start` (optionally `/start@bot`). */
export function slashCommand(text: string): string | undefined {
  const m = /^\/([a-z_]+)(?:@\w+)?(?:\s|$)/i.exec(text.trim());
  return m?.[1]?.toLowerCase();
}

/** Slash commands and the intent each stands for (`/xoa` is "erase", `/tuvan` asks for a person). */
const COMMANDS: Record<string, IntentName> = {
  start: "menu",
  menu: "menu",
  help: "help",
  lang: "language",
  language: "language",
  counselor: "human",
  tuvan: "human",
  human: "human",
  cancel: "cancel",
  delete: "erase",
  xoa: "erase",
};

/** Reserved button values and the intent each stands for. */
const CHOICES: Record<string, IntentName> = {
  [GLOBAL_CHOICES.menu]: "menu",
  [GLOBAL_CHOICES.human]: "human",
  [GLOBAL_CHOICES.help]: "help",
  [GLOBAL_CHOICES.cancel]: "cancel",
  [GLOBAL_CHOICES.erase]: "erase",
  [GLOBAL_CHOICES.vi]: "vietnamese",
  [GLOBAL_CHOICES.en]: "english",
};

/**
 * The global intent an input asks for, if any: a reserved button, a slash command, or a
 * phrase of `flows/intents.yaml` (see matchIntent). The one reading of intents: the engine
 * acts on it, and the conversation and handoff layers decide with it who answers.
 */
export function intentOf(input: EngineInput, intents: Intents): IntentName | undefined {
  if (input.type === "choice") return CHOICES[input.value];
  if (input.type !== "text") return undefined;
  const command = slashCommand(input.text);
  if (command) return COMMANDS[command];
  return matchIntent(input.text, intents);
}
