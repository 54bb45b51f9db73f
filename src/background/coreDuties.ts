import type { Logger } from "pino";
import type { ConversationService } from "../conversation/conversationService.js";
import { RECOVERY_GRACE_MS } from "../conversation/recovery.js";
import { type BackgroundDuty, periodicDuty } from "./backgroundDuty.js";

/** Default period of delivery retries and of the background lock check. */
export const BACKGROUND_INTERVAL_MS = 5_000;

/**
 * The conversation service's own background work: delivery retries of outbound messages
 * (every interval) and recovery of inbound messages stored but never answered (every third
 * interval, leaving alone those a live instance may still be answering). The two never run
 * at the same time: both send due outbound rows, and two senders would send a row twice.
 */
export function coreDuties(
  service: ConversationService,
  clock: () => Date,
  logger: Logger,
  intervalMs = BACKGROUND_INTERVAL_MS,
): BackgroundDuty[] {
  let chain: Promise<unknown> = Promise.resolve();
  const oneAtATime = (task: () => Promise<unknown>) => () => {
    const next = chain.then(task);
    chain = next.catch(() => undefined);
    return next;
  };
  return [
    periodicDuty(
      "outbox",
      intervalMs,
      oneAtATime(() => service.retryDue()),
      { logger },
    ),
    periodicDuty(
      "recovery",
      intervalMs * 3,
      oneAtATime(async () => {
        const recovered = await service.recover({
          receivedBefore: new Date(clock().getTime() - RECOVERY_GRACE_MS),
        });
        if (recovered.inbound > 0) logger.info(recovered, "recovered messages stored but not answered");
      }),
      { logger },
    ),
  ];
}
