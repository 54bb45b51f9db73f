import type { ChatMessage } from "../../../conversation/types.js";
import { splitText } from "../../splitText.js";
import { numberedChoices } from "../shared/numberedChoices.js";

/** `sendMessage` accepts at most 2,000 characters. */
export const BOT_TEXT_LIMIT = 2000;

/**
 * The texts that carry one of our messages on the Bot Platform, which has no buttons that
 * we know of: options become numbered lines, and long text is split at 2,000 characters.
 */
export function toBotTexts(message: Pick<ChatMessage, "text" | "buttons">, hint: string): string[] {
  return splitText(numberedChoices(message.text, message.buttons ?? [], hint), BOT_TEXT_LIMIT);
}
