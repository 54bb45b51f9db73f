// A webhook is answered as soon as its update is stored, even when the same person's previous
// turn is still running (its replies still on their way to Telegram); the turns themselves stay
// in the person's order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { telegramChannel } from "../../../src/channels/telegram/index.js";
import { type FakeTelegram, privateText, startFakeTelegram } from "../../support/fakeTelegram.js";
import {
  api,
  startTestServer,
  type TestServer,
  testDatabases,
  turnsSettled,
} from "../../support/testServer.js";

const SECRET = "s3cret_for-the-webhook_0123456789";

describe.each(testDatabases())("a webhook answer behind the person's earlier turn, on %s", (db) => {
  let fake: FakeTelegram;
  let server: TestServer;

  beforeAll(async () => {
    fake = await startFakeTelegram("123:abc");
    server = await startTestServer({
      db,
      channels: [telegramChannel],
      env: {
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.url,
        TELEGRAM_WEBHOOK_URL: "https://hotline.example.org/telegram/webhook",
        TELEGRAM_WEBHOOK_SECRET: SECRET,
      },
      timers: false,
      // A delivery still sending after 50 ms claims its unsent messages (10 s in service).
      slowSendMs: 50,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await fake?.close();
  });

  const post = (chatId: number, text: string) =>
    api(
      server.url,
      "POST",
      "/telegram/webhook",
      { update_id: fake.nextUpdateId(), ...privateText(chatId, text) },
      { "x-telegram-bot-api-secret-token": SECRET },
    );
  const textsTo = (chatId: number) =>
    fake
      .callsOf("sendMessage")
      .filter((c) => String(c.params.chat_id) === String(chatId))
      .map((c) => c.params.text);

  it("when a person's next update arrives while their previous turn is still sending, then it is answered at once and both turns are answered in order", async () => {
    // The same two messages from another person, one after the other: what the answers look like.
    const reference = 7_770_300_001;
    await post(reference, "/start");
    await turnsSettled(server);
    const toStart = textsTo(reference);
    await post(reference, "/help");
    await turnsSettled(server);
    const toBoth = textsTo(reference);
    expect(toBoth.length).toBeGreaterThan(toStart.length);

    const chat = 7_770_300_002;
    const resume = fake.pause("sendMessage");
    expect((await post(chat, "/start")).status).toBe(200);
    await fake.waitFor("the first reply on its way", () =>
      fake.paused.some((c) => String(c.params.chat_id) === String(chat)),
    );
    // The first turn waits for Telegram; the next update is stored and answered all the same.
    expect((await post(chat, "/help")).status).toBe(200);
    expect(server.service.busy).toBe(1);
    expect(textsTo(chat)).toEqual([]);

    resume();
    await turnsSettled(server);
    expect(textsTo(chat)).toEqual(toBoth);
  });

  it("when recovery runs while a stored message waits for its turn here, then it leaves that message to its turn", async () => {
    const reference = 7_770_300_003;
    await post(reference, "/start");
    await turnsSettled(server);
    await post(reference, "/help");
    await turnsSettled(server);
    const toBoth = textsTo(reference);

    const chat = 7_770_300_004;
    await post(chat, "/start");
    await turnsSettled(server);
    const pseudonym = server.service.pseudonymOf("telegram", String(chat));
    const conversation = await server.prisma.conversation.findFirstOrThrow({
      where: { contact: { pseudonym }, status: { not: "closed" } },
    });
    // Something else holds the person's conversation (a counselor's reply being sent, say).
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holding = server.service.withConversationLock(conversation.id, () => held);
    expect((await post(chat, "/help")).status).toBe(200);
    // A recovery pass (as at a start, no grace) sees the message stored and not yet answered.
    const recovering = server.service.recover();
    release();
    await holding;
    expect((await recovering).inbound).toBe(0);
    await turnsSettled(server);
    expect(textsTo(chat)).toEqual(toBoth);
  });

  it("when a delivery is slow (Telegram makes it wait) and recovery runs meanwhile, then its messages are sent once, by it", async () => {
    const reference = 7_770_300_005;
    await post(reference, "/start");
    await turnsSettled(server);
    const toStart = textsTo(reference);

    const chat = 7_770_300_006;
    const resume = fake.pause("sendMessage");
    await post(chat, "/start");
    await fake.waitFor("the first reply on its way", () =>
      fake.paused.some((c) => String(c.params.chat_id) === String(chat)),
    );
    const pseudonym = server.service.pseudonymOf("telegram", String(chat));
    const unsent = () =>
      server.prisma.message.findMany({
        where: { direction: "out", delivery: "pending", conversation: { contact: { pseudonym } } },
      });
    // The delivery is slow: it claims what it has not sent yet.
    await expect
      .poll(async () => (await unsent()).every((m) => m.nextAttemptAt !== null), { interval: 20 })
      .toBe(true);
    expect((await unsent()).length).toBe(toStart.length);
    // Recovery as it runs once the grace has passed (the messages look older than it).
    const recovering = server.service.recover({ receivedBefore: new Date(Date.now() + 60_000) });
    resume();
    await recovering;
    await turnsSettled(server);
    expect(textsTo(chat)).toEqual(toStart);
  });

  it("when ten people write while Telegram holds every send, then eight turns run, two wait for a slot, and all ten are answered once it lets go", async () => {
    const people = Array.from({ length: 10 }, (_, i) => 7_770_300_100 + i);
    const resume = fake.pause("sendMessage");
    for (const chat of people) expect((await post(chat, "/start")).status).toBe(200);
    await expect.poll(() => server.service.turnSlots, { interval: 10 }).toEqual({ running: 8, waiting: 2 });
    const held = fake.paused.map((c) => Number(c.params.chat_id)).filter((id) => people.includes(id));
    expect(new Set(held).size).toBe(8);
    resume();
    await turnsSettled(server);
    for (const chat of people) expect(textsTo(chat).length).toBeGreaterThan(0);
    expect(server.service.turnSlots).toEqual({ running: 0, waiting: 0 });
  });
});

describe.each(testDatabases())("a retry pass beside the person's own delivery, on %s", (db) => {
  let fake: FakeTelegram;
  let server: TestServer;

  beforeAll(async () => {
    fake = await startFakeTelegram("123:abc");
    // A delivery claims its unsent messages only after the service's 10 s here.
    server = await startTestServer({
      db,
      channels: [telegramChannel],
      env: {
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.url,
        TELEGRAM_WEBHOOK_URL: "https://hotline.example.org/telegram/webhook",
        TELEGRAM_WEBHOOK_SECRET: SECRET,
      },
      timers: false,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await fake?.close();
  });

  const post = (chatId: number, text: string) =>
    api(
      server.url,
      "POST",
      "/telegram/webhook",
      { update_id: fake.nextUpdateId(), ...privateText(chatId, text) },
      { "x-telegram-bot-api-secret-token": SECRET },
    );
  const textsTo = (chatId: number) =>
    fake
      .callsOf("sendMessage")
      .filter((c) => String(c.params.chat_id) === String(chatId))
      .map((c) => c.params.text);

  it("when a recovery pass claims replies that the person's own turn is sending, then each is sent once", async () => {
    const reference = 7_770_300_201;
    await post(reference, "/start");
    await turnsSettled(server);
    const toStart = textsTo(reference);

    const chat = 7_770_300_202;
    const resume = fake.pause("sendMessage");
    await post(chat, "/start");
    await fake.waitFor("the first reply on its way", () =>
      fake.paused.some((c) => String(c.params.chat_id) === String(chat)),
    );
    const pseudonym = server.service.pseudonymOf("telegram", String(chat));
    const replies = () =>
      server.prisma.message.findMany({
        where: { direction: "out", conversation: { contact: { pseudonym } } },
      });
    // A recovery pass as at a start (no grace): the replies not yet marked sent look never tried,
    // it claims them and waits for the person's turn, which is still sending them.
    const recovering = server.service.recover();
    await expect
      .poll(async () => (await replies()).every((m) => m.nextAttemptAt !== null), { interval: 10 })
      .toBe(true);
    resume();
    await recovering;
    await turnsSettled(server);
    expect(textsTo(chat)).toEqual(toStart);
  });
});
