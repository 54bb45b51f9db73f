import { GrammyError, HttpError } from "grammy";

/**
 * What a failed Bot API call means for delivery. Tagged, so the sender's `switch` is exhaustive.
 * `blocked`: the user blocked the bot or deleted their account (403): never retry.
 * `rejected`: Telegram refused the request for good (other 4xx: chat not found, bad request).
 * `temporary`: 5xx, network failure, or a 429 that outlasted auto-retry: retry later.
 */
export type SendFailure =
  | { type: "blocked"; reason: string }
  | { type: "rejected"; reason: string }
  | { type: "temporary"; reason: string };

/**
 * Classifies an error thrown by grammY. The reason holds the status and Telegram's
 * description only: grammY's errors also carry the request payload (chat id and text),
 * which must never reach a log or the database.
 */
export function classifySendError(err: unknown): SendFailure {
  if (err instanceof GrammyError) {
    const reason = `telegram ${err.error_code}: ${err.description}`.slice(0, 300);
    if (err.error_code === 403) return { type: "blocked", reason };
    if (err.error_code === 429 || err.error_code >= 500) return { type: "temporary", reason };
    if (err.error_code >= 400) return { type: "rejected", reason };
    return { type: "temporary", reason };
  }
  if (err instanceof HttpError)
    return { type: "temporary", reason: "network error reaching the Telegram Bot API" };
  return { type: "temporary", reason: "unexpected error while sending to Telegram" };
}

/** Fields of a grammY error that are safe to log (no payload, no token, no text). */
export function safeErrorFields(err: unknown): { code?: number; description?: string; kind: string } {
  if (err instanceof GrammyError)
    return { kind: "telegram", code: err.error_code, description: err.description };
  if (err instanceof HttpError) return { kind: "network" };
  if (err instanceof Error) return { kind: err.name };
  return { kind: typeof err };
}
