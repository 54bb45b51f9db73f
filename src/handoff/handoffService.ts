import type { ConversationService } from "../conversation/conversationService.js";
import type { ChatMessage } from "../conversation/types.js";
import type { Locale, Translate } from "../engine/types.js";
import type { FieldCipher } from "../privacy/fieldCipher.js";
import type { AuditLog } from "../store/auditLog.js";
import type { ConversationRecord } from "../store/conversationRecord.js";
import type { ConversationRepository, StatusChange } from "../store/conversationRepository.js";
import type { CounselorRepository } from "../store/counselorRepository.js";
import type { ActionResult, ConversationDetail } from "./actionResult.js";
import { type NoteView, readConversationDetail, writeNote } from "./conversationDetail.js";
import type { Outcome } from "./outcomes.js";
import type { HandoffNotice, QueueDesk } from "./queueDesk.js";
import type { QueuePlaces } from "./queuePlaces.js";
import type { QueueWatcher } from "./queueWatcher.js";
import { hasRole, type Staff } from "./roles.js";
import type { HandoffEvent } from "./stateMachine.js";
import { changeStatus } from "./statusChange.js";

export interface HandoffDeps {
  conversations: ConversationRepository;
  counselors: Pick<CounselorRepository, "find">;
  audit: Pick<AuditLog, "record">;
  service: ConversationService;
  /** What waiting people were told (a release re-tells the place). */
  desk: QueueDesk;
  places: QueuePlaces;
  /** Re-tells places after a change; serialized. */
  watcher: QueueWatcher;
  /** Notes are encrypted at rest like messages. */
  cipher: FieldCipher;
  t: Translate;
  clock: () => Date;
  outcomes: Outcome[];
  /** Told of claims and closes, for the anonymous figures. */
  stats?: { claimed(conversation: ConversationRecord): void; closed(conversation: ConversationRecord): void };
}

export type { ActionResult, ConversationDetail } from "./actionResult.js";

/**
 * The counselor side of the handoff: claim, transfer, release, close, replies, notes and the
 * detail view. (What the person hears in the queue is QueueDesk; place updates and alerts,
 * QueueWatcher; SLA reminders, urgentReminders.) Every status change goes through the
 * transition table and a conditional update (see changeStatus).
 */
export class HandoffService {
  constructor(private readonly deps: HandoffDeps) {}

  /** Subscribes to notices for the counselor holding a chat (the person asked to stop). */
  onNotice(listener: (notice: HandoffNotice) => void): () => void {
    return this.deps.desk.onNotice(listener);
  }

  /** Re-tells waiting users their place when it changed meaningfully. Serialized. */
  refreshPositions(): void {
    this.deps.watcher.refreshPositions();
  }

  /** Resolves when position updates scheduled so far are sent (tests, shutdown). */
  settled(): Promise<void> {
    return this.deps.watcher.settled();
  }

  /** Whether `staff` may see a conversation: the queue, their own chats, or everything for supervisors. */
  canSee(staff: Staff, conversation: Pick<ConversationRecord, "status" | "assignedTo">): boolean {
    return (
      hasRole(staff.role, "supervisor") ||
      conversation.status === "waiting" ||
      conversation.assignedTo === staff.id
    );
  }

  /** Takes a waiting chat. Exactly one of several simultaneous claims wins; the others get a conflict. */
  async claim(conversationId: string, staff: Staff): Promise<ActionResult> {
    const current = await this.deps.conversations.find(conversationId);
    if (!current) return { type: "not_found" };
    if (current.status === "active" && current.assignedTo === staff.id) return { type: "ok", value: current };
    const load = await this.activeCount(staff.id);
    if (load >= staff.maxChats)
      return {
        type: "conflict",
        code: "at_capacity",
        message: `You already hold ${load} chats (your limit is ${staff.maxChats}). Close or transfer one first.`,
      };
    const result = await this.move(conversationId, "claim", current.version, {
      assignedTo: staff.id,
      claimedAt: this.deps.clock(),
      slaRemindedAt: null,
    });
    if (result.type !== "ok") return result;
    this.deps.stats?.claimed(result.value);
    await this.audit(staff.id, "claim", conversationId);
    await this.deps.service.sendToUser(
      conversationId,
      { text: this.deps.t(result.value.locale, "handoff:joined", { alias: staff.alias }) },
      "system",
    );
    return result;
  }

  /**
   * Passes an active chat to a named counselor (`active → active`), or back to the queue with
   * no counselor (`active → waiting`, keeping its original place by waiting time).
   */
  async transfer(conversationId: string, staff: Staff, targetId: string | undefined): Promise<ActionResult> {
    const current = await this.deps.conversations.find(conversationId);
    if (!current) return { type: "not_found" };
    if (current.assignedTo !== staff.id && !hasRole(staff.role, "supervisor"))
      return {
        type: "forbidden",
        message: "Only the counselor holding this chat or a supervisor can transfer it.",
      };
    let targetAlias: string | undefined;
    if (targetId) {
      const target = await this.deps.counselors.find(targetId);
      if (!target || target.disabled) return { type: "invalid", message: "No active counselor has this id." };
      if (target.id === current.assignedTo)
        return {
          type: "conflict",
          code: "same_counselor",
          message: "This counselor already holds the chat.",
        };
      const load = await this.activeCount(target.id);
      if (load >= target.maxChats)
        return {
          type: "conflict",
          code: "at_capacity",
          message: `${target.alias} already holds ${load} chats (limit ${target.maxChats}).`,
        };
      targetAlias = target.alias;
    }
    const result = targetId
      ? await this.move(conversationId, "transfer", current.version, {
          assignedTo: targetId,
          claimedAt: this.deps.clock(),
        })
      : await this.move(conversationId, "release", current.version, {
          assignedTo: null,
          claimedAt: null,
          slaRemindedAt: null,
        });
    if (result.type !== "ok") return result;
    await this.audit(staff.id, "transfer", conversationId, targetId ? { to: targetId } : { to: "queue" });
    const locale = result.value.locale;
    if (targetAlias) {
      await this.deps.service.sendToUser(
        conversationId,
        { text: this.deps.t(locale, "handoff:transferred", { alias: targetAlias }) },
        "system",
      );
    } else {
      const place = await this.deps.places.placeOf(result.value);
      this.deps.desk.remember(conversationId, place);
      await this.deps.service.sendToUser(
        conversationId,
        { text: this.deps.t(locale, "handoff:released", { position: place.position }) },
        "system",
      );
    }
    return result;
  }

  /**
   * Closes an active chat with an outcome: the user gets a short goodbye and the main menu, in
   * a fresh bot conversation (see ConversationService.startAtMenu).
   */
  async close(conversationId: string, staff: Staff, outcome: string): Promise<ActionResult> {
    if (!this.deps.outcomes.some((o) => o.id === outcome))
      return {
        type: "invalid",
        message: `Unknown outcome. Use one of: ${this.deps.outcomes.map((o) => o.id).join(", ")}.`,
      };
    const current = await this.deps.conversations.find(conversationId);
    if (!current) return { type: "not_found" };
    if (current.assignedTo !== staff.id && !hasRole(staff.role, "supervisor"))
      return {
        type: "forbidden",
        message: "Only the counselor holding this chat or a supervisor can close it.",
      };
    const result = await this.move(
      conversationId,
      "close",
      current.version,
      { closedAt: this.deps.clock(), outcome },
      async (closed) => {
        await this.deps.service.startAtMenu(closed, [
          { text: this.deps.t(closed.locale, "handoff:goodbye") },
        ]);
      },
    );
    if (result.type !== "ok") return result;
    this.deps.stats?.closed(result.value);
    await this.audit(staff.id, "close", conversationId, { outcome });
    return result;
  }

  /** A counselor's reply, delivered on the user's own channel. Only the holder may write. */
  async reply(conversationId: string, staff: Staff, text: string): Promise<ActionResult<ChatMessage>> {
    const current = await this.deps.conversations.find(conversationId);
    if (!current) return { type: "not_found" };
    if (current.status !== "active" || current.assignedTo !== staff.id)
      return { type: "conflict", code: "not_holding", message: "Claim this chat before replying." };
    const message = await this.deps.service.sendToUser(conversationId, { text }, "counselor", staff.id);
    return { type: "ok", value: message };
  }

  /** An internal note, never sent to the user. */
  async addNote(conversationId: string, staff: Staff, text: string): Promise<ActionResult<NoteView>> {
    const current = await this.deps.conversations.find(conversationId);
    if (!current) return { type: "not_found" };
    if (!this.canSee(staff, current))
      return { type: "forbidden", message: "This chat is held by another counselor." };
    const note = await writeNote(this.deps, {
      conversationId,
      counselorId: staff.id,
      text,
      at: this.deps.clock(),
    });
    return { type: "ok", value: note };
  }

  /** Status, whole transcript, screening answers, risk and notes. Audited as a view. */
  async detail(
    conversationId: string,
    staff: Staff,
    lang: Locale = "vi",
  ): Promise<ActionResult<ConversationDetail>> {
    const found = await readConversationDetail(this.deps, conversationId, lang);
    if (!found) return { type: "not_found" };
    if (!this.canSee(staff, found.access))
      return { type: "forbidden", message: "This chat is held by another counselor." };
    await this.audit(staff.id, "view", conversationId);
    return { type: "ok", value: found.detail };
  }

  private activeCount(counselorId: string): Promise<number> {
    return this.deps.conversations.countHeldBy(counselorId);
  }

  /** One checked status change (see changeStatus). */
  private move(
    conversationId: string,
    event: HandoffEvent,
    expectedVersion: number,
    change: StatusChange,
    afterInLock?: (updated: ConversationRecord) => Promise<void>,
  ): Promise<ActionResult> {
    return changeStatus(this.deps, conversationId, event, expectedVersion, change, afterInLock);
  }

  private async audit(
    counselorId: string | null,
    action: string,
    conversationId: string,
    detail?: Record<string, string>,
  ) {
    await this.deps.audit.record({
      counselorId,
      action,
      conversationId,
      ...(detail ? { detail } : {}),
      at: this.deps.clock(),
    });
  }
}
