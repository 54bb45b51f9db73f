import type { Logger } from "pino";
import type { ConversationService } from "../conversation/conversationService.js";
import type { Channel, ChatMessage, ConversationStatus } from "../conversation/types.js";
import type {
  EngineInput,
  Locale,
  OutMessage,
  Priority,
  RiskLevel,
  Scalar,
  Translate,
} from "../engine/types.js";
import { HANDOFF_NOTICE_KEY } from "../flows/loadHandoffNotice.js";
import type { FieldCipher } from "../privacy/fieldCipher.js";
import type { ConversationDetailDto } from "../shared/consoleDto.js";
import type { Conversation, PrismaClient } from "../store/prisma.js";
import { awaitingReplySince } from "../store/replyWait.js";
import {
  type AlertSink,
  newWaitingAlert,
  urgentReminder,
  urgentUnansweredReminder,
} from "./counselorAlerts.js";
import { type OfficeHours, officeStatus } from "./officeHours.js";
import type { Outcome } from "./outcomes.js";
import { positionIn, type Queued } from "./queueOrder.js";
import { readQueue } from "./queueView.js";
import { hasRole, type Staff } from "./roles.js";
import { type HandoffEvent, transition } from "./stateMachine.js";
import { messageKept, queueMessage, queueUpdate, whereaboutsOf } from "./userMessages.js";
import { estimateWait, isMeaningfulChange, type Told, type WaitEstimate } from "./waitEstimate.js";

export interface HandoffDeps {
  prisma: PrismaClient;
  service: ConversationService;
  /** Notes are encrypted at rest like messages. */
  cipher: FieldCipher;
  t: Translate;
  clock: () => Date;
  logger: Logger;
  officeHours: OfficeHours;
  outcomes: Outcome[];
  alerts?: AlertSink;
  urgentSlaSeconds: number;
  /** Told of claims and closes, for the anonymous figures. */
  stats?: { claimed(conversation: Conversation): void; closed(conversation: Conversation): void };
}

/** Expected outcomes of a console action, mapped to HTTP statuses by the routes. */
export type ActionResult<T = Conversation> =
  | { type: "ok"; value: T }
  | { type: "not_found" }
  | { type: "forbidden"; message: string }
  | { type: "conflict"; code: string; message: string }
  | { type: "invalid"; message: string };

/** The full view of one conversation for the console (the shape is in consoleDto). */
export type ConversationDetail = Omit<ConversationDetailDto, "earlier">;

const HANDLING_SAMPLES = 30;
const HANDLING_WINDOW_DAYS = 14;

/**
 * The handoff layer: queue, claim, transfer, release, close, messages to the user, queue
 * position updates and counselor alerts. Every status change goes through the transition table
 * and a conditional update on `(id, status, version)`, so two claims of one chat can never
 * both win, in one process or several.
 */
export class HandoffService {
  /** What each waiting user was last told about their place (per process; a restart re-tells). */
  private readonly told = new Map<string, Told>();
  /** Last status seen per conversation, to alert only when a chat enters the queue. */
  private readonly lastStatus = new Map<string, ConversationStatus>();
  private refreshing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: HandoffDeps) {}

  /** Installs the conversation hooks and status listener. Returns an uninstall function. */
  install(): () => void {
    const { service } = this.deps;
    service.hooks.onHandoffRequested = (c, priority, _reason, vars) =>
      this.onHandoffRequested(c, priority, vars);
    service.hooks.onUserMessageWhileActive = (c, m, input) => this.onUserMessageWhileActive(c, m, input);
    service.hooks.onUserMessageWhileWaiting = (c) => this.onUserMessageWhileWaiting(c);
    service.hooks.onHandoffCancelled = (c) => this.onHandoffCancelled(c);
    const off = service.onStatus((c) => this.onStatusChanged(c));
    return () => {
      off();
      delete service.hooks.onHandoffRequested;
      delete service.hooks.onUserMessageWhileActive;
      delete service.hooks.onUserMessageWhileWaiting;
      delete service.hooks.onHandoffCancelled;
    };
  }

  /** Listeners for "a counselor should know" notices (the user asked to stop). */
  onNotice?: (notice: { conversationId: string; assignedTo: string | null; kind: "user_stop" }) => void;

  // ---- user side ----

  private async onHandoffRequested(
    conversation: Conversation,
    priority: Priority,
    vars?: Record<string, Scalar>,
  ): Promise<OutMessage[]> {
    const locale = conversation.locale as Locale;
    const location = whereaboutsOf(vars);
    const effective = (conversation.priority ?? priority) as Priority;
    if (conversation.status !== "waiting") return [];
    if (this.told.has(conversation.id)) {
      const again = await this.placeOf(conversation);
      return [
        { text: this.deps.t(locale, "handoff:queue.still_waiting", { position: again.position, location }) },
      ];
    }
    const facts = await this.placeOf({
      id: conversation.id,
      priority: effective,
      waitingSince: conversation.waitingSince,
    });
    this.told.set(conversation.id, facts);
    return [
      // Once per handoff: what the counselor will see (an operator setting, flows/handoff-notice.yaml).
      // Before the queue message, so that the buttons to leave the queue or call stay on the last bubble.
      { text: this.deps.t(locale, HANDOFF_NOTICE_KEY) },
      queueMessage(this.deps.t, locale, {
        ...facts,
        priority: effective,
        office: officeStatus(this.deps.clock(), this.deps.officeHours),
        counselorAvailable:
          (await this.deps.prisma.counselor.count({ where: { available: true, disabled: false } })) > 0,
        timeZone: this.deps.officeHours.timezone,
        location,
      }),
    ];
  }

  private async onUserMessageWhileWaiting(conversation: Conversation): Promise<OutMessage[]> {
    const facts = await this.placeOf(conversation);
    const location = whereaboutsOf(this.deps.service.readState(conversation).vars);
    return [messageKept(this.deps.t, conversation.locale as Locale, facts.position, location)];
  }

  private async onHandoffCancelled(conversation: Conversation): Promise<OutMessage[]> {
    this.told.delete(conversation.id);
    await this.audit(null, "cancel", conversation.id);
    return [{ text: this.deps.t(conversation.locale as Locale, "handoff:queue.cancelled") }];
  }

  private async onUserMessageWhileActive(
    conversation: Conversation,
    _m: ChatMessage,
    input: EngineInput,
  ): Promise<OutMessage[]> {
    // Every message goes to the counselor (the console gets it through onMessage); the bot stays
    // silent, except that the user's own "stop" is acknowledged and flagged to the counselor.
    if (this.deps.service.intentOf(input) !== "cancel") return [];
    this.onNotice?.({
      conversationId: conversation.id,
      assignedTo: conversation.assignedTo,
      kind: "user_stop",
    });
    return [{ text: this.deps.t(conversation.locale as Locale, "handoff:stop_told") }];
  }

  /** Where the person in a conversation is, as far as the bot knows. */
  private async whereaboutsOf(conversationId: string) {
    const row = await this.deps.prisma.conversation.findUnique({
      where: { id: conversationId },
      select: { state: true },
    });
    return whereaboutsOf(row ? this.deps.service.readState(row).vars : undefined);
  }

  /** Place and estimate of a waiting conversation among all waiting ones. */
  private async placeOf(item: Queued): Promise<Told> {
    const waiting = await this.deps.prisma.conversation.findMany({
      where: { status: "waiting" },
      select: { id: true, priority: true, waitingSince: true },
    });
    const position = positionIn(item, waiting as Queued[]);
    return { position, estimate: await this.estimateFor(position) };
  }

  private async estimateFor(position: number): Promise<WaitEstimate> {
    const { prisma, clock } = this.deps;
    const since = new Date(clock().getTime() - HANDLING_WINDOW_DAYS * 86_400_000);
    const [recent, available] = await Promise.all([
      prisma.conversation.findMany({
        where: { closedAt: { gte: since }, claimedAt: { not: null } },
        orderBy: { closedAt: "desc" },
        take: HANDLING_SAMPLES,
        select: { claimedAt: true, closedAt: true },
      }),
      prisma.counselor.aggregate({ where: { available: true, disabled: false }, _sum: { maxChats: true } }),
    ]);
    return estimateWait({
      position,
      recentHandlingMinutes: recent.map((r) => (r.closedAt!.getTime() - r.claimedAt!.getTime()) / 60_000),
      capacity: available._sum.maxChats ?? 0,
    });
  }

  private onStatusChanged(conversation: Conversation): void {
    const before = this.lastStatus.get(conversation.id);
    const now = conversation.status as ConversationStatus;
    if (now === "closed" || now === "bot") this.lastStatus.delete(conversation.id);
    else this.lastStatus.set(conversation.id, now);
    if (now === "waiting" && before !== "waiting") void this.alertNewWaiting(conversation);
    if (now !== "waiting") this.told.delete(conversation.id);
    this.refreshPositions();
  }

  /** Re-tells waiting users their place when it changed meaningfully. Serialized. */
  refreshPositions(): void {
    this.refreshing = this.refreshing
      .then(() => this.tellPositions())
      .catch((err: unknown) => this.deps.logger.error({ err }, "queue position update failed"));
  }

  /** Resolves when position updates scheduled so far are sent (tests, shutdown). */
  settled(): Promise<void> {
    return this.refreshing;
  }

  private async tellPositions(): Promise<void> {
    const queue = await readQueue(this.deps.prisma);
    for (const [index, entry] of queue.entries()) {
      const before = this.told.get(entry.id);
      if (!before) continue; // told in the user's own turn; a restart does not re-tell
      const after: Told = { position: index + 1, estimate: await this.estimateFor(index + 1) };
      if (!isMeaningfulChange(before, after)) continue;
      this.told.set(entry.id, after);
      await this.deps.service.sendToUser(
        entry.id,
        queueUpdate(
          this.deps.t,
          entry.locale,
          after.position,
          after.estimate,
          await this.whereaboutsOf(entry.id),
        ),
        "system",
      );
    }
  }

  // ---- counselor side ----

  /** Whether `staff` may see a conversation: the queue, their own chats, or everything for supervisors. */
  canSee(staff: Staff, conversation: Pick<Conversation, "status" | "assignedTo">): boolean {
    return (
      hasRole(staff.role, "supervisor") ||
      conversation.status === "waiting" ||
      conversation.assignedTo === staff.id
    );
  }

  /** Takes a waiting chat. Exactly one of several simultaneous claims wins; the others get a conflict. */
  async claim(conversationId: string, staff: Staff): Promise<ActionResult> {
    const current = await this.deps.prisma.conversation.findUnique({ where: { id: conversationId } });
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
      { text: this.deps.t(result.value.locale as Locale, "handoff:joined", { alias: staff.alias }) },
      "system",
    );
    return result;
  }

  /**
   * Passes an active chat to a named counselor (`active → active`), or back to the queue with
   * no counselor (`active → waiting`, keeping its original place by waiting time).
   */
  async transfer(conversationId: string, staff: Staff, targetId: string | undefined): Promise<ActionResult> {
    const current = await this.deps.prisma.conversation.findUnique({ where: { id: conversationId } });
    if (!current) return { type: "not_found" };
    if (current.assignedTo !== staff.id && !hasRole(staff.role, "supervisor"))
      return {
        type: "forbidden",
        message: "Only the counselor holding this chat or a supervisor can transfer it.",
      };
    let targetAlias: string | undefined;
    if (targetId) {
      const target = await this.deps.prisma.counselor.findUnique({ where: { id: targetId } });
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
    const locale = result.value.locale as Locale;
    if (targetAlias) {
      await this.deps.service.sendToUser(
        conversationId,
        { text: this.deps.t(locale, "handoff:transferred", { alias: targetAlias }) },
        "system",
      );
    } else {
      const place = await this.placeOf(result.value);
      this.told.set(conversationId, place);
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
    const current = await this.deps.prisma.conversation.findUnique({ where: { id: conversationId } });
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
          { text: this.deps.t(closed.locale as Locale, "handoff:goodbye") },
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
    const current = await this.deps.prisma.conversation.findUnique({ where: { id: conversationId } });
    if (!current) return { type: "not_found" };
    if (current.status !== "active" || current.assignedTo !== staff.id)
      return { type: "conflict", code: "not_holding", message: "Claim this chat before replying." };
    const message = await this.deps.service.sendToUser(conversationId, { text }, "counselor", staff.id);
    return { type: "ok", value: message };
  }

  /** An internal note, never sent to the user. */
  async addNote(
    conversationId: string,
    staff: Staff,
    text: string,
  ): Promise<ActionResult<{ id: string; counselorId: string; text: string; at: string }>> {
    const current = await this.deps.prisma.conversation.findUnique({ where: { id: conversationId } });
    if (!current) return { type: "not_found" };
    if (!this.canSee(staff, current))
      return { type: "forbidden", message: "This chat is held by another counselor." };
    const note = await this.deps.prisma.note.create({
      data: {
        conversationId,
        counselorId: staff.id,
        text: this.deps.cipher.encrypt(text),
        createdAt: this.deps.clock(),
      },
    });
    return {
      type: "ok",
      value: {
        id: note.id,
        counselorId: note.counselorId,
        text,
        at: note.createdAt.toISOString(),
      },
    };
  }

  /** Status, whole transcript, screening answers, risk and notes. Audited as a view. */
  async detail(
    conversationId: string,
    staff: Staff,
    lang: Locale = "vi",
  ): Promise<ActionResult<ConversationDetail>> {
    const { prisma, service } = this.deps;
    const c = await prisma.conversation.findUnique({
      where: { id: conversationId },
      include: { contact: { select: { handle: true } }, notes: { orderBy: { createdAt: "asc" } } },
    });
    if (!c) return { type: "not_found" };
    if (!this.canSee(staff, c))
      return { type: "forbidden", message: "This chat is held by another counselor." };
    await this.audit(staff.id, "view", conversationId);
    const state = service.readState(c);
    return {
      type: "ok",
      value: {
        id: c.id,
        status: c.status as ConversationStatus,
        priority: c.priority as Priority | null,
        channel: c.channel as Channel,
        handle: c.contact.handle,
        locale: c.locale as Locale,
        waitingSince: c.waitingSince?.toISOString() ?? null,
        assignedTo: c.assignedTo,
        outcome: c.outcome,
        risk: { level: c.riskLevel as RiskLevel, indicators: JSON.parse(c.riskIndicators) as string[] },
        answers: state.vars ?? {},
        screening: service.describeAnswers(state.vars ?? {}, lang),
        transcript: await service.messagesOf(c.id, 0, 1000),
        notes: c.notes.map((n) => ({
          id: n.id,
          counselorId: n.counselorId,
          text: this.deps.cipher.decrypt(n.text),
          at: n.createdAt.toISOString(),
        })),
      },
    };
  }

  /** Chats a counselor holds now (for the console's "my chats" list). */
  async heldBy(counselorId: string) {
    return this.deps.prisma.conversation.findMany({
      where: { status: "active", assignedTo: counselorId },
      include: { contact: { select: { handle: true } } },
      orderBy: { claimedAt: "asc" },
    });
  }

  private activeCount(counselorId: string): Promise<number> {
    return this.deps.prisma.conversation.count({ where: { status: "active", assignedTo: counselorId } });
  }

  /**
   * One checked status change: the transition table says whether `event` is legal from the
   * current status, and a conditional update on `(id, status, version)` makes it atomic.
   * Runs inside the conversation's lock so it never interleaves with the user's own turn.
   */
  private async move(
    conversationId: string,
    event: HandoffEvent,
    expectedVersion: number,
    data: Partial<Pick<Conversation, "assignedTo" | "claimedAt" | "closedAt" | "outcome" | "slaRemindedAt">>,
    afterInLock?: (updated: Conversation) => Promise<void>,
  ): Promise<ActionResult> {
    const { prisma, service } = this.deps;
    const outcome = await service.withConversationLock(conversationId, async (): Promise<ActionResult> => {
      const current = await prisma.conversation.findUnique({ where: { id: conversationId } });
      if (!current) return { type: "not_found" };
      const step = transition(current.status as ConversationStatus, event);
      if (!step.ok || current.version !== expectedVersion)
        return {
          type: "conflict",
          code: event === "claim" ? "already_claimed" : "conflict",
          message:
            event === "claim"
              ? "Another counselor has just taken this chat, or it left the queue."
              : `This chat is ${current.status} now; reload it and try again.`,
        };
      const won = await prisma.conversation.updateMany({
        where: { id: conversationId, status: current.status, version: current.version },
        data: { ...data, status: step.to, version: { increment: 1 } },
      });
      if (won.count !== 1)
        return {
          type: "conflict",
          code: "conflict",
          message: "Someone else changed this chat at the same moment.",
        };
      const updated = await prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
      await afterInLock?.(updated);
      return { type: "ok", value: updated };
    });
    if (outcome.type === "ok") service.notifyStatus(outcome.value);
    return outcome;
  }

  // ---- alerts ----

  private async alertNewWaiting(conversation: Conversation): Promise<void> {
    if (!this.deps.alerts) return;
    const queued = await this.deps.prisma.conversation.count({ where: { status: "waiting" } });
    const since = conversation.waitingSince ?? this.deps.clock();
    await this.deps.alerts.send(
      newWaitingAlert(this.deps.t, {
        priority: (conversation.priority ?? "normal") as Priority,
        channel: conversation.channel,
        waitedMinutes: Math.max(0, Math.floor((this.deps.clock().getTime() - since.getTime()) / 60_000)),
        queued,
      }),
    );
  }

  /**
   * Sends one reminder per urgent chat left unclaimed past the SLA, and one per stretch in which
   * the person of a held urgent chat wrote and has had no answer for longer than the SLA.
   * Safe to run on several instances: each reminder is claimed by a conditional update.
   */
  async remindOverdueUrgent(): Promise<number> {
    if (!this.deps.alerts) return 0;
    const { prisma, alerts, t } = this.deps;
    const now = this.deps.clock();
    const deadline = new Date(now.getTime() - this.deps.urgentSlaSeconds * 1000);
    const minutesSince = (since: Date) => Math.floor((now.getTime() - since.getTime()) / 60_000);
    const overdue = await prisma.conversation.findMany({
      where: { status: "waiting", priority: "urgent", slaRemindedAt: null, waitingSince: { lte: deadline } },
    });
    let sent = 0;
    for (const c of overdue) {
      const mine = await prisma.conversation.updateMany({
        where: { id: c.id, status: "waiting", slaRemindedAt: null },
        data: { slaRemindedAt: now },
      });
      if (mine.count !== 1) continue;
      sent++;
      await alerts.send(
        urgentReminder(t, { channel: c.channel, waitedMinutes: minutesSince(c.waitingSince!) }),
      );
    }

    const held = await prisma.conversation.findMany({
      where: { status: "active", OR: [{ priority: "urgent" }, { riskLevel: "urgent" }] },
      select: { id: true, channel: true, claimedAt: true, slaRemindedAt: true },
    });
    const waits = await awaitingReplySince(prisma, held);
    for (const c of held) {
      const since = waits.get(c.id);
      if (!since || since > deadline) continue;
      if (c.slaRemindedAt && c.slaRemindedAt > since) continue; // this stretch was reminded already
      const mine = await prisma.conversation.updateMany({
        where: { id: c.id, status: "active", slaRemindedAt: c.slaRemindedAt },
        data: { slaRemindedAt: now },
      });
      if (mine.count !== 1) continue;
      sent++;
      await alerts.send(
        urgentUnansweredReminder(t, { channel: c.channel, waitedMinutes: minutesSince(since) }),
      );
    }
    return sent;
  }

  private async audit(
    counselorId: string | null,
    action: string,
    conversationId: string,
    detail?: Record<string, string>,
  ) {
    await this.deps.prisma.auditLog.create({
      data: {
        counselorId,
        action,
        conversationId,
        detail: detail ? JSON.stringify(detail) : null,
        at: this.deps.clock(),
      },
    });
  }
}
