import axios from "axios";
import { z } from "zod";
import { describeHttpError } from "../shared/describeHttpError.js";
import type { OaMessage } from "./render.js";

/** Zalo's "access token invalid or expired" error: refresh, then retry once. */
export const TOKEN_ERROR = -216;
/**
 * Refusals because the user has not written to the OA recently (outside the free reply
 * window). Zalo's documentation names 230; we also accept its negative form, since Zalo's
 * other errors are negative. Not verified against the live API.
 */
export const WINDOW_ERRORS: ReadonlySet<number> = new Set([230, -230]);

const responseSchema = z.object({
  error: z.coerce.number(),
  message: z.string().optional(),
  data: z.object({ message_id: z.string().optional() }).passthrough().optional(),
});

export type OaRecipient = { user_id: string } | { message_id: string };

export type OaSendOutcome =
  | { type: "sent"; messageId?: string }
  | { type: "token-invalid" }
  | { type: "outside-window"; code: number; description: string }
  | { type: "failed"; description: string };

/**
 * Sends one message through `POST {apiRoot}/v3.0/oa/message/cs`. Zalo reports errors as
 * HTTP 200 with a non-zero `error`: those become failures here, never successes.
 */
export async function sendOaMessage(
  apiRoot: string,
  accessToken: string,
  recipient: OaRecipient,
  message: OaMessage,
): Promise<OaSendOutcome> {
  let data: unknown;
  try {
    const res = await axios.post(
      `${apiRoot.replace(/\/$/, "")}/v3.0/oa/message/cs`,
      { recipient, message },
      { headers: { access_token: accessToken, "content-type": "application/json" }, timeout: 10_000 },
    );
    data = res.data;
  } catch (err) {
    return { type: "failed", description: `Zalo OA API call failed: ${describeHttpError(err)}` };
  }
  const parsed = responseSchema.safeParse(data);
  if (!parsed.success) return { type: "failed", description: "Zalo OA API answered with an unexpected body" };
  const { error, message: text } = parsed.data;
  if (error === 0) {
    const messageId = parsed.data.data?.message_id;
    return messageId ? { type: "sent", messageId } : { type: "sent" };
  }
  if (error === TOKEN_ERROR) return { type: "token-invalid" };
  const description = `Zalo OA error ${error}${text ? `: ${text.slice(0, 200)}` : ""}`;
  if (WINDOW_ERRORS.has(error)) return { type: "outside-window", code: error, description };
  return { type: "failed", description };
}
