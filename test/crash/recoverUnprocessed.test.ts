import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FieldCipher } from "../../src/privacy/fieldCipher.js";
import { resolveKeys } from "../../src/privacy/keys.js";
import {
  api,
  createTestDatabase,
  startTestServer,
  type TestDatabase,
  type TestServer,
  testDatabases,
  webchatSession,
} from "../support/testServer.js";

// The state a crash leaves when it strikes between storing an inbound message and running the
// bot: the message is stored ("received"), no reply exists. The next start must finish the turn once.
describe.each(testDatabases())("a crash between storing a message and answering it on %s", (kind) => {
  let database: TestDatabase;
  let server: TestServer | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("when the server starts again, then the stored message is answered exactly once", async () => {
    server = await startTestServer({ database, timers: false });
    const chat = await webchatSession(server.url);
    const history = (await chat.history()).body.messages;
    const conversation = await server.prisma.conversation.findFirstOrThrow();
    const cipher = new FieldCipher(resolveKeys(server.config, database.dir).dataKey);
    const stuck = await server.prisma.message.create({
      data: {
        conversationId: conversation.id,
        channel: "webchat",
        direction: "in",
        sender: "user",
        kind: "choice",
        choice: "hotlines",
        text: cipher.encrypt("Các số đường dây nóng"),
        externalId: `${chat.sessionId}:crash-1`,
        delivery: "received",
      },
    });
    await server.stop();

    server = await startTestServer({ database, timers: false });
    // Each start listens on a new port: talk to the session through the new address.
    const auth = { authorization: `Bearer ${chat.token}` };
    const since = (base: string) =>
      api(
        base,
        "GET",
        `/webchat/api/sessions/${chat.sessionId}/messages?after=${history.at(-1).id}`,
        undefined,
        auth,
      );
    const after = (await since(server.url)).body.messages;
    expect(after[0]).toMatchObject({ id: String(stuck.id), from: "user" });
    const replies = after.slice(1);
    expect(replies.some((m: { text: string }) => m.text.includes("111"))).toBe(true);
    const row = await server.prisma.message.findUniqueOrThrow({ where: { id: stuck.id } });
    expect(row.delivery).toBe("processed");
    await server.stop();

    server = await startTestServer({ database, timers: false });
    const again = (await since(server.url)).body.messages;
    expect(again.map((m: { id: string }) => m.id)).toEqual(after.map((m: { id: string }) => m.id));
    // The client retrying the message it never got an answer for is recognised as a replay.
    const replayed = await api(
      server.url,
      "POST",
      `/webchat/api/sessions/${chat.sessionId}/messages`,
      { choice: "hotlines", clientMessageId: "crash-1" },
      auth,
    );
    expect(replayed.body).toEqual({ messages: [], duplicate: true });
  });
});
