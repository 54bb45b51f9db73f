import type { Button } from "../engine/types.js";
import type { FieldCipher } from "../privacy/fieldCipher.js";
import type { Message } from "../store/turnTypes.js";
import type { ChatMessage, Sender } from "./types.js";

/**
 * Maps a stored message row to the public `Message` shape, decrypting its text; `plain` is the
 * text as the caller wrote it into this very row (then nothing is decrypted).
 */
export function toChatMessage(row: Message, cipher: FieldCipher, plain?: string): ChatMessage {
  const buttons = row.buttons ? (JSON.parse(row.buttons) as Button[]) : undefined;
  const message: ChatMessage = {
    id: String(row.id),
    from: row.sender as Sender,
    text: plain ?? cipher.open(row.text) ?? row.choice ?? "",
    at: row.createdAt.toISOString(),
  };
  if (buttons && buttons.length > 0) message.buttons = buttons;
  return message;
}
