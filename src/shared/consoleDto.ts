// The console's data transfer objects: one zod schema per shape the console API and the /console
// socket send, with its type beside it. The server builds these types; the browser imports the
// types only (`import type`), so no zod is bundled into the page; tests parse real responses with
// the schemas, so a server that drifts from them fails a test.
import { z } from "zod";

export const channelSchema = z.enum(["webchat", "telegram", "zalo_oa", "zalo_bot"]);
export const prioritySchema = z.enum(["urgent", "high", "normal"]);
export const riskLevelSchema = z.enum(["none", "low", "medium", "high", "urgent"]);
export const roleSchema = z.enum(["counselor", "supervisor", "admin"]);
export const statusSchema = z.enum(["bot", "waiting", "active", "closed"]);
export const localeSchema = z.enum(["vi", "en"]);
const isoDate = z.iso.datetime({ offset: true });

export const riskSummarySchema = z.object({
  level: riskLevelSchema,
  indicators: z.array(z.string()),
});
export type RiskSummary = z.infer<typeof riskSummarySchema>;

/** The counselor as the console API shows them (no password hash, ever). */
export const publicCounselorSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  alias: z.string(),
  role: roleSchema,
  available: z.boolean(),
  maxChats: z.number().int(),
  disabled: z.boolean(),
});
export type PublicCounselor = z.infer<typeof publicCounselorSchema>;

/** `GET /console/api/counselors` rows: email only for admins. */
export const colleagueSchema = publicCounselorSchema
  .omit({ email: true })
  .extend({ email: z.string().optional(), activeChats: z.number().int() });
export type Colleague = z.infer<typeof colleagueSchema>;

export const sessionSchema = z.object({
  csrfToken: z.string(),
  counselor: publicCounselorSchema,
  /** URGENT_SLA_SECONDS: an urgent chat unanswered this long is highlighted and re-alerted. */
  urgentSlaSeconds: z.number().int(),
  /** The server's clock when it answered: the console measures every wait on this clock. */
  now: isoDate,
});
export type SessionDto = z.infer<typeof sessionSchema>;

/** One waiting conversation (never a channel id or user text). */
export const queueEntrySchema = z.object({
  id: z.string(),
  priority: prioritySchema,
  channel: channelSchema,
  waitingSince: isoDate,
  handle: z.string(),
  locale: localeSchema,
  risk: riskSummarySchema,
});
export type QueueEntry = z.infer<typeof queueEntrySchema>;
/** The queue (`GET /console/api/queue` and the socket's `queue` event), with the server's time. */
export const queueSchema = z.object({ conversations: z.array(queueEntrySchema), now: isoDate });
export type QueueDto = z.infer<typeof queueSchema>;

/** One chat in progress ("my chats"; supervisors see all). */
export const heldConversationSchema = z.object({
  id: z.string(),
  status: statusSchema,
  priority: prioritySchema.nullable(),
  channel: channelSchema,
  handle: z.string(),
  locale: localeSchema,
  assignedTo: z.string().nullable(),
  claimedAt: isoDate.nullable(),
  risk: riskSummarySchema,
  /** The person wrote and has had no answer since then (null: the counselor spoke last). */
  awaitingReplySince: isoDate.nullable(),
  /** The person's messages this counselor has not read (server-side read marks: survives a reload). */
  unread: z.number().int().min(0),
});
export type HeldConversation = z.infer<typeof heldConversationSchema>;
/** `GET /console/api/conversations` (chats in progress), with the server's time. */
export const heldListSchema = z.object({ conversations: z.array(heldConversationSchema), now: isoDate });
export type HeldListDto = z.infer<typeof heldListSchema>;

export const buttonSchema = z.object({ label: z.string(), value: z.string() });
/** A stored message as the web chat and the console show it. */
export const chatMessageSchema = z.object({
  id: z.string(),
  from: z.enum(["user", "bot", "counselor", "system"]),
  text: z.string(),
  buttons: z.array(buttonSchema).optional(),
  at: isoDate,
});
export type ChatMessageDto = z.infer<typeof chatMessageSchema>;

export const noteSchema = z.object({
  id: z.string(),
  counselorId: z.string(),
  /** The author's alias (in the conversation view). */
  author: z.string().optional(),
  text: z.string(),
  at: isoDate,
});
export type NoteDto = z.infer<typeof noteSchema>;

/** A closed conversation in history: who, when, how risky, how it ended; never message text. */
export const closedConversationSchema = z.object({
  id: z.string(),
  handle: z.string(),
  channel: channelSchema,
  priority: prioritySchema.nullable(),
  openedAt: isoDate,
  closedAt: isoDate,
  risk: riskSummarySchema,
  outcome: z.string().nullable(),
  counselor: z.object({ id: z.string(), alias: z.string() }).nullable(),
});
export type ClosedConversationDto = z.infer<typeof closedConversationSchema>;

/** `GET /console/api/conversations?status=closed&…`: one page, newest first. */
export const historyPageSchema = z.object({
  conversations: z.array(closedConversationSchema),
  nextCursor: z.string().nullable(),
});
export type HistoryPage = z.infer<typeof historyPageSchema>;

/** `GET /console/api/conversations/:id`: the full view of one conversation. */
export const conversationDetailSchema = z.object({
  id: z.string(),
  status: statusSchema,
  priority: prioritySchema.nullable(),
  channel: channelSchema,
  handle: z.string(),
  locale: localeSchema,
  waitingSince: isoDate.nullable(),
  assignedTo: z.string().nullable(),
  outcome: z.string().nullable(),
  risk: riskSummarySchema,
  answers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** The answers as question and chosen option, in the counselor's language. */
  screening: z.array(z.object({ var: z.string(), question: z.string(), answer: z.string() })),
  transcript: z.array(chatMessageSchema),
  notes: z.array(noteSchema),
  /** The same person's earlier closed conversations ("Lần trước: 24/11, rủi ro cao, …"). */
  earlier: z.array(closedConversationSchema),
});
export type ConversationDetailDto = z.infer<typeof conversationDetailSchema>;

/** `GET /console/api/texts/:lang`. */
export const consoleTextsSchema = z.object({
  texts: z.record(z.string(), z.unknown()),
  outcomes: z.array(z.object({ id: z.string(), label: z.string() })),
  indicators: z.record(z.string(), z.string()),
});
export type ConsoleTexts = z.infer<typeof consoleTextsSchema>;

/** The error body every failing API call answers with. */
export const apiErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ApiError = z.infer<typeof apiErrorSchema>;

// ---- /console socket events ----

export const messageEventSchema = z.object({ conversationId: z.string(), message: chatMessageSchema });
export type MessageEventDto = z.infer<typeof messageEventSchema>;
export const statusEventSchema = z.object({
  conversationId: z.string(),
  status: statusSchema,
  assignedTo: z.string().nullable(),
});
export type StatusEventDto = z.infer<typeof statusEventSchema>;
export const noticeEventSchema = z.object({ conversationId: z.string(), kind: z.literal("user_stop") });
export type NoticeEventDto = z.infer<typeof noticeEventSchema>;
export const typingEventSchema = z.object({ conversationId: z.string() });
/** The person of this conversation is typing (web chat); shown for a few seconds. */
export type TypingEventDto = z.infer<typeof typingEventSchema>;
