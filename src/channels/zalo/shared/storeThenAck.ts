import type { Logger } from "pino";
import type { ConversationService } from "../../../conversation/conversationService.js";
import type { InboundMessage } from "../../../conversation/types.js";
import type { PrismaClient } from "../../../store/prisma.js";

/**
 * Hands an inbound message to the conversation service and resolves as soon as it is stored
 * (or known to be a duplicate), while the rest of the turn (engine, sending replies) goes on.
 *
 * Why: Zalo wants its webhook answered within 2 seconds, and a turn that sends several
 * replies (or refreshes a token first) can take longer. Answering only once the message is
 * stored keeps the promise "nothing acknowledged is lost": a crash after that point is
 * recovered by `service.recover()` at the next start.
 *
 * The service has no "stored" callback, so this listens to its message events and checks
 * the database for this message's `(channel, externalId)` when one of this channel arrives.
 *
 * @returns a promise that rejects only when the message could not be stored.
 */
export function storeThenAck(
  deps: { service: ConversationService; prisma: PrismaClient; logger: Logger },
  inbound: InboundMessage & { externalId: string },
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      unsubscribe();
      outcome();
    };
    const unsubscribe = deps.service.onMessage((event) => {
      if (settled || event.channel !== inbound.channel || event.message.from !== "user") return;
      deps.prisma.message
        .findUnique({
          where: { channel_externalId: { channel: inbound.channel, externalId: inbound.externalId } },
          select: { id: true },
        })
        .then((row) => {
          if (row) settle(resolve);
        })
        .catch(() => undefined);
    });
    deps.service.handleInbound(inbound).then(
      () => settle(resolve),
      (err: unknown) => {
        if (settled) {
          // Stored, then failed: the message stays "received" and is run again at the next start.
          deps.logger.error({ err, channel: inbound.channel }, "processing a stored inbound message failed");
          return;
        }
        settle(() => reject(err));
      },
    );
  });
}
