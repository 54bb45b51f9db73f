import type { FieldCipher } from "../privacy/fieldCipher.js";
import type { TurnStore } from "../store/turnStore.js";
import type { KeyedQueue } from "./keyedQueue.js";
import type { Outbox } from "./outbox.js";
import { inputOfStored } from "./storeInbound.js";
import type { Turn } from "./turn.js";

/**
 * Inbound messages younger than this may be in a live turn on another instance: not recovered
 * yet. An instance answers webhooks only after their turn once a turn has waited a third of it
 * for a slot (see ConversationService.backlogFull), so its backlog stays well below it.
 */
export const RECOVERY_GRACE_MS = 30_000;

export interface RecoveryDeps {
  turnStore: TurnStore;
  cipher: FieldCipher;
  queue: KeyedQueue;
  turn: Turn;
  outbox: Outbox;
  lock: (conversationId: string, task: () => Promise<void>) => Promise<void>;
  /** Whether this process stored the message and has its turn queued (not a crash's leftover). */
  waitingHere: (inboundId: number) => boolean;
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
  const leftovers = unprocessed.filter(({ row }) => !deps.waitingHere(row.id));
  for (const { row, pseudonym } of leftovers) {
    await deps.queue.run(pseudonym, async () => {
      const conversation = await deps.turn.conversationFor(row);
      if (conversation) await deps.turn.run(conversation, row, inputOfStored(row, deps.cipher));
    });
  }
  const outbound = await deps.outbox.makeNeverTriedDue(options.receivedBefore);
  await deps.outbox.retryDue(deps.lock, 1000);
  return { inbound: leftovers.length, outbound };
}
