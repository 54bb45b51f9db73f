// The queue reads a person's message causes, through prepared statements, on each database: the
// same queue order, handling times, seats and rows that Prisma wrote, read back as domain types.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareQueued, type Queued } from "../../../src/handoff/queueOrder.js";
import { openDatabase, type PrismaClient } from "../../../src/store/prisma.js";
import { QueueReads } from "../../../src/store/queueReads.js";
import { openSqlDriver, type SqlDriver } from "../../../src/store/sqlDriver.js";
import { createTestDatabase, type TestDatabase, testDatabases } from "../../support/testServer.js";

const AT = new Date("2025-03-01T03:00:00.123Z");

/** The place the queue order (compareQueued) gives `item` among `waiting`: 1 + the chats ahead of it. */
const placeIn = (item: Queued, waiting: readonly Queued[]) =>
  waiting.filter((o) => o.id !== item.id && compareQueued(o, item) < 0).length + 1;
const minutes = (n: number) => new Date(AT.getTime() + n * 60_000);

describe.each(testDatabases())("the queue reads on %s", (kind) => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let driver: SqlDriver;
  let reads: QueueReads;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    prisma = await openDatabase(db.url);
    driver = await openSqlDriver(db.url);
    reads = new QueueReads(driver);
  });
  afterAll(async () => {
    await driver?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  let n = 0;
  async function conversation(data: Record<string, unknown>) {
    n++;
    const contact = await prisma.contact.create({
      data: { channel: "telegram", pseudonym: `p-${kind}-${n}`, handle: `Khách ${n}` },
    });
    return prisma.conversation.create({
      data: { contactId: contact.id, channel: "telegram", state: "{}", ...data },
    });
  }
  async function counselor(data: { available: boolean; disabled?: boolean; maxChats: number }) {
    n++;
    return prisma.counselor.create({
      data: {
        email: `c${n}-${kind}@example.org`,
        name: `C ${n}`,
        alias: `C${n}`,
        passwordHash: "x",
        ...data,
      },
    });
  }

  it("when nobody waits and no counselor is available, then the queue is empty and there are no seats", async () => {
    expect(await reads.queue()).toEqual([]);
    expect(await reads.placeOf({ id: "newcomer", priority: "normal", waitingSince: AT })).toBe(1);
    expect(await reads.countWaiting()).toBe(0);
    expect(await reads.availableSeats()).toBe(0);
    expect(await reads.anyAvailable()).toBe(false);
    expect(await reads.handlingMinutes(AT, 30)).toEqual([]);
    expect(await reads.find("no-such-conversation")).toBeUndefined();
  });

  it("when chats wait with different priorities, then the queue puts urgent first, then high, then the longest wait", async () => {
    const normalOld = await conversation({ status: "waiting", priority: "normal", waitingSince: minutes(0) });
    const urgent = await conversation({
      status: "waiting",
      priority: "urgent",
      waitingSince: minutes(5),
      riskLevel: "urgent",
      riskIndicators: '["locked_in"]',
    });
    const high = await conversation({ status: "waiting", priority: "high", waitingSince: minutes(3) });
    const normalNew = await conversation({ status: "waiting", priority: null, waitingSince: minutes(2) });
    await conversation({ status: "bot" });
    await conversation({ status: "active", priority: "urgent", waitingSince: minutes(-10) });

    const queue = await reads.queue();
    expect(queue.map((e) => e.id)).toEqual([urgent.id, high.id, normalOld.id, normalNew.id]);
    const handle = (await prisma.contact.findUnique({ where: { id: urgent.contactId } }))!.handle;
    expect(queue[0]).toEqual({
      id: urgent.id,
      priority: "urgent",
      channel: "telegram",
      waitingSince: minutes(5).toISOString(),
      handle,
      locale: "vi",
      risk: { level: "urgent", indicators: ["locked_in"] },
    });
    expect(queue[3]!.priority).toBe("normal");
    expect(await reads.countWaiting()).toBe(4);
    // Each waiting chat's place, counted in the database, is its place in the list.
    for (const [index, c] of [urgent, high, normalOld, normalNew].entries()) {
      expect(await reads.placeOf(c)).toBe(index + 1);
    }
    // A newcomer: an urgent one goes behind the urgent chat; a normal one to the end.
    expect(await reads.placeOf({ id: "newcomer", priority: "urgent", waitingSince: minutes(9) })).toBe(2);
    expect(await reads.placeOf({ id: "newcomer", priority: "normal", waitingSince: minutes(9) })).toBe(5);
  });

  it("when many chats wait with every kind of priority, equal times and none, then the place counted in the database is the place the queue order (compareQueued) gives", async () => {
    // A seeded generator: the same queue on every run.
    let seed = 12_345;
    const random = (k: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % k;
    };
    const priorities = ["urgent", "high", "normal", null, "unknown"] as const;
    for (let i = 0; i < 40; i++) {
      await conversation({
        status: "waiting",
        priority: priorities[random(priorities.length)],
        waitingSince: random(6) === 0 ? null : minutes(random(8)),
      });
    }
    const waiting = (await prisma.conversation.findMany({ where: { status: "waiting" } })).map((c) => ({
      id: c.id,
      priority: c.priority,
      waitingSince: c.waitingSince,
    }));
    const newcomers = priorities.flatMap((priority) =>
      [null, minutes(-1), minutes(3), minutes(20)].map((waitingSince) => ({
        id: "newcomer",
        priority,
        waitingSince,
      })),
    );
    for (const item of [...waiting, ...newcomers]) {
      expect({ item, place: await reads.placeOf(item) }).toEqual({ item, place: placeIn(item, waiting) });
    }
  });

  it("when a conversation is read by id, then every column comes back as Prisma wrote it, parsed", async () => {
    const row = await conversation({
      status: "active",
      priority: "high",
      waitingSince: minutes(1),
      claimedAt: minutes(4),
      assignedTo: "lan",
      lastUserAt: minutes(3),
    });
    expect(await reads.find(row.id)).toEqual(row);
  });

  it("when chats were closed, then the handling times are those since the given time, claimed ones only, newest first, at most the limit", async () => {
    await conversation({ status: "closed", claimedAt: minutes(100), closedAt: minutes(110) });
    await conversation({ status: "closed", claimedAt: minutes(200), closedAt: minutes(230) });
    await conversation({ status: "closed", claimedAt: minutes(300), closedAt: minutes(305) });
    await conversation({ status: "closed", claimedAt: null, closedAt: minutes(400) });
    await conversation({ status: "closed", claimedAt: minutes(-50), closedAt: minutes(-20) });
    expect(await reads.handlingMinutes(minutes(0), 30)).toEqual([5, 30, 10]);
    expect(await reads.handlingMinutes(minutes(0), 2)).toEqual([5, 30]);
    expect(await reads.handlingMinutes(minutes(110), 30)).toEqual([5, 30, 10]);
    expect(await reads.handlingMinutes(minutes(111), 30)).toEqual([5, 30]);
  });

  it("when a person has a closed, a waiting and a newer held conversation, then the newest in the queue or held is the one their typing shows in", async () => {
    const first = await conversation({ status: "closed" });
    const contactId = first.contactId;
    expect(await reads.handedOffOf(contactId)).toBeUndefined();
    const waiting = await prisma.conversation.create({
      data: { contactId, channel: "telegram", state: "{}", status: "waiting", createdAt: minutes(1) },
    });
    expect(await reads.handedOffOf(contactId)).toEqual({
      id: waiting.id,
      status: "waiting",
      assignedTo: null,
    });
    const held = await prisma.conversation.create({
      data: {
        contactId,
        channel: "telegram",
        state: "{}",
        status: "active",
        assignedTo: "lan",
        createdAt: minutes(2),
      },
    });
    await prisma.conversation.create({
      data: { contactId, channel: "telegram", state: "{}", status: "bot", createdAt: minutes(3) },
    });
    expect(await reads.handedOffOf(contactId)).toEqual({ id: held.id, status: "active", assignedTo: "lan" });
  });

  it("when counselors are available, away or disabled, then only the available, enabled ones' seats count", async () => {
    await counselor({ available: false, maxChats: 7 });
    await counselor({ available: true, disabled: true, maxChats: 11 });
    expect(await reads.anyAvailable()).toBe(false);
    expect(await reads.availableSeats()).toBe(0);
    await counselor({ available: true, maxChats: 3 });
    await counselor({ available: true, maxChats: 2 });
    expect(await reads.anyAvailable()).toBe(true);
    expect(await reads.availableSeats()).toBe(5);
  });
});
