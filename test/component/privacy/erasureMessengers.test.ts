import { afterEach, describe, expect, it } from "vitest";
import { telegramChannel } from "../../../src/channels/telegram/index.js";
import { zaloBotChannel } from "../../../src/channels/zalo/index.js";
import { type FakeTelegram, privateText, startFakeTelegram } from "../../support/fakeTelegram.js";
import { botTextUpdate, FakeZalo } from "../../support/fakeZalo.js";
import { localeTexts } from "../../support/localeTexts.js";
import { api, startTestServer, type TestServer, turnsSettled } from "../../support/testServer.js";

const vi = (ns: string) => localeTexts("vi", ns);
const SECRET_WORDS = "họ giữ hộ chiếu của em ở Myawaddy";

let server: TestServer | undefined;
let telegram: FakeTelegram | undefined;
let zalo: FakeZalo | undefined;
afterEach(async () => {
  await server?.stop();
  await telegram?.close();
  await zalo?.close();
  server = telegram = zalo = undefined;
});

async function contactOf(s: TestServer, channel: "telegram" | "zalo_bot", userId: string) {
  return s.prisma.contact.findUnique({
    where: { pseudonym: s.service.pseudonymOf(channel, userId) },
    include: { conversations: { include: { messages: true } } },
  });
}

describe("erasure on request in messenger channels", () => {
  it("when a Telegram user confirms erasure, then their rows are gone, the last words reach them, and a new message starts fresh", async () => {
    const WEBHOOK_SECRET = "s3cret_for-the-webhook_0123456789";
    telegram = await startFakeTelegram("123:abc");
    server = await startTestServer({
      channels: [telegramChannel],
      timers: false,
      env: {
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.url,
        TELEGRAM_WEBHOOK_URL: "https://hotline.example.org/telegram/webhook",
        TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      },
    });
    const s = server;
    const fake = telegram;
    const chatId = 7_770_031_001;
    // Answered once stored; the turn and its replies follow.
    const post = async (text: string) => {
      const res = await api(
        s.url,
        "POST",
        "/telegram/webhook",
        { update_id: fake.nextUpdateId(), ...privateText(chatId, text) },
        {
          "x-telegram-bot-api-secret-token": WEBHOOK_SECRET,
        },
      );
      await turnsSettled(s);
      return res;
    };
    const textsTo = () =>
      fake
        .callsOf("sendMessage")
        .filter((c) => String(c.params.chat_id) === String(chatId))
        .map((c) => String(c.params.text));

    expect((await post(SECRET_WORDS)).status).toBe(200);
    expect((await post("xóa dữ liệu")).status).toBe(200);
    expect(textsTo()).toContain(vi("erase").confirm);
    const before = await contactOf(s, "telegram", String(chatId));
    expect(before?.conversations[0]?.messages.length).toBeGreaterThan(2);

    expect((await post("có")).status).toBe(200);
    const done = await fake.waitFor("the last words", () => textsTo().find((t) => t === vi("erase").done));
    expect(done).toBe(vi("erase").done);
    // Telegram keeps the chat on the phone: the person is told how to delete it there.
    await fake.waitFor("how to delete the chat", () =>
      textsTo().find((t) => t === vi("erase").phone_telegram),
    );
    expect(await contactOf(s, "telegram", String(chatId))).toBeNull();
    expect(await s.prisma.conversation.count({ where: { id: before!.conversations[0]!.id } })).toBe(0);
    expect((await s.prisma.counter.findUniqueOrThrow({ where: { key: "erasures.telegram" } })).value).toBe(1);

    expect((await post("xin chào")).status).toBe(200);
    const fresh = await contactOf(s, "telegram", String(chatId));
    expect(fresh?.id).not.toBe(before!.id);
    expect(fresh?.conversations).toHaveLength(1);
    const texts = (await s.service.messagesOf(fresh!.conversations[0]!.id)).map((m) => m.text).join("\n");
    expect(texts).not.toContain("Myawaddy");
    expect(s.rawLogs()).not.toContain("Myawaddy");
  });

  it("when a Zalo Bot user confirms erasure, then their rows are gone, the last words reach them, and a new message starts fresh", async () => {
    const WEBHOOK_SECRET = "bot-webhook-secret-123";
    zalo = await FakeZalo.start();
    server = await startTestServer({
      channels: [zaloBotChannel],
      timers: false,
      env: {
        ZALO_BOT_TOKEN: zalo.botToken,
        ZALO_BOT_API_ROOT: zalo.url,
        ZALO_BOT_WEBHOOK_SECRET: WEBHOOK_SECRET,
        PUBLIC_URL: "https://hotline.example.org",
      },
    });
    const s = server;
    const fake = zalo;
    const chat = "chat-erase-7f3a";
    let n = 0;
    const post = async (text: string) => {
      const res = await fetch(`${s.url}/zalo/bot/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-bot-api-secret-token": WEBHOOK_SECRET },
        body: JSON.stringify(botTextUpdate({ chatId: chat, messageId: `m-${++n}`, text })),
      });
      return res.status;
    };
    const sent = (text: string) =>
      fake.waitFor("sendMessage", 1, (r) => r.body.chat_id === chat && String(r.body.text).startsWith(text));

    expect(await post(SECRET_WORDS)).toBe(200);
    expect(await post("xóa dữ liệu")).toBe(200);
    await sent(vi("erase").confirm);
    const before = await contactOf(s, "zalo_bot", chat);
    expect(before).not.toBeNull();

    expect(await post("có")).toBe(200);
    await sent(vi("erase").done);
    await sent(vi("erase").phone_zalo);
    // The last words are sent after the rows are deleted, inside the same turn.
    expect(await contactOf(s, "zalo_bot", chat)).toBeNull();
    expect((await s.prisma.counter.findUniqueOrThrow({ where: { key: "erasures.zalo_bot" } })).value).toBe(1);

    const greetingsBefore = fake
      .requestsTo("sendMessage")
      .filter((r) => r.body.text === vi("main").greeting).length;
    expect(await post("xin chào")).toBe(200);
    await fake.waitFor("sendMessage", greetingsBefore + 1, (r) => r.body.text === vi("main").greeting);
    const fresh = await contactOf(s, "zalo_bot", chat);
    expect(fresh?.id).not.toBe(before!.id);
    expect(s.rawLogs()).not.toContain("Myawaddy");
  });
});
