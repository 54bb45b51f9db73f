// A webhook is answered as soon as its update is stored, even when the same person's previous
// turn is still running (its replies still on their way to Telegram); the turns themselves stay
// in the person's order.
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
  startTestServer,
  type TestDatabaseKind,
  type TestServer,
  type TestServerOptions,
  testDatabases,
  turnsSettled,
} from "../../support/testServer.js";

const SECRET = "s3cret_for-the-webhook_0123456789";

/**
 * A server on `db` taking Telegram updates on its webhook from a fake Bot API, for the tests of
 * one describe: `post` sends a person's text as Telegram does, `textsTo` lists what reached them.
 */
function webhookServer(db: TestDatabaseKind, options: Pick<TestServerOptions, "slowSendMs"> = {}) {
  const f = {} as { fake: FakeTelegram; server: TestServer };
  beforeAll(async () => {
    f.fake = await startFakeTelegram("123:abc");
    f.server = await startTestServer({
      db,
      channels: [telegramChannel],
      env: telegramWebhookEnv(f.fake, SECRET),
      timers: false,
      ...options,
    });
  });
  afterAll(async () => {
    await f.server?.stop();
    await f.fake?.close();
  });
  const post = (chatId: number, text: string) =>
    api(
      f.server.url,
      "POST",
      "/telegram/webhook",
      { update_id: f.fake.nextUpdateId(), ...privateText(chatId, text) },
      { "x-telegram-bot-api-secret-token": SECRET },
    );
  const textsTo = (chatId: number) =>
    f.fake
      .callsOf("sendMessage")
      .filter((c) => String(c.params.chat_id) === String(chatId))
      .map((c) => c.params.text);
  return { f, post, textsTo };
}

describe.each(testDatabases())("a webhook answer behind the person's earlier turn, on %s", (db) => {
  // A delivery still sending after 50 ms claims its unsent messages (10 s in service).
  const { f, post, textsTo } = webhookServer(db, { slowSendMs: 50 });

  it("when a person's next update arrives while their previous turn is still sending, then it is answered at once and both turns are answered in order", async () => {
    // The same two messages from another person, one after the other: what the answers look like.
    const reference = 7_770_300_001;
    await post(reference, "/start");
    await turnsSettled(f.server);
    const toStart = textsTo(reference);
    await post(reference, "/help");
    await turnsSettled(f.server);
    const toBoth = textsTo(reference);
    expect(toBoth.length).toBeGreaterThan(toStart.length);

    const chat = 7_770_300_002;
    const resume = f.fake.pause("sendMessage");
    expect((await post(chat, "/start")).status).toBe(200);
    await f.fake.waitFor("the first reply on its way", () =>
      f.fake.paused.some((c) => String(c.params.chat_id) === String(chat)),
    );
    // The first turn waits for Telegram; the next update is stored and answered all the same.
    expect((await post(chat, "/help")).status).toBe(200);
    expect(f.server.service.busy).toBe(1);
    expect(textsTo(chat)).toEqual([]);

    resume();
    await turnsSettled(f.server);
    expect(textsTo(chat)).toEqual(toBoth);
  });

  it("when recovery runs while a stored message waits for its turn here, then it leaves that message to its turn", async () => {
    const reference = 7_770_300_003;
    await post(reference, "/start");
    await turnsSettled(f.server);
    await post(reference, "/help");
    await turnsSettled(f.server);
    const toBoth = textsTo(reference);

    const chat = 7_770_300_004;
    await post(chat, "/start");
    await turnsSettled(f.server);
    const pseudonym = f.server.service.pseudonymOf("telegram", String(chat));
    const conversation = await f.server.prisma.conversation.findFirstOrThrow({
      where: { contact: { pseudonym }, status: { not: "closed" } },
    });
    // Something else holds the person's conversation (a counselor's reply being sent, say).
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holding = f.server.service.withConversationLock(conversation.id, () => held);
    expect((await post(chat, "/help")).status).toBe(200);
    // A recovery pass (as at a start, no grace) sees the message stored and not yet answered.
    const recovering = f.server.service.recover();
    release();
    await holding;
    expect((await recovering).inbound).toBe(0);
    await turnsSettled(f.server);
    expect(textsTo(chat)).toEqual(toBoth);
  });

  it("when a delivery is slow (Telegram makes it wait) and recovery runs meanwhile, then its messages are sent once, by it", async () => {
    const reference = 7_770_300_005;
    await post(reference, "/start");
    await turnsSettled(f.server);
    const toStart = textsTo(reference);

    const chat = 7_770_300_006;
    const resume = f.fake.pause("sendMessage");
    await post(chat, "/start");
    await f.fake.waitFor("the first reply on its way", () =>
      f.fake.paused.some((c) => String(c.params.chat_id) === String(chat)),
    );
    const pseudonym = f.server.service.pseudonymOf("telegram", String(chat));
    const unsent = () =>
      f.server.prisma.message.findMany({
        where: { direction: "out", delivery: "pending", conversation: { contact: { pseudonym } } },
      });
    // The delivery is slow: it claims what it has not sent yet.
    await expect
      .poll(async () => (await unsent()).every((m) => m.nextAttemptAt !== null), { interval: 20 })
      .toBe(true);
    expect((await unsent()).length).toBe(toStart.length);
    // Recovery as it runs once the grace has passed (the messages look older than it).
    const recovering = f.server.service.recover({ receivedBefore: new Date(Date.now() + 60_000) });
    resume();
    await recovering;
    await turnsSettled(f.server);
    expect(textsTo(chat)).toEqual(toStart);
  });

  it("when ten people write while Telegram holds every send, then eight turns run, two wait for a slot, and all ten are answered once it lets go", async () => {
    const people = Array.from({ length: 10 }, (_, i) => 7_770_300_100 + i);
    const resume = f.fake.pause("sendMessage");
    for (const chat of people) expect((await post(chat, "/start")).status).toBe(200);
    await expect.poll(() => f.server.service.turnSlots, { interval: 10 }).toEqual({ running: 8, waiting: 2 });
    const held = f.fake.paused.map((c) => Number(c.params.chat_id)).filter((id) => people.includes(id));
    expect(new Set(held).size).toBe(8);
    resume();
    await turnsSettled(f.server);
    for (const chat of people) expect(textsTo(chat).length).toBeGreaterThan(0);
    expect(f.server.service.turnSlots).toEqual({ running: 0, waiting: 0 });
  });
});

describe.each(testDatabases())("a retry pass beside the person's own delivery, on %s", (db) => {
  // A delivery claims its unsent messages only after the service's 10 s here.
  const { f, post, textsTo } = webhookServer(db);

  it("when a recovery pass claims replies that the person's own turn is sending, then each is sent once", async () => {
    const reference = 7_770_300_201;
    await post(reference, "/start");
    await turnsSettled(f.server);
    const toStart = textsTo(reference);

    const chat = 7_770_300_202;
    const resume = f.fake.pause("sendMessage");
    await post(chat, "/start");
    await f.fake.waitFor("the first reply on its way", () =>
      f.fake.paused.some((c) => String(c.params.chat_id) === String(chat)),
    );
    const pseudonym = f.server.service.pseudonymOf("telegram", String(chat));
    const replies = () =>
      f.server.prisma.message.findMany({
        where: { direction: "out", conversation: { contact: { pseudonym } } },
      });
    // A recovery pass as at a start (no grace): the replies not yet marked sent look never tried,
    // it claims them and waits for the person's turn, which is still sending them.
    const recovering = f.server.service.recover();
    await expect
      .poll(async () => (await replies()).every((m) => m.nextAttemptAt !== null), { interval: 10 })
      .toBe(true);
    resume();
    await recovering;
    await turnsSettled(f.server);
    expect(textsTo(chat)).toEqual(toStart);
  });
});
