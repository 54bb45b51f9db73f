import { z } from "zod";

/**
 * The parts of a Telegram `Update` the adapter reads, checked with zod. Objects are loose:
 * Telegram adds fields often. Names, usernames and phone numbers are deliberately not
 * declared, so nothing downstream can pick them up by accident.
 */
const chatSchema = z.looseObject({
  id: z.number().int(),
  type: z.enum(["private", "group", "supergroup", "channel"]),
});

const userSchema = z.looseObject({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  language_code: z.string().max(35).optional(),
});

const present = z.unknown().refine((v) => v !== undefined && v !== null);

export const telegramMessageSchema = z.looseObject({
  message_id: z.number().int(),
  date: z.number().int().optional(),
  chat: chatSchema,
  from: userSchema.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: present.optional(),
  video: present.optional(),
  video_note: present.optional(),
  animation: present.optional(),
  voice: present.optional(),
  audio: present.optional(),
  document: present.optional(),
  sticker: present.optional(),
  location: present.optional(),
  venue: present.optional(),
  contact: present.optional(),
  poll: present.optional(),
  dice: present.optional(),
});
export type TelegramMessage = z.infer<typeof telegramMessageSchema>;

export const callbackQuerySchema = z.looseObject({
  id: z.string().min(1),
  from: userSchema,
  message: z.looseObject({ message_id: z.number().int(), chat: chatSchema }).optional(),
  data: z.string().optional(),
});

const chatMemberUpdatedSchema = z.looseObject({
  chat: chatSchema,
  from: userSchema,
  new_chat_member: z.looseObject({ status: z.string() }),
});

export const telegramUpdateSchema = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: telegramMessageSchema.optional(),
  edited_message: telegramMessageSchema.optional(),
  channel_post: telegramMessageSchema.optional(),
  edited_channel_post: telegramMessageSchema.optional(),
  callback_query: callbackQuerySchema.optional(),
  my_chat_member: chatMemberUpdatedSchema.optional(),
});
export type TelegramUpdate = z.infer<typeof telegramUpdateSchema>;

/** The update kinds the bot asks Telegram for (`allowed_updates`). */
export const ALLOWED_UPDATES = [
  "message",
  "edited_message",
  "channel_post",
  "edited_channel_post",
  "callback_query",
  "my_chat_member",
] as const;
