import type { Channel } from "../conversation/types.js";
import type { Priority, RiskLevel } from "../engine/types.js";
import { indicatorsOf, toConversation } from "./conversationRecord.js";
import type { Prisma, PrismaClient } from "./prisma.js";

/** One closed conversation as history shows it: no message text, no channel id. */
export interface ClosedConversation {
  id: string;
  contactId: string;
  handle: string;
  channel: Channel;
  priority: Priority | null;
  openedAt: Date;
  closedAt: Date;
  risk: { level: RiskLevel; indicators: string[] };
  outcome: string | null;
  counselor: { id: string; alias: string } | null;
}

export interface HistoryFilter {
  /** Closed at or after. */
  from?: Date;
  /** Closed before (exclusive). */
  to?: Date;
  risk?: RiskLevel;
  outcome?: string;
  channel?: Channel;
  /** Part of the pseudonymous handle ("7F3A" or "Khách 7F3A"). */
  q?: string;
  /** Only chats this counselor held (counselors see their own; supervisors pass nothing). */
  counselorId?: string;
  /** From the previous page's `nextCursor`. */
  cursor?: string;
  limit: number;
}

/** The position after the last row of a page: newest first, by close time then id. */
function encodeCursor(row: { closedAt: Date; id: string }): string {
  return Buffer.from(`${row.closedAt.toISOString()}|${row.id}`).toString("base64url");
}

/** The cursor's position, or undefined when it is not one this module wrote. */
export function decodeCursor(cursor: string): { closedAt: Date; id: string } | undefined {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const closedAt = new Date(at ?? "");
  if (!id || Number.isNaN(closedAt.getTime())) return undefined;
  return { closedAt, id };
}

const include = { contact: { select: { handle: true } } } as const;
type Row = Prisma.ConversationGetPayload<{ include: typeof include }>;

async function toClosed(prisma: PrismaClient, rows: Row[]): Promise<ClosedConversation[]> {
  const ids = [...new Set(rows.map((r) => r.assignedTo).filter((id): id is string => id !== null))];
  const counselors = ids.length
    ? await prisma.counselor.findMany({ where: { id: { in: ids } }, select: { id: true, alias: true } })
    : [];
  const alias = new Map(counselors.map((c) => [c.id, c.alias]));
  return rows.map(({ contact, ...row }) => {
    const r = toConversation(row);
    return {
      id: r.id,
      contactId: r.contactId,
      handle: contact.handle,
      channel: r.channel,
      priority: r.priority,
      openedAt: r.createdAt,
      closedAt: r.closedAt ?? r.updatedAt,
      risk: { level: r.riskLevel, indicators: indicatorsOf(r) },
      outcome: r.outcome,
      counselor: r.assignedTo ? { id: r.assignedTo, alias: alias.get(r.assignedTo) ?? "?" } : null,
    };
  });
}

/**
 * Closed conversations, newest first, filtered and paged by cursor. Erased and purged ones are
 * deleted rows, so they never appear. Portable Prisma filters only (SQLite and PostgreSQL).
 */
export async function listClosedConversations(
  prisma: PrismaClient,
  filter: HistoryFilter,
): Promise<{ conversations: ClosedConversation[]; nextCursor: string | null }> {
  const and: Prisma.ConversationWhereInput[] = [{ status: "closed" }, { closedAt: { not: null } }];
  if (filter.from) and.push({ closedAt: { gte: filter.from } });
  if (filter.to) and.push({ closedAt: { lt: filter.to } });
  if (filter.risk) and.push({ riskLevel: filter.risk });
  if (filter.outcome) and.push({ outcome: filter.outcome });
  if (filter.channel) and.push({ channel: filter.channel });
  if (filter.counselorId) and.push({ assignedTo: filter.counselorId });
  if (filter.q) {
    // Handles are "Khách 7F3A": match as typed and upper-cased (LIKE is case-sensitive on PostgreSQL).
    const q = filter.q;
    and.push({
      OR: [{ contact: { handle: { contains: q } } }, { contact: { handle: { contains: q.toUpperCase() } } }],
    });
  }
  const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;
  if (after)
    and.push({
      OR: [{ closedAt: { lt: after.closedAt } }, { closedAt: after.closedAt, id: { lt: after.id } }],
    });
  const rows = await prisma.conversation.findMany({
    where: { AND: and },
    include,
    orderBy: [{ closedAt: "desc" }, { id: "desc" }],
    take: filter.limit + 1,
  });
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    conversations: await toClosed(prisma, page),
    nextCursor:
      rows.length > filter.limit && last ? encodeCursor({ closedAt: last.closedAt!, id: last.id }) : null,
  };
}

/** The same person's earlier closed conversations, newest first (for "Lần trước: …"). */
export async function earlierConversationsOf(
  prisma: PrismaClient,
  conversationId: string,
  limit = 5,
): Promise<ClosedConversation[]> {
  const current = await prisma.conversation.findUnique({
    where: { id: conversationId },
    select: { contactId: true, createdAt: true },
  });
  if (!current) return [];
  const rows = await prisma.conversation.findMany({
    where: {
      contactId: current.contactId,
      status: "closed",
      id: { not: conversationId },
      closedAt: { not: null, lte: current.createdAt },
    },
    include,
    orderBy: [{ closedAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  return toClosed(prisma, rows);
}
