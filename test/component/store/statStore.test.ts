// The anonymous statistics through prepared statements, on each database: two instances counting
// the same person at once count them once a day, with the "reached" record beside the mark, and
// the reports read back exactly what was written.
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConversationEvents } from "../../../src/conversation/conversationEvents.js";
import { StatsRecorder } from "../../../src/reports/statsRecorder.js";
import { openDatabase, type PrismaClient } from "../../../src/store/prisma.js";
import { openSqlDriver, type SqlDriver } from "../../../src/store/sqlDriver.js";
import { StatStore } from "../../../src/store/statStore.js";
import { createTestDatabase, type TestDatabase, testDatabases } from "../../support/testServer.js";

describe.each(testDatabases())("the statistics store on %s", (kind) => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  /** Two instances' connections to the one database. */
  let drivers: SqlDriver[];
  let first: StatStore;
  let second: StatStore;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    prisma = await openDatabase(db.url);
    drivers = [await openSqlDriver(db.url), await openSqlDriver(db.url)];
    first = new StatStore(drivers[0]!);
    second = new StatStore(drivers[1]!);
  });
  afterAll(async () => {
    await Promise.all((drivers ?? []).map((d) => d.close()));
    await prisma?.$disconnect();
    await db?.drop();
  });

  let n = 0;
  async function contact() {
    n++;
    return prisma.contact.create({
      data: { channel: "zalo_oa", pseudonym: `p-${kind}-${n}`, handle: `Khách ${n}` },
    });
  }
  const reachedOn = async (day: string) =>
    (await first.between(day, day)).filter((r) => r.kind === "reached");

  it("when two instances count the same person at once, four times, then exactly one counts them and one record is written", async () => {
    const person = await contact();
    const won = await Promise.all([
      first.countReached(person.id, "2026-01-10", "zalo_oa"),
      second.countReached(person.id, "2026-01-10", "zalo_oa"),
      first.countReached(person.id, "2026-01-10", "zalo_oa"),
      second.countReached(person.id, "2026-01-10", "zalo_oa"),
    ]);
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(await reachedOn("2026-01-10")).toEqual([
      { day: "2026-01-10", kind: "reached", channel: "zalo_oa", label: null, detail: null, seconds: null },
    ]);
    expect((await prisma.contact.findUnique({ where: { id: person.id } }))?.reachedOn).toBe("2026-01-10");
  });

  it("when the same person is counted on the next day, then they count again, and never for a day already past", async () => {
    const person = await contact();
    expect(await first.countReached(person.id, "2026-01-11", "zalo_oa")).toBe(true);
    expect(await second.countReached(person.id, "2026-01-12", "zalo_oa")).toBe(true);
    expect(await first.countReached(person.id, "2026-01-11", "zalo_oa")).toBe(false);
    expect(await reachedOn("2026-01-11")).toHaveLength(1);
    expect(await reachedOn("2026-01-12")).toHaveLength(1);
  });

  it("when records are written, then the reports read them back in order, with their days bounded on both sides", async () => {
    await first.record([
      { day: "2026-02-01", kind: "claim_wait", label: "urgent", seconds: 95 },
      { day: "2026-02-02", kind: "screening", label: "high", detail: "job_check" },
    ]);
    await second.record([{ day: "2026-02-03", kind: "outcome", label: "referred" }]);
    await first.record([]);
    expect(await first.between("2026-02-01", "2026-02-02")).toEqual([
      { day: "2026-02-01", kind: "claim_wait", channel: null, label: "urgent", detail: null, seconds: 95 },
      {
        day: "2026-02-02",
        kind: "screening",
        channel: null,
        label: "high",
        detail: "job_check",
        seconds: null,
      },
    ]);
    expect((await second.between("2026-02-03", "2026-02-03")).map((r) => r.kind)).toEqual(["outcome"]);
  });

  it("when two instances' recorders see two messages of the same person at once, then the report counts the person once that day", async () => {
    const person = await contact();
    const other = await contact();
    const at = new Date("2026-03-20T03:00:00Z");
    const instances = [first, second].map((stats) => {
      const events = new ConversationEvents();
      const recorder = new StatsRecorder({
        stats,
        clock: () => at,
        logger: pino({ level: "silent" }),
        urgentSlaSeconds: 300,
      });
      recorder.attach(events);
      return { events, recorder };
    });
    const message = (events: ConversationEvents, contactId: string) =>
      events.message(
        { id: `c-${contactId}`, contactId, channel: "webchat" },
        { id: "1", from: "user", text: "", at: at.toISOString() },
      );
    for (const { events } of instances) {
      message(events, person.id);
      message(events, person.id);
      message(events, other.id);
    }
    await Promise.all(instances.map(({ recorder }) => recorder.settled()));
    const reached = await reachedOn("2026-03-20");
    expect(reached).toHaveLength(2);
    expect(reached.every((r) => r.channel === "webchat")).toBe(true);
  });
});
