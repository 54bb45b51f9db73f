import { z } from "zod";
import { CHANNELS, type Channel, type ConversationStatus } from "../conversation/types.js";
import { LOCALES, type Locale, type Priority, type RiskLevel } from "../engine/types.js";

export const CONVERSATION_STATUSES = [
  "bot",
  "waiting",
  "active",
  "closed",
] as const satisfies readonly ConversationStatus[];
export const PRIORITIES = ["urgent", "high", "normal"] as const satisfies readonly Priority[];
export const RISK_LEVELS = [
  "none",
  "low",
  "medium",
  "high",
  "urgent",
] as const satisfies readonly RiskLevel[];

const channel = z.enum(CHANNELS as [Channel, ...Channel[]]);
const locale = z.enum(LOCALES as [Locale, ...Locale[]]);
const status = z.enum(CONVERSATION_STATUSES);

const conversationSchema = z.object({
  id: z.string(),
  contactId: z.string(),
  channel,
  status,
  priority: z.enum(PRIORITIES).nullable(),
  riskLevel: z.enum(RISK_LEVELS),
  /** The fired indicator ids as stored (a JSON array): read them with indicatorsOf. */
  riskIndicators: z.string(),
  locale,
  /** The engine state as stored (sealed JSON): read it with the conversation service's readState. */
  state: z.string(),
  version: z.number().int(),
  handoffReason: z.string().nullable(),
  waitingSince: z.date().nullable(),
  assignedTo: z.string().nullable(),
  claimedAt: z.date().nullable(),
  closedAt: z.date().nullable(),
  outcome: z.string().nullable(),
  lastUserAt: z.date().nullable(),
  slaRemindedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/**
 * A conversation as the services see it: every column, its channel, status, priority, risk
 * level and locale parsed (a value the code does not know is a data error, not a silent cast).
 */
export type ConversationRecord = z.infer<typeof conversationSchema>;

type Widen<T> = T extends string ? string : T;

/** The columns of a conversation row as the database holds them (strings where the record has unions). */
export type StoredConversation = { [K in keyof ConversationRecord]: Widen<ConversationRecord[K]> };

const priority = z.enum(PRIORITIES);
const riskLevel = z.enum(RISK_LEVELS);

/**
 * A zod enum's parse with a shortcut for the values it knows: the parse allocates its result and
 * context for every value, and the queue read parses five per waiting person on every watcher
 * pass. A known value is returned as the parse would return it; anything else goes to the parse,
 * which throws the same ZodError.
 */
function enumReader<T extends string>(schema: z.ZodEnum<{ [K in T]: K }>): (value: string) => T {
  const known = new Set<string>(schema.options);
  return (value) => (known.has(value) ? (value as T) : schema.parse(value));
}

const readChannel = enumReader(channel);
const readStatus = enumReader(status);
const readPriority = enumReader(priority);
const readRiskLevel = enumReader(riskLevel);
const readLocale = enumReader(locale);

/**
 * Parses a stored conversation row into a record: its channel, status, priority, risk level and
 * locale through their zod enums (an unknown value throws a ZodError, as parsing the whole row
 * did), the other columns copied as they are (their types are the store's SQL and Prisma's,
 * checked by the compiler; parsing all twenty of them was most of the queue read's time).
 * Only the record's columns are kept, as `conversationSchema` would.
 */
export function toConversation(row: StoredConversation): ConversationRecord {
  return {
    id: row.id,
    contactId: row.contactId,
    channel: readChannel(row.channel),
    status: readStatus(row.status),
    priority: row.priority === null ? null : readPriority(row.priority),
    riskLevel: readRiskLevel(row.riskLevel),
    riskIndicators: row.riskIndicators,
    locale: readLocale(row.locale),
    state: row.state,
    version: row.version,
    handoffReason: row.handoffReason,
    waitingSince: row.waitingSince,
    assignedTo: row.assignedTo,
    claimedAt: row.claimedAt,
    closedAt: row.closedAt,
    outcome: row.outcome,
    lastUserAt: row.lastUserAt,
    slaRemindedAt: row.slaRemindedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Parses a stored channel name. */
export function toChannel(value: string): Channel {
  return readChannel(value);
}

/** Parses a stored conversation status. */
export function toStatus(value: string): ConversationStatus {
  return readStatus(value);
}

/** Parses a stored priority (null: none). */
export function toPriority(value: string | null): Priority | null {
  return value === null ? null : readPriority(value);
}

/** Parses a stored risk level. */
export function toRiskLevel(value: string): RiskLevel {
  return readRiskLevel(value);
}

/** Parses a stored locale. */
export function toLocale(value: string): Locale {
  return readLocale(value);
}

// Built once: building a zod schema costs far more than parsing a short array with it, and the
// queue read parses one per waiting person.
const indicatorIds = z.array(z.string());

/** The fired risk indicator ids of a conversation. */
export function indicatorsOf(conversation: Pick<ConversationRecord, "riskIndicators">): string[] {
  return indicatorIds.parse(JSON.parse(conversation.riskIndicators));
}
