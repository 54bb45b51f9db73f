import type { ConversationStatus } from "../conversation/types.js";
import {
  type ClosedConversation,
  earlierConversationsOf,
  type HistoryFilter,
  listClosedConversations,
} from "./conversationHistory.js";
import { type ConversationRecord, toConversation, toStatus } from "./conversationRecord.js";
import type { PrismaClient } from "./prisma.js";
import type { QueueEntry, QueueReads } from "./queueReads.js";
import { awaitingReplySince } from "./replyWait.js";
import { type TypingConversation, typingConversationOf } from "./typingLookups.js";

/** Who may read a conversation: its status and holder. */
export type ConversationAccess = Pick<ConversationRecord, "status" | "assignedTo">;

/** A conversation with the person's pseudonymous handle, as the console lists it. */
export interface HandledConversation extends ConversationRecord {
  handle: string;
}

/** An internal note as stored: its text still sealed (decrypt it only to show it). */
export interface StoredNote {
  id: string;
  counselorId: string;
  sealedText: string;
  at: Date;
}

/** What a status change may write beside the status. */
export type StatusChange = Partial<
  Pick<ConversationRecord, "assignedTo" | "claimedAt" | "closedAt" | "outcome" | "slaRemindedAt">
>;

/** Conversations as the handoff and the console see them (the turn writes its own: turnStore). */
export class ConversationRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly reads: Pick<QueueReads, "queue" | "handedOffOf">,
  ) {}

  async find(id: string): Promise<ConversationRecord | undefined> {
    const row = await this.prisma.conversation.findUnique({ where: { id } });
    return row ? toConversation(row) : undefined;
  }

  /** Who may read a conversation, or undefined when it does not exist (any more). */
  async accessOf(id: string): Promise<ConversationAccess | undefined> {
    const row = await this.prisma.conversation.findUnique({
      where: { id },
      select: { status: true, assignedTo: true },
    });
    if (!row) return undefined;
    return { status: toStatus(row.status), assignedTo: row.assignedTo };
  }

  /** The conversation a counselor is typing in (see typingLookups). */
  typingTarget(id: string): Promise<TypingConversation | undefined> {
    return typingConversationOf(this.prisma, id);
  }

  /** The contact's conversation in the queue or with a counselor, if any (the newest). */
  handedOffOf(
    contactId: string,
  ): Promise<{ id: string; status: "waiting" | "active"; assignedTo: string | null } | undefined> {
    return this.reads.handedOffOf(contactId);
  }

  /** Closed conversations, newest first, filtered and paged (see conversationHistory). */
  closed(filter: HistoryFilter): Promise<{ conversations: ClosedConversation[]; nextCursor: string | null }> {
    return listClosedConversations(this.prisma, filter);
  }

  /** The same person's earlier closed conversations, newest first. */
  earlierOf(conversationId: string, limit?: number): Promise<ClosedConversation[]> {
    return earlierConversationsOf(this.prisma, conversationId, limit);
  }

  /** A conversation with its handle and notes (oldest first), for the detail view. */
  async withNotes(
    id: string,
  ): Promise<{ conversation: ConversationRecord; handle: string; notes: StoredNote[] } | undefined> {
    const row = await this.prisma.conversation.findUnique({
      where: { id },
      include: { contact: { select: { handle: true } }, notes: { orderBy: { createdAt: "asc" } } },
    });
    if (!row) return undefined;
    const { contact, notes, ...conversation } = row;
    return {
      conversation: toConversation(conversation),
      handle: contact.handle,
      notes: notes.map((n) => ({
        id: n.id,
        counselorId: n.counselorId,
        sealedText: n.text,
        at: n.createdAt,
      })),
    };
  }

  /** The waiting conversations in queue order (see QueueReads). */
  queue(): Promise<QueueEntry[]> {
    return this.reads.queue();
  }

  /** How many chats a counselor holds now. */
  countHeldBy(counselorId: string): Promise<number> {
    return this.prisma.conversation.count({ where: { status: "active", assignedTo: counselorId } });
  }

  /** The chats held now by `counselorId`, or by anyone when undefined; longest held first. */
  async held(counselorId: string | undefined): Promise<HandledConversation[]> {
    const rows = await this.prisma.conversation.findMany({
      where: { status: "active", ...(counselorId === undefined ? {} : { assignedTo: counselorId }) },
      include: { contact: { select: { handle: true } } },
      orderBy: { claimedAt: "asc" },
    });
    return rows.map(({ contact, ...c }) => ({ ...toConversation(c), handle: contact.handle }));
  }

  /** How many chats each counselor holds now (counselors holding none are absent). */
  async heldCounts(): Promise<Map<string, number>> {
    const load = await this.prisma.conversation.groupBy({
      by: ["assignedTo"],
      where: { status: "active" },
      _count: { _all: true },
    });
    return new Map(load.flatMap((l) => (l.assignedTo ? [[l.assignedTo, l._count._all] as const] : [])));
  }

  /**
   * One status change, only if the conversation is still at `expected` status and version
   * (two claims of one chat, on one instance or several: exactly one wins). Bumps the version.
   * Returns the changed conversation, or undefined when someone else changed it first.
   */
  async changeStatus(
    id: string,
    expected: Pick<ConversationRecord, "status" | "version">,
    to: ConversationStatus,
    change: StatusChange,
  ): Promise<ConversationRecord | undefined> {
    const won = await this.prisma.conversation.updateMany({
      where: { id, status: expected.status, version: expected.version },
      data: { ...change, status: to, version: { increment: 1 } },
    });
    if (won.count !== 1) return undefined;
    return this.find(id);
  }

  /** Adds an internal note (its text sealed by the caller). */
  async addNote(note: {
    conversationId: string;
    counselorId: string;
    sealedText: string;
    at: Date;
  }): Promise<StoredNote> {
    const row = await this.prisma.note.create({
      data: {
        conversationId: note.conversationId,
        counselorId: note.counselorId,
        text: note.sealedText,
        createdAt: note.at,
      },
    });
    return { id: row.id, counselorId: row.counselorId, sealedText: row.text, at: row.createdAt };
  }

  /** Urgent chats waiting since `deadline` or longer, not reminded of yet. */
  async overdueUrgent(deadline: Date): Promise<ConversationRecord[]> {
    const rows = await this.prisma.conversation.findMany({
      where: { status: "waiting", priority: "urgent", slaRemindedAt: null, waitingSince: { lte: deadline } },
    });
    return rows.map(toConversation);
  }

  /** Held chats that are urgent by priority or by risk. */
  async heldUrgent(): Promise<ConversationRecord[]> {
    const rows = await this.prisma.conversation.findMany({
      where: { status: "active", OR: [{ priority: "urgent" }, { riskLevel: "urgent" }] },
    });
    return rows.map(toConversation);
  }

  /**
   * Claims the reminder of a chat still at `status` whose last reminder is still `previous`
   * (null: never reminded): true for exactly one of several instances trying at once.
   */
  async claimReminder(
    id: string,
    status: ConversationStatus,
    previous: Date | null,
    now: Date,
  ): Promise<boolean> {
    const mine = await this.prisma.conversation.updateMany({
      where: { id, status, slaRemindedAt: previous },
      data: { slaRemindedAt: now },
    });
    return mine.count === 1;
  }

  /** Since when each held chat has waited for a counselor's answer (see replyWait). */
  awaitingReplySince(
    conversations: ReadonlyArray<{ id: string; claimedAt: Date | null }>,
  ): Promise<Map<string, Date>> {
    return awaitingReplySince(this.prisma, conversations);
  }
}
