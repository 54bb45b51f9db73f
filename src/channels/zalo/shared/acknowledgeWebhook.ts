import type { Response } from "express";
import type { Logger } from "pino";
import type { ConversationService } from "../../../conversation/conversationService.js";
import type { InboundMessage } from "../../../conversation/types.js";

/**
 * Hands an inbound message to the conversation service and resolves as soon as it is stored
 * (or known to be a duplicate), while the rest of the turn (engine, sending replies) goes on.
 *
 * Why: Zalo wants its webhook answered within 2 seconds, and a turn that sends several
 * replies (or refreshes a token first) can take longer. Answering only once the message is
 * stored keeps the promise "nothing acknowledged is lost": a crash after that point is
 * recovered by `service.recover()` at the next start.
 *
 * @returns a promise that rejects only when the message could not be stored.
 */
export function storeThenAck(
  deps: { service: ConversationService; logger: Logger },
  inbound: InboundMessage & { externalId: string },
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let stored = false;
    deps.service
      .handleInbound(inbound, {
        onStored: () => {
          stored = true;
          resolve();
        },
      })
      .then(
        () => resolve(),
        (err: unknown) => {
          if (!stored) return reject(err);
          // Stored, then failed: the message stays "received" and is run again at the next start.
          deps.logger.error({ err, channel: inbound.channel }, "processing a stored inbound message failed");
        },
      );
  });
}

/** What a Zalo webhook event turned into: a message to handle, or something to acknowledge and drop. */
export type WebhookOutcome =
  | { type: "message"; inbound: InboundMessage & { externalId: string } }
  | { type: "ignore"; reason: string };

/**
 * Answers a Zalo webhook for a parsed event: 200 once the message is stored (or when the event
 * is ignored), 500 when it could not be stored so the platform sends it again.
 */
export async function acknowledgeWebhook(
  deps: { service: ConversationService; logger: Logger },
  res: Response,
  outcome: WebhookOutcome,
  channel: "zalo_oa" | "zalo_bot",
): Promise<void> {
  if (outcome.type === "ignore") {
    deps.logger.debug({ channel, reason: outcome.reason }, "Zalo event ignored");
    res.status(200).json({ ok: true });
    return;
  }
  try {
    await storeThenAck(deps, outcome.inbound);
  } catch (err) {
    deps.logger.error({ err, channel }, "Zalo message could not be stored; Zalo may send it again");
    res.status(500).json({ error: { code: "internal", message: "Not stored, please retry." } });
    return;
  }
  res.status(200).json({ ok: true });
}
