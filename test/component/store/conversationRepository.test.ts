// The conversation repository's conditional writes, on each database: a status change and a
// reminder are claimed by exactly one of several writers racing on the same expected row.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../../src/store/prisma.js";
import { openDatabase } from "../../../src/store/prisma.js";
import { openSqlDriver } from "../../../src/store/sqlDriver.js";
import { createStore, type Store } from "../../../src/store/store.js";
import { createTestDatabase, type TestDatabase, testDatabases } from "../../support/testServer.js";

const AT = new Date("2025-03-01T03:00:00.000Z");

describe.each(testDatabases())("the conversation repository on %s", (kind) => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let store: Store;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    prisma = await openDatabase(db.url);
    store = createStore(prisma, await openSqlDriver(db.url));
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  let n = 0;
  async function waiting(data: { priority?: string; riskLevel?: string; waitingSince?: Date } = {}) {
    n++;
    const contact = await prisma.contact.create({
      data: { channel: "telegram", pseudonym: `p-${kind}-${n}`, handle: `Khách ${n}` },
    });
    return prisma.conversation.create({
      data: {
        contactId: contact.id,
        channel: "telegram",
        state: "{}",
        status: "waiting",
        waitingSince: AT,
        priority: "normal",
        ...data,
      },
    });
  }

  it("when two claims expect the same status and version, then exactly one changes the conversation and the version moves on", async () => {
    const row = await waiting();
    const read = await store.conversations.find(row.id);
    expect(read).toMatchObject({ status: "waiting", channel: "telegram", priority: "normal", version: 0 });
    const claim = (assignedTo: string) =>
      store.conversations.changeStatus(row.id, read!, "active", { assignedTo, claimedAt: AT });
    const results = await Promise.all([claim("lan"), claim("mai")]);
    const won = results.filter((r) => r !== undefined);
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({ status: "active", version: 1 });
    const stored = await store.conversations.find(row.id);
    expect(stored?.assignedTo).toBe(won[0]!.assignedTo);
    // A writer that read before the claim cannot change it afterwards.
    expect(await store.conversations.changeStatus(row.id, read!, "closed", { outcome: "x" })).toBeUndefined();
  });

  it("when two instances remind of one overdue urgent chat, then one reminder is claimed", async () => {
    const row = await waiting({ priority: "urgent", waitingSince: new Date(AT.getTime() - 3_600_000) });
    const overdue = await store.conversations.overdueUrgent(AT);
    expect(overdue.map((c) => c.id)).toContain(row.id);
    const claims = await Promise.all([
      store.conversations.claimReminder(row.id, "waiting", null, AT),
      store.conversations.claimReminder(row.id, "waiting", null, AT),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect((await store.conversations.overdueUrgent(AT)).map((c) => c.id)).not.toContain(row.id);
  });

  it("when a stored status is one the code does not know, then reading it fails instead of passing it on", async () => {
    const row = await waiting();
    await prisma.conversation.update({ where: { id: row.id }, data: { status: "paused" } });
    await expect(store.conversations.find(row.id)).rejects.toThrow();
  });
});
