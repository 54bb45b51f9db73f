// The turn's store (plain SQL, prepared statements, a connection of its own) on each database:
// the inbound insert is the dedupe and a replay leaves nothing behind, the versioned write and
// the processed mark decide between racing writers, what it writes reads back the same through
// Prisma, and on SQLite it waits for a Prisma transaction holding the write lock without
// stopping the event loop that has to finish it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../../src/store/prisma.js";
import { openDatabase } from "../../../src/store/prisma.js";
import {
  AlreadyProcessedError,
  openTurnStore,
  StaleConversationError,
  type StoreInboundArgs,
  type TurnStore,
} from "../../../src/store/turnStore.js";
import { createTestDatabase, type TestDatabase, testDatabases } from "../../support/testServer.js";

const AT = new Date("2025-03-01T03:00:00.123Z");
const LATER = new Date("2025-03-01T03:05:00.456Z");

describe.each(testDatabases())("the turn store on %s", (kind) => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let store: TurnStore;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    prisma = await openDatabase(db.url);
    store = await openTurnStore(db.url);
  });
  afterAll(async () => {
    await store?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  let n = 0;
  function inbound(over: { pseudonym?: string; externalId?: string; address?: string; now?: Date } = {}) {
    n++;
    const now = over.now ?? AT;
    return {
      contact: {
        channel: "telegram",
        pseudonym: over.pseudonym ?? `p-${kind}-${n}`,
        handle: `Khách ${n}`,
        address: over.address ?? "sealed-address",
        locale: "vi",
      },
      message: {
        channel: "telegram",
        kind: "text",
        text: "sealed-text",
        choice: null,
        externalId: over.externalId ?? `u-${n}`,
        createdAt: now,
      },
      initialState: () => "sealed-state",
      now,
    } satisfies StoreInboundArgs;
  }

  it("when an update is stored and then replayed, then the replay is a duplicate of the same conversation and changes nothing", async () => {
    const first = await store.storeInbound(inbound({ pseudonym: `replay-${kind}`, externalId: `r-${kind}` }));
    expect(first.type).toBe("stored");
    if (first.type !== "stored") return;
    expect(first.conversation).toMatchObject({ status: "bot", state: "sealed-state", version: 0 });
    expect(first.inbound).toMatchObject({ direction: "in", delivery: "received", createdAt: AT });

    const replay = await store.storeInbound(
      inbound({ pseudonym: `replay-${kind}`, externalId: `r-${kind}`, address: "other", now: LATER }),
    );
    expect(replay).toEqual({ type: "duplicate", conversationId: first.conversation.id });
    // The whole transaction was rolled back: the contact is as the first message left it.
    const contact = await prisma.contact.findUniqueOrThrow({ where: { pseudonym: `replay-${kind}` } });
    expect(contact).toMatchObject({ address: "sealed-address", lastSeenAt: AT, blocked: false });
    expect(await prisma.message.count({ where: { externalId: `r-${kind}` } })).toBe(1);
  });

  it("when a known person writes again, then the message joins their open conversation, they are seen again (and no longer blocked), and what comes back is what the database holds", async () => {
    const pseudonym = `again-${kind}`;
    const first = await store.storeInbound(inbound({ pseudonym }));
    if (first.type !== "stored") throw new Error("not stored");
    await prisma.contact.update({ where: { pseudonym }, data: { blocked: true } });
    const second = await store.storeInbound(inbound({ pseudonym, address: "new-address", now: LATER }));
    if (second.type !== "stored") throw new Error("not stored");
    expect(second.conversation).toEqual(first.conversation);
    expect(second.inbound).toEqual(
      await prisma.message.findUniqueOrThrow({ where: { id: second.inbound.id } }),
    );
    expect(second.inbound).toMatchObject({ conversationId: first.conversation.id, createdAt: LATER });
    expect(second.contact).toEqual({ address: "new-address", blocked: false });
    const contact = await prisma.contact.findUniqueOrThrow({ where: { pseudonym } });
    expect(contact).toMatchObject({
      address: "new-address",
      lastSeenAt: LATER,
      blocked: false,
      createdAt: AT,
    });
  });

  it("when a turn is stored, then Prisma reads the same values, dates to the millisecond, and finds them by time", async () => {
    const stored = await store.storeInbound(inbound());
    if (stored.type !== "stored") throw new Error("not stored");
    const { updated, stored: rows } = await store.storeTurn({
      read: stored.conversation,
      changes: {
        state: "sealed-next",
        locale: "en",
        status: "waiting",
        priority: "urgent",
        riskLevel: "urgent",
        riskIndicators: '["confined"]',
        waitingSince: LATER,
        handoffReason: "risk",
        lastUserAt: AT,
        version: 1,
        updatedAt: LATER,
      },
      inboundId: stored.inbound.id,
      outbound: [1, 2].map((i) => ({
        conversationId: stored.conversation.id,
        channel: "telegram",
        direction: "out",
        sender: "bot",
        kind: "text",
        text: `reply-${i}`,
        buttons: null,
        delivery: "pending",
        createdAt: LATER,
      })),
    });
    expect(rows.map((r) => r.text)).toEqual(["reply-1", "reply-2"]);
    const read = await prisma.conversation.findUniqueOrThrow({ where: { id: updated.id } });
    expect(read).toEqual(updated);
    const contact = await prisma.contact.findUniqueOrThrow({ where: { id: updated.contactId } });
    expect(contact.locale).toBe("en");
    const messages = await prisma.message.findMany({
      where: { conversationId: updated.id, createdAt: { gt: AT, lte: LATER } },
      orderBy: { id: "asc" },
    });
    expect(messages).toEqual(rows);
    expect(await prisma.message.findUniqueOrThrow({ where: { id: stored.inbound.id } })).toMatchObject({
      delivery: "processed",
      createdAt: AT,
    });
  });

  it("when a turn read a version another writer has moved on, or its message was processed meanwhile, then it stores nothing", async () => {
    const stored = await store.storeInbound(inbound());
    if (stored.type !== "stored") throw new Error("not stored");
    const changes = { ...stored.conversation, state: "sealed-next", updatedAt: LATER };
    const outbound = [
      {
        conversationId: stored.conversation.id,
        channel: "telegram",
        direction: "out",
        sender: "bot",
        kind: "text",
        text: "reply",
        buttons: null,
        delivery: "pending",
        createdAt: LATER,
      },
    ];
    // Another instance claims the chat: the version moves on.
    await prisma.conversation.update({
      where: { id: stored.conversation.id },
      data: { status: "active", version: { increment: 1 } },
    });
    const turn = { read: stored.conversation, changes, inboundId: stored.inbound.id, outbound };
    await expect(store.storeTurn(turn)).rejects.toBeInstanceOf(StaleConversationError);
    expect(await prisma.message.count({ where: { conversationId: stored.conversation.id } })).toBe(1);
    expect(await prisma.message.findUniqueOrThrow({ where: { id: stored.inbound.id } })).toMatchObject({
      delivery: "received",
    });

    const { conversation: fresh } = await store.conversationWithPseudonym(stored.conversation.id);
    const again = { ...turn, read: fresh, changes: { ...changes, status: "active", version: fresh.version } };
    const results = await Promise.allSettled([store.storeTurn(again), store.storeTurn(again)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    // The second writer read the same version: it loses on the version or on the processed mark.
    expect(
      refused.reason instanceof StaleConversationError || refused.reason instanceof AlreadyProcessedError,
    ).toBe(true);
    expect(await prisma.message.count({ where: { conversationId: stored.conversation.id } })).toBe(2);
  });

  it("when a stored message's turn starts, then it is answered in its own conversation, or moved to the open one when its own was closed meanwhile, and not at all when erased", async () => {
    const initial = (locale: string) => `sealed-initial-${locale}`;
    const first = await store.storeInbound(inbound({ pseudonym: `later-${kind}` }));
    if (first.type !== "stored") throw new Error("not stored");
    expect(await store.conversationForTurn(first.inbound, LATER, initial)).toEqual(first.conversation);

    // A counselor closed the chat while the message waited: it goes to a new bot conversation.
    await prisma.conversation.update({ where: { id: first.conversation.id }, data: { status: "closed" } });
    const moved = await store.conversationForTurn(first.inbound, LATER, initial);
    expect(moved).toMatchObject({ status: "bot", contactId: first.conversation.contactId, version: 0 });
    expect(moved?.id).not.toBe(first.conversation.id);
    expect(moved?.state).toBe("sealed-initial-vi");
    const row = await prisma.message.findUniqueOrThrow({ where: { id: first.inbound.id } });
    expect(row.conversationId).toBe(moved?.id);

    // The next message of the same person, in the closed conversation too, joins that open one.
    const second = await store.storeInbound(inbound({ pseudonym: `later-${kind}` }));
    if (second.type !== "stored") throw new Error("not stored");
    await prisma.message.update({
      where: { id: second.inbound.id },
      data: { conversationId: first.conversation.id },
    });
    const joined = await store.conversationForTurn(
      { ...second.inbound, conversationId: first.conversation.id },
      LATER,
      initial,
    );
    expect(joined?.id).toBe(moved?.id);
    expect(await prisma.conversation.count({ where: { contactId: first.conversation.contactId } })).toBe(2);

    // Erased while it waited: nothing to answer.
    await prisma.message.deleteMany({ where: { conversation: { contactId: first.conversation.contactId } } });
    expect(await store.conversationForTurn(second.inbound, LATER, initial)).toBeUndefined();
  });

  it("when two retry passes claim the due outbound messages at once, then each message goes to one of them, and to a later pass once the claim has lapsed", async () => {
    const stored = await store.storeInbound(inbound());
    if (stored.type !== "stored") throw new Error("not stored");
    const due = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        store.insertOutbound({
          conversationId: stored.conversation.id,
          channel: "telegram",
          direction: "out",
          sender: "bot",
          kind: "text",
          text: `retry-${i}`,
          buttons: null,
          delivery: "pending",
          createdAt: AT,
        }),
      ),
    );
    await prisma.message.updateMany({
      where: { id: { in: due.map((m) => m.id) } },
      data: { nextAttemptAt: AT },
    });
    const until = new Date(LATER.getTime() + 60_000);
    const [one, two] = await Promise.all([
      store.claimDueOutbound(LATER, 100, until),
      store.claimDueOutbound(LATER, 100, until),
    ]);
    const ids = due.map((m) => m.id).sort((a, b) => a - b);
    const claimed = [...one, ...two].map((c) => c.row.id).filter((id) => ids.includes(id));
    expect(claimed.sort((a, b) => a - b)).toEqual(ids);
    expect([...one, ...two].every((c) => c.conversation.id === c.row.conversationId)).toBe(true);
    // Nobody recorded an outcome: after the claim lapses they are due again.
    expect(await store.claimDueOutbound(LATER, 100, until)).toEqual([]);
    const again = await store.claimDueOutbound(until, 100, new Date(until.getTime() + 60_000));
    // In id order (the four were inserted concurrently, so not necessarily in array order).
    expect(again.map((c) => c.row.id).filter((id) => ids.includes(id))).toEqual(ids);
  });

  it("when Prisma holds a write transaction across awaits, then a turn's write waits for it and both land", async () => {
    const contact = await prisma.contact.create({
      data: { channel: "telegram", pseudonym: `holder-${kind}`, handle: "Khách H" },
    });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let wrote!: () => void;
    const holding = new Promise<void>((resolve) => {
      wrote = resolve;
    });
    const held = prisma.$transaction(async (tx) => {
      await tx.contact.update({ where: { id: contact.id }, data: { locale: "en" } });
      wrote();
      await released;
    });
    await holding;
    const turn = store.storeInbound(inbound());
    // The turn cannot have finished while the lock is held on SQLite; on PostgreSQL rows do not collide.
    setTimeout(release, 100);
    const [stored] = await Promise.all([turn, held]);
    expect(stored.type).toBe("stored");
    expect((await prisma.contact.findUniqueOrThrow({ where: { id: contact.id } })).locale).toBe("en");
  });
});
