import type { FieldCipher } from "../privacy/fieldCipher.js";
import type { TurnStore } from "../store/turnStore.js";
import type { KeyedQueue } from "./keyedQueue.js";
import type { Outbox } from "./outbox.js";
import { inputOfStored } from "./storeInbound.js";
import type { Turn } from "./turn.js";

export interface RecoveryDeps {
  turnStore: TurnStore;
  cipher: FieldCipher;
  queue: KeyedQueue;
  turn: Turn;
  outbox: Outbox;
  lock: (conversationId: string, task: () => Promise<void>) => Promise<void>;
}

/**
 * After a crash: inbound messages stored but never processed are run now, in order, and
 * outbound messages never attempted are sent. Nothing acknowledged is lost.
 * `receivedBefore` leaves alone the messages a live instance may be answering right now
 * (continuous recovery); were one taken anyway, only one instance can mark it processed.
 */
export async function recoverUnfinished(
  deps: RecoveryDeps,
  options: { receivedBefore?: Date } = {},
): Promise<{ inbound: number; outbound: number }> {
  const { turnStore } = deps;
  const unprocessed = await turnStore.unprocessedInbound(options.receivedBefore);
  for (const { row, pseudonym } of unprocessed) {
    await deps.queue.run(pseudonym, async () => {
      const conversation = await turnStore.conversation(row.conversationId);
      await deps.turn.run(conversation, row, inputOfStored(row, deps.cipher));
    });
  }
  const outbound = await deps.outbox.makeNeverTriedDue(options.receivedBefore);
  await deps.outbox.retryDue(deps.lock, 1000);
  return { inbound: unprocessed.length, outbound };
}
