// Background work on exactly one live instance, and recovery that runs all the time, not only
// at start-up: a message stored but never answered (its instance died) is answered by the
// instance running the background work.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createLogger } from "../../../src/logger.js";
import { FieldCipher } from "../../../src/privacy/fieldCipher.js";
import { resolveKeys } from "../../../src/privacy/keys.js";
import { leaderLockFor } from "../../../src/store/leaderLock.js";
import { withAdmin } from "../../support/postgres.js";
import {
  createTestDatabase,
  startTestServer,
  type TestDatabase,
  type TestServer,
  testDatabases,
  webchatSession,
} from "../../support/testServer.js";

const silent = createLogger("silent");

if (testDatabases().includes("postgres")) {
  describe("the background lock on PostgreSQL", () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase("postgres");
    });
    afterAll(async () => {
      await database?.drop();
    });

    it("when one instance holds it, then no other gets it; when the holder dies, then another takes it over", async () => {
      const a = leaderLockFor(database.url, silent);
      const b = leaderLockFor(database.url, silent);
      try {
        expect(await a.acquire()).toBe(true);
        expect(await a.acquire()).toBe(true);
        expect(await b.acquire()).toBe(false);

        // The holder's connection dies as with kill -9: PostgreSQL frees its session lock.
        const name = new URL(database.url).pathname.slice(1);
        await withAdmin(inject("postgres")!.adminUrl, (admin) =>
          admin.query(
            `SELECT pg_terminate_backend(pid) FROM pg_locks JOIN pg_stat_activity USING (pid)
             WHERE locktype = 'advisory' AND datname = $1`,
            [name],
          ),
        );
        expect(await b.acquire()).toBe(true);
        expect(await a.acquire()).toBe(false); // it noticed it lost the lock

        await b.release();
        expect(await a.acquire()).toBe(true); // a clean shutdown hands over at once
      } finally {
        await a.release();
        await b.release();
      }
    });
  });
}

describe.each(testDatabases())("continuous recovery on %s", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ db: kind, backgroundIntervalMs: 50 });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("when a message was stored but never answered a while ago, then the running server answers it once, without a restart", async () => {
    const chat = await webchatSession(server.url);
    const conversation = await server.prisma.conversation.findFirstOrThrow({
      where: { contact: { webSessions: { some: { id: chat.sessionId } } } },
    });
    const cipher = new FieldCipher(resolveKeys(server.config, server.dir).dataKey);
    const before = await server.prisma.message.count({ where: { conversationId: conversation.id } });
    // What an instance killed after acknowledging leaves behind: stored, "received", no reply.
    const stuck = await server.prisma.message.create({
      data: {
        conversationId: conversation.id,
        channel: "webchat",
        direction: "in",
        sender: "user",
        kind: "choice",
        choice: "hotlines",
        text: cipher.encrypt("Các số đường dây nóng"),
        externalId: `${chat.sessionId}:died-1`,
        delivery: "received",
        createdAt: new Date(Date.now() - 60_000),
      },
    });
    await expect
      .poll(
        async () => (await server.prisma.message.findUniqueOrThrow({ where: { id: stuck.id } })).delivery,
        { timeout: 20_000, interval: 100 },
      )
      .toBe("processed");
    const replies = await server.prisma.message.findMany({
      where: { conversationId: conversation.id, id: { gt: stuck.id } },
    });
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.every((r) => r.direction === "out")).toBe(true);
    // Later rounds do not answer it again.
    const count = await server.prisma.message.count({ where: { conversationId: conversation.id } });
    await expect
      .poll(
        async () =>
          (await server.prisma.message.count({ where: { conversationId: conversation.id } })) - count,
        {
          timeout: 1_000,
          interval: 200,
        },
      )
      .toBe(0);
    expect(count).toBe(before + 1 + replies.length);
  });
});
