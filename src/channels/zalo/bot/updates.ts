import { z } from "zod";
import type { InboundMessage } from "../../../conversation/types.js";

/** Prefix of our external ids for Bot Platform messages: dedupe is on `zbot:<message_id>`. */
export const BOT_EXTERNAL_PREFIX = "zbot:";

/**
 * One Bot Platform update. `from.display_name` exists but is deliberately not read: we
 * store no names.
 */
export const botUpdateSchema = z.object({
  event_name: z.string().min(1),
  message: z
    .object({
      message_id: z.union([z.string(), z.number()]).transform(String),
      chat: z.object({
        id: z.union([z.string(), z.number()]).transform(String),
        chat_type: z.string().optional(),
      }),
      date: z.number().optional(),
      text: z.string().optional(),
    })
    .optional(),
});
export type BotUpdate = z.infer<typeof botUpdateSchema>;

/** The update itself, whether it arrives bare or wrapped in `{ok, result}`. */
export function unwrapUpdate(body: unknown): unknown {
  if (typeof body === "object" && body !== null && "result" in body && !("event_name" in body)) {
    return (body as { result: unknown }).result;
  }
  return body;
}

const MEDIA_EVENTS: Record<string, string> = {
  "message.image.received": "image",
  "message.sticker.received": "sticker",
  "message.unsupported.received": "unsupported",
};

export type BotUpdateOutcome =
  | { type: "message"; inbound: InboundMessage & { externalId: string } }
  | { type: "ignore"; reason: string };

/**
 * Translates an update into our `InboundMessage`. Only private chats are served: a hotline
 * conversation does not belong in a group, so group messages are ignored.
 */
export function toBotInbound(update: BotUpdate, at: Date): BotUpdateOutcome {
  const message = update.message;
  const media = MEDIA_EVENTS[update.event_name];
  if (update.event_name !== "message.text.received" && !media) {
    return { type: "ignore", reason: `event ${update.event_name}` };
  }
  if (!message) return { type: "ignore", reason: "update without message" };
  if (message.chat.chat_type && message.chat.chat_type.toUpperCase() !== "PRIVATE") {
    return { type: "ignore", reason: "not a private chat" };
  }
  const base = {
    channel: "zalo_bot" as const,
    channelUserId: message.chat.id,
    externalId: `${BOT_EXTERNAL_PREFIX}${message.message_id}`,
    // `date` is left alone: whether it counts seconds or milliseconds is not documented where we looked.
    at,
  };
  if (media) return { type: "message", inbound: { ...base, input: { type: "media", media } } };
  return { type: "message", inbound: { ...base, input: { type: "text", text: message.text ?? "" } } };
}
