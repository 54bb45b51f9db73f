// Erasure on SQLite overwrites what it deletes (secure_delete on the connection that erases): after
// a person erases a long chat and the write-ahead log is checkpointed, neither their pseudonym nor
// the stored (encrypted) text of their messages is left anywhere in the database file, not even in
// the pages the deletion freed.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, webchatSession } from "../../support/testServer.js";

describe("erasure on SQLite leaves no trace in the database file", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("when a person with a long chat erases it, then the file holds neither their pseudonym nor their messages' stored text", async () => {
    const chat = await webchatSession(server.url);
    // Long enough for the person's messages to fill whole pages, which the deletion frees (28 messages: under
    // the 30 a session may post in a minute).
    for (let i = 0; i < 26; i++) {
      expect((await chat.say(`tin nhắn số ${i}: người ta giữ giấy tờ của tôi`)).status).toBe(200);
    }
    const pseudonym = server.service.pseudonymOf("webchat", chat.sessionId);
    const messages = await server.prisma.message.findMany({
      where: { conversation: { contact: { pseudonym } } },
      select: { text: true },
    });
    const needles = [pseudonym, ...messages.flatMap((m) => (m.text ? [m.text] : []))];
    expect(needles.length).toBeGreaterThan(50);

    await chat.say("xoa du lieu");
    expect((await chat.press("erase_yes")).status).toBe(200);
    expect(await server.prisma.contact.count({ where: { pseudonym } })).toBe(0);

    // The log's pages go back into the file, and the log is emptied.
    const [checkpoint] = await server.prisma.$queryRawUnsafe<{ busy: bigint | number }[]>(
      "PRAGMA wal_checkpoint(TRUNCATE)",
    );
    expect(Number(checkpoint!.busy)).toBe(0);
    const file = readFileSync(server.config.DATABASE_URL.replace(/^file:/, "")).toString("latin1");
    const left = needles.filter((needle) => file.includes(needle));
    expect(left).toEqual([]);
  });
});
