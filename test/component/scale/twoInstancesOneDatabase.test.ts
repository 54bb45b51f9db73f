// Two instances on one database (PostgreSQL, and SQLite for one machine): any request works on
// either, a Telegram update delivered to both is answered once, and two counselors claiming one
// chat on different instances get exactly one 200 and one 409.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { telegramChannel } from "../../../src/channels/telegram/index.js";
import {
  type FakeTelegram,
  privateText,
  startFakeTelegram,
  telegramWebhookEnv,
} from "../../support/fakeTelegram.js";
import {
  api,
  createTestDatabase,
  startTestServer,
  type TestDatabase,
  type TestServer,
  testDatabases,
  turnsSettled,
  webchatSession,
} from "../../support/testServer.js";
import { createCounselor, OFFICE_TIME, signIn } from "../console/consoleClient.js";

const SECRET = "s3cret_for-the-webhook_0123456789";

describe.each(testDatabases())("two instances on one %s database", (kind) => {
  let database: TestDatabase;
  let fake: FakeTelegram;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    fake = await startFakeTelegram("123:abc");
    const options = {
      database,
      channels: [telegramChannel],
      clock: () => OFFICE_TIME,
      timers: false,
      env: telegramWebhookEnv(fake, SECRET),
    };
    a = await startTestServer(options);
    b = await startTestServer(options);
    await createCounselor(a, { email: "an@example.org", alias: "An" });
    await createCounselor(a, { email: "binh@example.org", alias: "Bình" });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await fake?.close();
    await database?.drop();
  });

  /** Posts an update; the webhook answers once it is stored, so this also waits for the turn to end. */
  const post = async (server: TestServer, update: Record<string, unknown>) => {
    const res = await api(server.url, "POST", "/telegram/webhook", update, {
      "x-telegram-bot-api-secret-token": SECRET,
    });
    await turnsSettled(server);
    return res;
  };
  const sendsTo = (chatId: number) =>
    fake.callsOf("sendMessage").filter((c) => String(c.params.chat_id) === String(chatId));

  it("when a web chat session is opened on one instance, then it works on the other", async () => {
    const onA = await webchatSession(a.url);
    const res = await api(
      b.url,
      "POST",
      `/webchat/api/sessions/${onA.sessionId}/messages`,
      { text: "menu" },
      { authorization: `Bearer ${onA.token}` },
    );
    expect(res.status).toBe(200);
    expect(res.body.messages.length).toBeGreaterThan(0);
  });

  it("when the same Telegram update reaches both instances at once, then it is answered once", async () => {
    // The answer to this text, delivered once, for comparison.
    await post(a, { update_id: fake.nextUpdateId(), ...privateText(880001, "/start") });
    const once = sendsTo(880001).length;
    expect(once).toBeGreaterThan(0);

    const update = { update_id: fake.nextUpdateId(), ...privateText(880002, "/start") };
    const [fromA, fromB] = await Promise.all([post(a, update), post(b, update)]);
    expect([fromA.status, fromB.status]).toEqual([200, 200]);
    expect(sendsTo(880002).length).toBe(once);
    const stored = await a.prisma.message.count({
      where: {
        channel: "telegram",
        direction: "in",
        externalId: { not: null },
        conversation: { channel: "telegram" },
      },
    });
    expect(stored).toBe(2); // one inbound row per distinct update
  });

  it("when two counselors claim one chat on different instances at once, then one gets 200 and the other 409", async () => {
    const user = await webchatSession(a.url);
    const asked = await user.say("tư vấn viên");
    expect(asked.status).toBe(200);
    const conversation = await a.prisma.conversation.findFirstOrThrow({
      where: { contact: { pseudonym: a.service.pseudonymOf("webchat", user.sessionId) }, status: "waiting" },
    });
    const an = await signIn(a.url, "an@example.org");
    const binh = await signIn(b.url, "binh@example.org");
    const results = await Promise.all([an.claim(conversation.id), binh.claim(conversation.id)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!;
    const after = await b.prisma.conversation.findUniqueOrThrow({ where: { id: conversation.id } });
    expect(after).toMatchObject({ status: "active", assignedTo: winner.body.conversation.assignedTo });
  });
});
