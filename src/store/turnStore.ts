// The conversation core's database work (the hot path of a turn): plain SQL through prepared
// statements on a connection of its own (see sqlDriver.ts), the same text on SQLite and
// PostgreSQL, the tables and columns of prisma/schema.prisma. Returns domain types.
import { randomBytes } from "node:crypto";
import { GroupCommit, padToPowerOfTwo } from "./groupCommit.js";
import {
  openSqlDriver,
  type Row,
  type SqlDriver,
  sql,
  toDate,
  toDateOrNull,
  type Work,
} from "./sqlDriver.js";
import type { Conversation, InboundRow, Message, OutboundRow } from "./turnTypes.js";

export type { Conversation, InboundRow, Message, OutboundRow } from "./turnTypes.js";

/** The conversation changed under a turn (another instance claimed or closed it): run the turn again. */
export class StaleConversationError extends Error {
  override name = "StaleConversationError";
}

/** The inbound message was processed meanwhile, by another instance: nothing more to do. */
export class AlreadyProcessedError extends Error {
  override name = "AlreadyProcessedError";
}

/** A row the store was asked for does not exist (deleted meanwhile: erasure, retention). */
export class RowNotFoundError extends Error {
  override name = "RowNotFoundError";
}

/** Thrown inside the inbound transaction to roll it back: the message was stored before. */
class Replayed extends Error {
  constructor(readonly conversationId: string) {
    super("replayed message");
  }
}

/** The columns a bot turn writes on its conversation. */
export type TurnChanges = Pick<
  Conversation,
  | "state"
  | "locale"
  | "status"
  | "priority"
  | "riskLevel"
  | "riskIndicators"
  | "waitingSince"
  | "handoffReason"
  | "lastUserAt"
  | "version"
  | "updatedAt"
>;

/** What a relayed turn (a counselor holds the chat) writes on its conversation. */
export type RelayChanges = Pick<Conversation, "lastUserAt" | "riskLevel" | "riskIndicators" | "priority">;

/** The person behind an inbound message, as storeInbound upserts them. */
export interface InboundContact {
  channel: string;
  pseudonym: string;
  handle: string;
  /** The reply address, encrypted. */
  address: string;
  /** The locale of a new contact. */
  locale: string;
}

export interface StoreInboundArgs {
  contact: InboundContact;
  /** The message; for a pressed button, `text` is made by `choiceText` from the last buttons shown. */
  message: InboundRow;
  /** The sealed engine state of a new conversation, in the contact's locale. */
  initialState: (locale: string) => string;
  /** For a choice: the (encrypted) text shown for it, from the last bot buttons (JSON) if any. */
  choiceText?: (lastButtons: string | null) => string | null;
  now: Date;
}

/** Where the contact's replies go, as the inbound transaction left it (address sealed). */
export interface DeliveryContact {
  address: string | null;
  blocked: boolean;
}

export type StoredInbound =
  | { type: "duplicate"; conversationId: string }
  | { type: "stored"; conversation: Conversation; inbound: Message; contact: DeliveryContact };

/** A new id for a row (cuid-like: 'c', time, counter and randomness in base 36). */
let counter = 0;
export function newRowId(): string {
  counter = (counter + 1) % 1_679_616;
  const random = randomBytes(8).readBigUInt64BE().toString(36).padStart(13, "0").slice(0, 12);
  return `c${Date.now().toString(36)}${counter.toString(36).padStart(4, "0")}${random}`.slice(0, 25);
}

const MESSAGE_COLUMNS = `"conversationId","channel","direction","sender","kind","text","choice","buttons","externalId","delivery","counselorId","createdAt"`;
const placeholders = (n: number) => Array.from({ length: n }, () => "?").join(",");

type MessageRow = OutboundRow | (InboundRow & Partial<OutboundRow>);

/** A message row's values in the order of MESSAGE_COLUMNS. */
const messageParams = (r: MessageRow) => [
  r.conversationId,
  r.channel,
  r.direction,
  r.sender,
  r.kind,
  r.text,
  "choice" in r ? r.choice : null,
  "buttons" in r ? r.buttons : null,
  "externalId" in r ? r.externalId : null,
  r.delivery,
  r.counselorId ?? null,
  r.createdAt,
];

function insertMessages(rows: readonly MessageRow[]) {
  const values = rows.map(() => `(${placeholders(12)})`).join(",");
  return sql(
    `INSERT INTO "Message" (${MESSAGE_COLUMNS}) VALUES ${values} RETURNING *`,
    ...rows.flatMap(messageParams),
  );
}

/** What a bot turn writes on its conversation (storeTurn), and its values in that order. */
const TURN_SET = `"state" = ?, "locale" = ?, "status" = ?, "priority" = ?, "riskLevel" = ?, "riskIndicators" = ?,
  "waitingSince" = ?, "handoffReason" = ?, "lastUserAt" = ?, "version" = ?, "updatedAt" = ?`;
const turnSetParams = (c: TurnChanges) => [
  c.state,
  c.locale,
  c.status,
  c.priority,
  c.riskLevel,
  c.riskIndicators,
  c.waitingSince,
  c.handoffReason,
  c.lastUserAt,
  c.version,
  c.updatedAt,
];

/** A bot turn to store: the conversation as the turn read it, what changes, its message and replies. */
interface TurnWrite {
  read: Conversation;
  changes: TurnChanges;
  inboundId: number;
  outbound: OutboundRow[];
}

export function toConversation(row: Row): Conversation {
  return {
    id: row.id as string,
    contactId: row.contactId as string,
    channel: row.channel as string,
    status: row.status as string,
    priority: (row.priority as string | null) ?? null,
    riskLevel: row.riskLevel as string,
    riskIndicators: row.riskIndicators as string,
    locale: row.locale as string,
    state: row.state as string,
    version: Number(row.version),
    handoffReason: (row.handoffReason as string | null) ?? null,
    waitingSince: toDateOrNull(row.waitingSince),
    assignedTo: (row.assignedTo as string | null) ?? null,
    claimedAt: toDateOrNull(row.claimedAt),
    closedAt: toDateOrNull(row.closedAt),
    outcome: (row.outcome as string | null) ?? null,
    lastUserAt: toDateOrNull(row.lastUserAt),
    slaRemindedAt: toDateOrNull(row.slaRemindedAt),
    createdAt: toDate(row.createdAt),
    updatedAt: toDate(row.updatedAt),
  };
}

export function toMessage(row: Row): Message {
  return {
    id: Number(row.id),
    conversationId: row.conversationId as string,
    channel: row.channel as string,
    direction: row.direction as string,
    sender: row.sender as string,
    kind: row.kind as string,
    text: (row.text as string | null) ?? null,
    choice: (row.choice as string | null) ?? null,
    buttons: (row.buttons as string | null) ?? null,
    externalId: (row.externalId as string | null) ?? null,
    delivery: row.delivery as string,
    deliveryError: (row.deliveryError as string | null) ?? null,
    attempts: Number(row.attempts),
    nextAttemptAt: toDateOrNull(row.nextAttemptAt),
    counselorId: (row.counselorId as string | null) ?? null,
    createdAt: toDate(row.createdAt),
  };
}

const byId = (a: Message, b: Message) => a.id - b.id;

/** Opens a bot conversation for a contact (none is open); returns its row. */
function* openBotConversation(
  contactId: string,
  channel: string,
  locale: string,
  state: string,
  now: Date,
): Work<Row> {
  const [row] = yield sql(
    `INSERT INTO "Conversation" ("id","contactId","channel","status","riskLevel","riskIndicators","locale","state","version","createdAt","updatedAt")
     VALUES (?,?,?,'bot','none','[]',?,?,0,?,?) RETURNING *`,
    newRowId(),
    contactId,
    channel,
    locale,
    state,
    now,
    now,
  );
  return row!;
}

/** Marks an inbound message processed, only if nobody did yet (recovery and a live turn never both answer it). */
function* markProcessed(messageId: number): Work<void> {
  const marked = yield sql(
    `UPDATE "Message" SET "delivery" = 'processed' WHERE "id" = ? AND "delivery" = 'received' RETURNING "id"`,
    messageId,
  );
  if (marked.length !== 1) throw new AlreadyProcessedError();
}

/**
 * The conversation core's store: a turn in two short transactions (store the inbound message;
 * store the turn), delivery marks, recovery and the outbox's queries.
 */
export class TurnStore {
  constructor(private readonly db: SqlDriver) {}

  /**
   * The first half of a turn, in one transaction: upsert the pseudonymous contact, find or open
   * its conversation, and insert the message `received`; the insert is the dedupe (unique
   * `(channel, externalId)`, ON CONFLICT DO NOTHING): a replay rolls everything back.
   */
  async storeInbound(args: StoreInboundArgs): Promise<StoredInbound> {
    try {
      if (this.db.kind === "postgres" && !args.choiceText) {
        const stored = await this.inboundInOneStatement(args);
        if (stored) return stored;
      }
      return await this.db.transaction(() => this.inboundWork(args));
    } catch (err) {
      if (err instanceof Replayed) return { type: "duplicate", conversationId: err.conversationId };
      throw err;
    }
  }

  /**
   * PostgreSQL, a known person with an open conversation (nearly every message): the same work
   * as inboundWork in one statement, one round trip instead of five (BEGIN, three statements,
   * COMMIT). The contact is updated only when the message was inserted, so a replay changes
   * nothing, as there. Undefined when there is no open conversation (or no such person yet):
   * the transaction then opens one.
   */
  private async inboundInOneStatement(args: StoreInboundArgs): Promise<StoredInbound | undefined> {
    const { contact, message, now } = args;
    const [row] = await this.db.query(
      sql(
        `WITH "person" AS (
           SELECT "id" FROM "Contact" WHERE "pseudonym" = ?
         ), "open" AS (
           SELECT c.* FROM "Conversation" c JOIN "person" ON c."contactId" = "person"."id"
           WHERE c."status" <> 'closed' ORDER BY c."createdAt" DESC LIMIT 1
         ), "inserted" AS (
           INSERT INTO "Message" (${MESSAGE_COLUMNS})
           SELECT "open"."id", ?::text, 'in', 'user', ?::text, ?::text, ?::text, NULL, ?::text, 'received', NULL, ?::timestamp(3)
           FROM "open"
           ON CONFLICT ("channel","externalId") DO NOTHING RETURNING *
         ), "seen" AS (
           UPDATE "Contact" SET "lastSeenAt" = ?::timestamp(3), "address" = ?::text, "blocked" = false
           WHERE "id" = (SELECT "id" FROM "person") AND EXISTS (SELECT 1 FROM "inserted")
           RETURNING "address","blocked"
         )
         SELECT (SELECT row_to_json("open") FROM "open") AS "open",
                (SELECT row_to_json("inserted") FROM "inserted") AS "inserted",
                (SELECT row_to_json("seen") FROM "seen") AS "contact",
                (SELECT "conversationId" FROM "Message" WHERE "channel" = ? AND "externalId" = ?) AS "replayedIn"`,
        contact.pseudonym,
        message.channel,
        message.kind,
        message.text,
        message.choice,
        message.externalId,
        message.createdAt,
        now,
        contact.address,
        message.channel,
        message.externalId,
      ),
    );
    const open = row?.open as Row | null | undefined;
    if (!open) return undefined;
    const conversation = toConversation(open);
    const inserted = row?.inserted as Row | null;
    if (!inserted) throw new Replayed((row?.replayedIn as string | null) ?? conversation.id);
    const person = row?.contact as Row;
    return {
      type: "stored",
      conversation,
      inbound: toMessage(inserted),
      contact: { address: (person.address as string | null) ?? null, blocked: Boolean(person.blocked) },
    };
  }

  private *inboundWork(args: StoreInboundArgs): Work<StoredInbound> {
    const { contact, message, now } = args;
    const [person] = yield sql(
      `INSERT INTO "Contact" ("id","channel","pseudonym","handle","address","locale","blocked","createdAt","lastSeenAt")
       VALUES (?,?,?,?,?,?,?,?,?)
       ON CONFLICT ("pseudonym") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt", "address" = excluded."address", "blocked" = excluded."blocked"
       RETURNING "id","locale","address","blocked"`,
      newRowId(),
      contact.channel,
      contact.pseudonym,
      contact.handle,
      contact.address,
      contact.locale,
      false,
      now,
      now,
    );
    const contactId = person!.id as string;
    let [open] = yield sql(
      `SELECT * FROM "Conversation" WHERE "contactId" = ? AND "status" <> 'closed' ORDER BY "createdAt" DESC LIMIT 1`,
      contactId,
    );
    if (!open) {
      const locale = person!.locale as string;
      open = yield* openBotConversation(contactId, message.channel, locale, args.initialState(locale), now);
    }
    const conversation = toConversation(open!);
    let text = message.text;
    if (args.choiceText) {
      const [last] = yield sql(
        `SELECT "buttons" FROM "Message" WHERE "conversationId" = ? AND "direction" = 'out' AND "buttons" IS NOT NULL ORDER BY "id" DESC LIMIT 1`,
        conversation.id,
      );
      text = args.choiceText((last?.buttons as string | undefined) ?? null);
    }
    const row = {
      ...message,
      text,
      conversationId: conversation.id,
      direction: "in",
      sender: "user",
      delivery: "received",
    };
    const insert = insertMessages([row]);
    const [inserted] = yield sql(
      insert.sql.replace(" RETURNING *", ` ON CONFLICT ("channel","externalId") DO NOTHING RETURNING *`),
      ...insert.params,
    );
    if (!inserted) {
      const [seen] = yield sql(
        `SELECT "conversationId" FROM "Message" WHERE "channel" = ? AND "externalId" = ?`,
        message.channel,
        message.externalId,
      );
      throw new Replayed((seen?.conversationId as string | undefined) ?? conversation.id);
    }
    return {
      type: "stored",
      conversation,
      inbound: toMessage(inserted),
      contact: { address: (person!.address as string | null) ?? null, blocked: Boolean(person!.blocked) },
    };
  }

  /**
   * Stores one bot turn in one transaction: the conversation write (conditional on the version
   * the turn read; a claim or close by another instance since then wins and the write throws
   * StaleConversationError), the contact's locale, the inbound message marked processed (throws
   * AlreadyProcessedError when another instance did it first), and the outbound rows.
   */
  storeTurn(turn: TurnWrite): Promise<{ updated: Conversation; stored: Message[] }> {
    if (this.db.kind === "postgres") return this.turnInOneStatement(turn);
    return this.db.transaction(function* () {
      const { read, changes: c } = turn;
      const written = yield sql(
        `UPDATE "Conversation" SET ${TURN_SET} WHERE "id" = ? AND "version" = ? RETURNING "id"`,
        ...turnSetParams(c),
        read.id,
        read.version,
      );
      if (written.length !== 1) throw new StaleConversationError();
      // The versioned write succeeded, so the row is exactly the old one with these changes.
      const updated: Conversation = { ...read, ...c };
      if (c.locale !== read.locale)
        yield sql(`UPDATE "Contact" SET "locale" = ? WHERE "id" = ?`, c.locale, read.contactId);
      yield* markProcessed(turn.inboundId);
      const stored = turn.outbound.length === 0 ? [] : (yield insertMessages(turn.outbound)).map(toMessage);
      return { updated, stored: stored.sort(byId) };
    });
  }

  /**
   * PostgreSQL: storeTurn in one statement, one round trip instead of five or six. The
   * conversation row is locked first, at the version the turn read (`FOR UPDATE` re-checks it
   * against a writer that committed meanwhile); the message is marked processed only under that
   * lock, and the conversation, the contact's language and the replies are written only if it
   * was. So nothing is written when the conversation moved on (StaleConversationError) or the
   * message was processed by another instance (AlreadyProcessedError), as in the transaction.
   */
  private async turnInOneStatement(turn: TurnWrite): Promise<{ updated: Conversation; stored: Message[] }> {
    const { read, changes: c, outbound } = turn;
    const values = outbound
      .map(
        () =>
          "(?::text,?::text,?::text,?::text,?::text,?::text,?::text,?::text,?::text,?::text,?::text,?::timestamp(3))",
      )
      .join(",");
    const replies =
      outbound.length === 0
        ? `"replies" AS (SELECT NULL::int AS "id" WHERE false)`
        : `"replies" AS (
             INSERT INTO "Message" (${MESSAGE_COLUMNS})
             SELECT v.* FROM (VALUES ${values}) AS v(${MESSAGE_COLUMNS}) WHERE EXISTS (SELECT 1 FROM "written")
             RETURNING *
           )`;
    const [row] = await this.db.query(
      sql(
        `WITH "locked" AS (
           SELECT "id" FROM "Conversation" WHERE "id" = ? AND "version" = ? FOR UPDATE
         ), "processed" AS (
           UPDATE "Message" SET "delivery" = 'processed'
           WHERE "id" = ? AND "delivery" = 'received' AND EXISTS (SELECT 1 FROM "locked") RETURNING "id"
         ), "written" AS (
           UPDATE "Conversation" SET ${TURN_SET}
           WHERE "id" = (SELECT "id" FROM "locked") AND EXISTS (SELECT 1 FROM "processed") RETURNING "id"
         ), "language" AS (
           UPDATE "Contact" SET "locale" = ? WHERE "id" = ? AND ?::boolean AND EXISTS (SELECT 1 FROM "written")
         ), ${replies}
         SELECT (SELECT COUNT(*) FROM "locked") AS "locked", (SELECT COUNT(*) FROM "processed") AS "processed",
                (SELECT json_agg(row_to_json("replies")) FROM "replies") AS "replies"`,
        read.id,
        read.version,
        turn.inboundId,
        ...turnSetParams(c),
        c.locale,
        read.contactId,
        c.locale !== read.locale,
        ...outbound.flatMap(messageParams),
      ),
    );
    if (Number(row?.locked ?? 0) !== 1) throw new StaleConversationError();
    if (Number(row?.processed ?? 0) !== 1) throw new AlreadyProcessedError();
    const stored = ((row?.replies as Row[] | null) ?? []).map(toMessage);
    // The versioned write succeeded, so the row is exactly the old one with these changes.
    return { updated: { ...read, ...c }, stored: stored.sort(byId) };
  }

  /**
   * Stores a turn relayed to the counselor who holds the chat: the risk seen and the time the
   * person wrote, the inbound message marked processed, and what the system says back (if anything).
   */
  storeRelayedTurn(turn: {
    conversationId: string;
    changes: RelayChanges;
    inboundId: number;
    outbound: OutboundRow[];
    now: Date;
  }): Promise<Message[]> {
    return this.db.transaction(function* () {
      yield* markProcessed(turn.inboundId);
      const c = turn.changes;
      yield sql(
        `UPDATE "Conversation" SET "lastUserAt" = ?, "riskLevel" = ?, "riskIndicators" = ?, "priority" = ?, "updatedAt" = ? WHERE "id" = ?`,
        c.lastUserAt,
        c.riskLevel,
        c.riskIndicators,
        c.priority,
        turn.now,
        turn.conversationId,
      );
      const stored = turn.outbound.length === 0 ? [] : (yield insertMessages(turn.outbound)).map(toMessage);
      return stored.sort(byId);
    });
  }

  /** Opens a new bot conversation (`id` made with newRowId) and stores its first outbound messages with it. */
  openConversationWith(
    conversation: Pick<Conversation, "id" | "contactId" | "channel" | "locale" | "state">,
    outbound: OutboundRow[],
    now: Date,
  ): Promise<{ conversation: Conversation; stored: Message[] }> {
    return this.db.transaction(function* () {
      const [row] = yield sql(
        `INSERT INTO "Conversation" ("id","contactId","channel","status","riskLevel","riskIndicators","locale","state","version","createdAt","updatedAt")
         VALUES (?,?,?,'bot','none','[]',?,?,0,?,?) RETURNING *`,
        conversation.id,
        conversation.contactId,
        conversation.channel,
        conversation.locale,
        conversation.state,
        now,
        now,
      );
      const stored = outbound.length === 0 ? [] : (yield insertMessages(outbound)).map(toMessage);
      return { conversation: toConversation(row!), stored: stored.sort(byId) };
    });
  }

  /** Stores one outbound message outside a turn (a counselor's reply, a queue update). */
  async insertOutbound(row: OutboundRow): Promise<Message> {
    const [inserted] = await this.db.query(insertMessages([row]));
    return toMessage(inserted!);
  }

  /**
   * The conversation a stored inbound message is answered in, read when its turn starts (the
   * message may have waited behind the person's earlier turns, or another instance may have changed
   * the conversation meanwhile). Normally the message's own conversation, one indexed read. When
   * that conversation was closed since (a counselor ended the chat while the message waited), the
   * message moves to the contact's open conversation, opened now if there is none (`initialState`
   * gives its engine state), in one transaction. Undefined when the message is gone (erased).
   */
  async conversationForTurn(
    inbound: Pick<Message, "id" | "conversationId" | "channel">,
    now: Date,
    initialState: (locale: string) => string,
  ): Promise<Conversation | undefined> {
    const [row] = await this.db.query(
      sql(
        `SELECT "Conversation".* FROM "Message" JOIN "Conversation" ON "Conversation"."id" = "Message"."conversationId"
         WHERE "Message"."id" = ?`,
        inbound.id,
      ),
    );
    if (!row) return undefined;
    const conversation = toConversation(row);
    if (conversation.status !== "closed") return conversation;
    return this.db.transaction(function* () {
      let [open] = yield sql(
        `SELECT * FROM "Conversation" WHERE "contactId" = ? AND "status" <> 'closed' ORDER BY "createdAt" DESC LIMIT 1`,
        conversation.contactId,
      );
      if (!open) {
        const [person] = yield sql(`SELECT "locale" FROM "Contact" WHERE "id" = ?`, conversation.contactId);
        const locale = (person?.locale as string | undefined) ?? conversation.locale;
        open = yield* openBotConversation(
          conversation.contactId,
          inbound.channel,
          locale,
          initialState(locale),
          now,
        );
      }
      const moved = toConversation(open!);
      yield sql(`UPDATE "Message" SET "conversationId" = ? WHERE "id" = ?`, moved.id, inbound.id);
      return moved;
    });
  }

  /** The conversation with this id and its contact's pseudonym (the key its turns are serialized on). */
  async conversationWithPseudonym(id: string): Promise<{ conversation: Conversation; pseudonym: string }> {
    const [row] = await this.db.query(
      sql(
        `SELECT "Conversation".*, "Contact"."pseudonym" AS "contactPseudonym" FROM "Conversation"
         JOIN "Contact" ON "Contact"."id" = "Conversation"."contactId" WHERE "Conversation"."id" = ?`,
        id,
      ),
    );
    if (!row) throw new RowNotFoundError(`no conversation ${id}`);
    return { conversation: toConversation(row), pseudonym: row.contactPseudonym as string };
  }

  /** The contact's reply address (encrypted) and whether they blocked the bot; undefined when gone. */
  async deliveryContact(contactId: string): Promise<DeliveryContact | undefined> {
    const [row] = await this.db.query(
      sql(`SELECT "address", "blocked" FROM "Contact" WHERE "id" = ?`, contactId),
    );
    return row
      ? { address: (row.address as string | null) ?? null, blocked: Boolean(row.blocked) }
      : undefined;
  }

  /** The channel's id of the person's latest inbound message with one (Zalo OA replies quote it). */
  async lastInboundExternalId(conversationId: string): Promise<string | undefined> {
    const [row] = await this.db.query(
      sql(
        `SELECT "externalId" FROM "Message" WHERE "conversationId" = ? AND "direction" = 'in' AND "externalId" IS NOT NULL ORDER BY "id" DESC LIMIT 1`,
        conversationId,
      ),
    );
    return (row?.externalId as string | undefined) ?? undefined;
  }

  /** Outbound messages delivered (sent through the channel, or stored for the web chat). */
  markSent(ids: readonly number[]): Promise<void> {
    return this.sent.add(ids);
  }

  /** Messages marked sent in the same turn of the event loop are marked in one statement. */
  private readonly sent = new GroupCommit<number>(async (ids) => {
    for (let start = 0; start < ids.length; start += 256) {
      const chunk = padToPowerOfTwo(ids.slice(start, start + 256));
      await this.db.query(
        sql(
          `UPDATE "Message" SET "delivery" = 'sent', "attempts" = "attempts" + 1, "deliveryError" = NULL, "nextAttemptAt" = NULL WHERE "id" IN (${placeholders(chunk.length)})`,
          ...chunk,
        ),
      );
    }
  });

  /** Which of these outbound messages are still waiting to be sent. */
  async stillPending(ids: readonly number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const padded = padToPowerOfTwo(ids);
    const rows = await this.db.query(
      sql(
        `SELECT "id" FROM "Message" WHERE "id" IN (${placeholders(padded.length)}) AND "delivery" = 'pending'`,
        ...padded,
      ),
    );
    return new Set(rows.map((r) => Number(r.id)));
  }

  /** Outbound messages that can never be delivered (the person blocked the bot). */
  async markUndeliverable(ids: readonly number[], reason: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query(
      sql(
        `UPDATE "Message" SET "delivery" = 'undeliverable', "deliveryError" = ? WHERE "id" IN (${placeholders(ids.length)})`,
        reason,
        ...ids,
      ),
    );
  }

  /** A failed send: its new delivery state, attempts, reason and next attempt. */
  async markSendFailed(
    id: number,
    failure: { delivery: string; attempts: number; deliveryError: string; nextAttemptAt: Date | null },
  ): Promise<void> {
    await this.db.query(
      sql(
        `UPDATE "Message" SET "delivery" = ?, "attempts" = ?, "deliveryError" = ?, "nextAttemptAt" = ? WHERE "id" = ?`,
        failure.delivery,
        failure.attempts,
        failure.deliveryError,
        failure.nextAttemptAt,
        id,
      ),
    );
  }

  /**
   * A live delivery that is slow claims its outbound messages still pending and never tried
   * until `until`: recovery's "never tried" and the retry passes leave them alone meanwhile.
   */
  async claimUnsent(ids: readonly number[], until: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query(
      sql(
        `UPDATE "Message" SET "nextAttemptAt" = ? WHERE "id" IN (${placeholders(ids.length)}) AND "delivery" = 'pending' AND "attempts" = 0`,
        until,
        ...ids,
      ),
    );
  }

  /** Later messages wait for the retry of an earlier one (order is kept). */
  async deferDelivery(ids: readonly number[], nextAttemptAt: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query(
      sql(
        `UPDATE "Message" SET "nextAttemptAt" = ? WHERE "id" IN (${placeholders(ids.length)})`,
        nextAttemptAt,
        ...ids,
      ),
    );
  }

  /**
   * Claims the outbound messages whose next attempt is due, oldest first, with their
   * conversations: one conditional update moves their next attempt to `claimUntil`, so a second
   * claimer (another instance after the background lock moved, a pass overlapping this one)
   * gets none of them; the send then records the outcome, and a claimer that died leaves them
   * due again at `claimUntil`.
   */
  async claimDueOutbound(
    now: Date,
    limit: number,
    claimUntil: Date,
  ): Promise<{ row: Message; conversation: Conversation }[]> {
    const rows = (
      await this.db.query(
        sql(
          `UPDATE "Message" SET "nextAttemptAt" = ? WHERE "id" IN (
             SELECT "id" FROM "Message" WHERE "direction" = 'out' AND "delivery" = 'pending' AND "nextAttemptAt" <= ? ORDER BY "id" ASC LIMIT ?
           ) AND "delivery" = 'pending' AND "nextAttemptAt" <= ? RETURNING *`,
          claimUntil,
          now,
          limit,
          now,
        ),
      )
    )
      .map(toMessage)
      .sort(byId);
    const ids = [...new Set(rows.map((r) => r.conversationId))];
    if (ids.length === 0) return [];
    const conversations = new Map(
      (
        await this.db.query(
          sql(`SELECT * FROM "Conversation" WHERE "id" IN (${placeholders(ids.length)})`, ...ids),
        )
      ).map((c) => [c.id as string, toConversation(c)]),
    );
    return rows.flatMap((row) => {
      const conversation = conversations.get(row.conversationId);
      return conversation ? [{ row, conversation }] : [];
    });
  }

  /** Outbound messages never attempted (optionally only those stored before a time) become due at `now`. */
  async makeNeverTriedDue(now: Date, storedBefore?: Date): Promise<number> {
    const rows = await this.db.query(
      storedBefore
        ? sql(
            `UPDATE "Message" SET "nextAttemptAt" = ? WHERE "direction" = 'out' AND "delivery" = 'pending' AND "nextAttemptAt" IS NULL AND "createdAt" < ? RETURNING "id"`,
            now,
            storedBefore,
          )
        : sql(
            `UPDATE "Message" SET "nextAttemptAt" = ? WHERE "direction" = 'out' AND "delivery" = 'pending' AND "nextAttemptAt" IS NULL RETURNING "id"`,
            now,
          ),
    );
    return rows.length;
  }

  /** Inbound messages stored but never processed (optionally only those received before a time), oldest first. */
  async unprocessedInbound(receivedBefore?: Date): Promise<{ row: Message; pseudonym: string }[]> {
    const select = `SELECT "Message".*, "Contact"."pseudonym" AS "contactPseudonym" FROM "Message"
      JOIN "Conversation" ON "Conversation"."id" = "Message"."conversationId"
      JOIN "Contact" ON "Contact"."id" = "Conversation"."contactId"
      WHERE "Message"."direction" = 'in' AND "Message"."delivery" = 'received'`;
    const rows = await this.db.query(
      receivedBefore
        ? sql(`${select} AND "Message"."createdAt" < ? ORDER BY "Message"."id" ASC`, receivedBefore)
        : sql(`${select} ORDER BY "Message"."id" ASC`),
    );
    return rows.map((r) => ({ row: toMessage(r), pseudonym: r.contactPseudonym as string }));
  }

  /** Finds or creates a contact by pseudonym; returns its id. */
  async ensureContact(contact: InboundContact, now: Date): Promise<string> {
    const [created] = await this.db.query(
      sql(
        `INSERT INTO "Contact" ("id","channel","pseudonym","handle","address","locale","blocked","createdAt","lastSeenAt")
         VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT ("pseudonym") DO NOTHING RETURNING "id"`,
        newRowId(),
        contact.channel,
        contact.pseudonym,
        contact.handle,
        contact.address,
        contact.locale,
        false,
        now,
        now,
      ),
    );
    if (created) return created.id as string;
    const [row] = await this.db.query(
      sql(`SELECT "id" FROM "Contact" WHERE "pseudonym" = ?`, contact.pseudonym),
    );
    if (!row) throw new RowNotFoundError("contact vanished while being created");
    return row.id as string;
  }

  /** Marks the contact with this pseudonym as having blocked the bot. */
  async markBlocked(pseudonym: string): Promise<void> {
    await this.db.query(sql(`UPDATE "Contact" SET "blocked" = ? WHERE "pseudonym" = ?`, true, pseudonym));
  }

  /** The contact's reply address, encrypted (undefined when there is none). */
  async addressOf(contactId: string): Promise<string | undefined> {
    return (await this.deliveryContact(contactId))?.address ?? undefined;
  }

  /** Messages of a conversation after `afterId` (events left out), oldest first. */
  async messagesOf(conversationId: string, afterId: number, limit: number): Promise<Message[]> {
    const rows = await this.db.query(
      sql(
        `SELECT * FROM "Message" WHERE "conversationId" = ? AND "id" > ? AND "kind" <> 'event' ORDER BY "id" ASC LIMIT ?`,
        conversationId,
        afterId,
        limit,
      ),
    );
    return rows.map(toMessage);
  }

  /** Messages of all conversations of a contact after `afterId` (events left out), oldest first. */
  async messagesOfContact(contactId: string, afterId: number, limit: number): Promise<Message[]> {
    const rows = await this.db.query(
      sql(
        `SELECT "Message".* FROM "Message" JOIN "Conversation" ON "Conversation"."id" = "Message"."conversationId"
         WHERE "Conversation"."contactId" = ? AND "Message"."id" > ? AND "Message"."kind" <> 'event' ORDER BY "Message"."id" ASC LIMIT ?`,
        contactId,
        afterId,
        limit,
      ),
    );
    return rows.map(toMessage);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

/** Opens the conversation core's store on the database of `databaseUrl` (SQLite or PostgreSQL). */
export async function openTurnStore(databaseUrl: string): Promise<TurnStore> {
  return new TurnStore(await openSqlDriver(databaseUrl));
}
