import type { InlineKeyboardMarkup } from "grammy/types";
import type { ChatMessage } from "../../conversation/types.js";
import type { Button } from "../../engine/types.js";
import { splitText } from "../splitText.js";
import { encodeChoice } from "./callbackData.js";

/** Telegram's limit for one text message, in characters (UTF-16 code units, as JS counts). */
export const TELEGRAM_TEXT_LIMIT = 4096;

/** One `sendMessage` call: text and, on the last part only, the inline keyboard. */
export interface TelegramOutgoing {
  text: string;
  reply_markup?: InlineKeyboardMarkup;
}

/**
 * Inline keyboard with one button per row (labels are sentences, which read badly side by
 * side on a phone). Buttons whose value cannot be encoded are left out and returned in
 * `dropped`, so the caller can warn the operator; the flow checker should make that impossible.
 */
export function toTelegramKeyboard(buttons: readonly Button[]): {
  markup?: InlineKeyboardMarkup;
  dropped: Button[];
} {
  const rows: InlineKeyboardMarkup["inline_keyboard"] = [];
  const dropped: Button[] = [];
  for (const button of buttons) {
    const data = encodeChoice(button.value);
    if (data) rows.push([{ text: button.label, callback_data: data }]);
    else dropped.push(button);
  }
  return rows.length > 0 ? { markup: { inline_keyboard: rows }, dropped } : { dropped };
}

/** Turns one stored outbound message into the `sendMessage` calls that deliver it, in order. */
export function toTelegramMessages(
  message: Pick<ChatMessage, "text" | "buttons">,
  limit = TELEGRAM_TEXT_LIMIT,
): { messages: TelegramOutgoing[]; dropped: Button[] } {
  const { markup, dropped } = toTelegramKeyboard(message.buttons ?? []);
  const text = message.text.trim();
  // Telegram refuses empty text; a keyboard alone still needs something to hang on.
  if (text === "" && !markup) return { messages: [], dropped };
  const parts = splitText(text === "" ? "…" : text, limit);
  const messages: TelegramOutgoing[] = parts.map((part) => ({ text: part }));
  const last = messages[messages.length - 1];
  if (markup && last) last.reply_markup = markup;
  return { messages, dropped };
}
