import type { Intents } from "../engine/flowSchema.js";
import { type IntentName, matchIntent, slashCommand } from "../engine/intents.js";
import { type EngineInput, GLOBAL_CHOICES } from "../engine/types.js";

/** The global intent a user input asks for ("cancel", "menu"...), if any. */
export function intentOf(input: EngineInput, intents: Intents): IntentName | undefined {
  if (input.type === "choice") {
    const byValue: Record<string, IntentName> = {
      [GLOBAL_CHOICES.menu]: "menu",
      [GLOBAL_CHOICES.human]: "human",
      [GLOBAL_CHOICES.help]: "help",
      [GLOBAL_CHOICES.cancel]: "cancel",
      [GLOBAL_CHOICES.erase]: "erase",
      [GLOBAL_CHOICES.vi]: "vietnamese",
      [GLOBAL_CHOICES.en]: "english",
    };
    return byValue[input.value];
  }
  if (input.type !== "text") return undefined;
  const command = slashCommand(input.text);
  if (command === "cancel") return "cancel";
  if (command === "start" || command === "menu") return "menu";
  if (command === "delete" || command === "xoa") return "erase";
  if (command) return undefined;
  return matchIntent(input.text, intents);
}
