import type { InboundMessage } from "../../conversation/types.js";
import type { Locale } from "../../engine/types.js";
import { decodeChoice } from "./callbackData.js";
import { type TelegramMessage, type TelegramUpdate, telegramUpdateSchema } from "./telegramUpdate.js";

/**
 * What to do with one Telegram update. Only `inbound` reaches the conversation layer (and
 * is stored); the others are answered, or not, without storing anything.
 */
export type TelegramAction =
  /** A private message or button press for the conversation; `callbackQueryId` must be answered. */
  | { type: "inbound"; message: InboundMessage; callbackQueryId?: string }
  /** A button whose data we did not write (an old version, or forged): answer it, nothing more. */
  | { type: "stale_button"; callbackQueryId: string; locale: Locale }
  /** Anything from a group, supergroup or channel: ask once to write privately, store nothing. */
  | { type: "group"; chatId: string; locale: Locale; callbackQueryId?: string }
  /** The user edited an earlier message: a polite note, not a new answer. */
  | { type: "edited"; chatId: string; locale: Locale }
  /** The user blocked the bot (private chat member status `kicked`). */
  | { type: "blocked"; chatId: string }
  | { type: "ignore"; reason: string };

/** Telegram's `language_code` (IETF tag) as one of our locales: English if it says so, else Vietnamese. */
export function localeFromLanguageCode(code: string | undefined): Locale {
  return code?.toLowerCase().startsWith("en") ? "en" : "vi";
}

/** The dedupe key of an update: Telegram re-sends the same `update_id` when a webhook fails. */
export function externalIdOf(updateId: number): string {
  return `tg:${updateId}`;
}

const MEDIA_FIELDS = [
  // `animation` messages also carry `document`, so it is checked first.
  "animation",
  "photo",
  "video",
  "video_note",
  "voice",
  "audio",
  "sticker",
  "document",
  "location",
  "venue",
  "contact",
  "poll",
  "dice",
] as const;

/** The kind of media in a message, e.g. "photo", or undefined for none. */
export function mediaKindOf(message: TelegramMessage): string | undefined {
  return MEDIA_FIELDS.find((field) => message[field] !== undefined);
}

/**
 * Classifies a raw Telegram update (checked with zod) into the one action the adapter takes.
 * Pure: the caller passes the time. Only the chat id leaves this function as an identity;
 * names, usernames and phone numbers are never read.
 */
export function classifyUpdate(raw: unknown, now: Date): TelegramAction {
  const parsed = telegramUpdateSchema.safeParse(raw);
  if (!parsed.success) return { type: "ignore", reason: "unreadable update" };
  const update: TelegramUpdate = parsed.data;
  const externalId = externalIdOf(update.update_id);

  if (update.callback_query) {
    const query = update.callback_query;
    const chat = query.message?.chat;
    const locale = localeFromLanguageCode(query.from.language_code);
    if (chat && chat.type !== "private") {
      return { type: "group", chatId: String(chat.id), locale, callbackQueryId: query.id };
    }
    const decoded = decodeChoice(query.data);
    // Without the message (too old for Telegram to include) the private chat id equals the user id.
    const chatId = String(chat?.id ?? query.from.id);
    if (decoded.type === "unknown") return { type: "stale_button", callbackQueryId: query.id, locale };
    return {
      type: "inbound",
      callbackQueryId: query.id,
      message: {
        channel: "telegram",
        channelUserId: chatId,
        address: chatId,
        externalId,
        input: { type: "choice", value: decoded.value },
        at: now,
        locale,
      },
    };
  }

  const edited = update.edited_message ?? update.edited_channel_post;
  if (edited) {
    if (edited.chat.type !== "private") return { type: "ignore", reason: "edit in a group" };
    return {
      type: "edited",
      chatId: String(edited.chat.id),
      locale: localeFromLanguageCode(edited.from?.language_code),
    };
  }

  if (update.my_chat_member) {
    const member = update.my_chat_member;
    if (member.chat.type === "private" && member.new_chat_member.status === "kicked") {
      return { type: "blocked", chatId: String(member.chat.id) };
    }
    return { type: "ignore", reason: "membership change" };
  }

  const message = update.message ?? update.channel_post;
  if (!message) return { type: "ignore", reason: "update kind not handled" };
  if (message.chat.type !== "private") {
    return {
      type: "group",
      chatId: String(message.chat.id),
      locale: localeFromLanguageCode(message.from?.language_code),
    };
  }
  if (message.from?.is_bot) return { type: "ignore", reason: "message from a bot" };

  const chatId = String(message.chat.id);
  const base = {
    channel: "telegram" as const,
    channelUserId: chatId,
    address: chatId,
    externalId,
    at: now,
    locale: localeFromLanguageCode(message.from?.language_code),
  };
  if (message.text !== undefined && message.text.trim() !== "") {
    return { type: "inbound", message: { ...base, input: { type: "text", text: message.text } } };
  }
  // A caption is text the user wrote: it goes through the same risk check as a message.
  if (message.caption !== undefined && message.caption.trim() !== "") {
    return { type: "inbound", message: { ...base, input: { type: "text", text: message.caption } } };
  }
  const media = mediaKindOf(message);
  if (media) return { type: "inbound", message: { ...base, input: { type: "media", media } } };
  return { type: "ignore", reason: "service message" };
}
