import type { ConversationService } from "../conversation/conversationService.js";
import type { ConversationRecord } from "../store/conversationRecord.js";
import type { ConversationRepository, StatusChange } from "../store/conversationRepository.js";
import type { ActionResult } from "./actionResult.js";
import { type HandoffEvent, transition } from "./stateMachine.js";

export interface StatusChangeDeps {
  conversations: Pick<ConversationRepository, "find" | "changeStatus">;
  service: Pick<ConversationService, "withConversationLock" | "notifyStatus">;
}

/**
 * One checked status change by a counselor (claim, transfer, release, close): the transition
 * table says whether `event` is legal from the current status, and the store's conditional
 * update on `(id, status, version)` makes it atomic, so two claims of one chat can never both
 * win, in one process or several. Runs inside the conversation's lock so it never interleaves
 * with the person's own turn; `afterInLock` runs there too, with the changed conversation.
 */
export async function changeStatus(
  deps: StatusChangeDeps,
  conversationId: string,
  event: HandoffEvent,
  expectedVersion: number,
  change: StatusChange,
  afterInLock?: (updated: ConversationRecord) => Promise<void>,
): Promise<ActionResult> {
  const { conversations, service } = deps;
  const outcome = await service.withConversationLock(conversationId, async (): Promise<ActionResult> => {
    const current = await conversations.find(conversationId);
    if (!current) return { type: "not_found" };
    const step = transition(current.status, event);
    if (!step.ok || current.version !== expectedVersion)
      return {
        type: "conflict",
        code: event === "claim" ? "already_claimed" : "conflict",
        message:
          event === "claim"
            ? "Another counselor has just taken this chat, or it left the queue."
            : `This chat is ${current.status} now; reload it and try again.`,
      };
    const updated = await conversations.changeStatus(conversationId, current, step.to, change);
    if (!updated)
      return {
        type: "conflict",
        code: "conflict",
        message: "Someone else changed this chat at the same moment.",
      };
    await afterInLock?.(updated);
    return { type: "ok", value: updated };
  });
  if (outcome.type === "ok") service.notifyStatus(outcome.value);
  return outcome;
}
