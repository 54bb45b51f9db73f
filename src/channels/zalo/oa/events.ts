import { z } from "zod";
import type { InboundMessage } from "../../../conversation/types.js";
import { fromButtonPayload } from "./choicePayload.js";

/** Prefix of our external ids for OA messages: dedupe is on `zoa:<msg_id>`. */
export const OA_EXTERNAL_PREFIX = "zoa:";

/** What every OA webhook event carries that we use; other fields are ignored. */
export const oaEventSchema = z.object({
  event_name: z.string().min(1),
  app_id: z.string().optional(),
  timestamp: z.union([z.string(), z.number()]).transform(String),
  sender: z.object({ id: z.string().min(1) }).optional(),
  recipient: z.object({ id: z.string() }).optional(),
  message: z
    .object({
      msg_id: z.string().min(1).optional(),
      text: z.string().optional(),
    })
    .optional(),
});
export type OaEvent = z.infer<typeof oaEventSchema>;

/** Events a user sends that carry something other than text: answered kindly, not read. */
const MEDIA_EVENTS: Record<string, string> = {
  user_send_image: "image",
  user_send_gif: "gif",
  user_send_sticker: "sticker",
  user_send_file: "file",
  user_send_audio: "audio",
  user_send_video: "video",
  user_send_location: "location",
  user_send_link: "link",
  user_send_business_card: "business_card",
};

export type OaEventOutcome =
  | { type: "message"; inbound: InboundMessage & { externalId: string } }
  | { type: "ignore"; reason: string };

/**
 * Translates an OA webhook event into our `InboundMessage`, or says why it is ignored
 * (follow/unfollow, seen receipts, the OA's own messages, anything unknown).
 */
export function toOaInbound(event: OaEvent, at: Date): OaEventOutcome {
  const userId = event.sender?.id;
  const msgId = event.message?.msg_id;
  const media = MEDIA_EVENTS[event.event_name];
  if (event.event_name !== "user_send_text" && !media)
    return { type: "ignore", reason: `event ${event.event_name}` };
  if (!userId || !msgId) return { type: "ignore", reason: "event without sender or message id" };
  const base = {
    channel: "zalo_oa" as const,
    channelUserId: userId,
    externalId: `${OA_EXTERNAL_PREFIX}${msgId}`,
    at,
  };
  if (media) return { type: "message", inbound: { ...base, input: { type: "media", media } } };
  const text = event.message?.text ?? "";
  const choice = fromButtonPayload(text);
  return {
    type: "message",
    inbound: { ...base, input: choice ? { type: "choice", value: choice } : { type: "text", text } },
  };
}

/** Reads the event timestamp out of a raw body without trusting anything else in it. */
export function timestampOf(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const ts = (body as { timestamp?: unknown }).timestamp;
  return typeof ts === "string" || typeof ts === "number" ? String(ts) : undefined;
}
