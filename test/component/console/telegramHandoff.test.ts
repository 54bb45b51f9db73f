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
  type TestServer,
  testDatabases,
  turnsSettled,
} from "../../support/testServer.js";
import { createCounselor, OFFICE_TIME, signIn } from "./consoleClient.js";

const SECRET = "s3cret_for-the-webhook_0123456789";
const CHAT = 777001;

describe.each(testDatabases())("a counselor answers a Telegram user from the console on %s", (db) => {
  let fake: FakeTelegram;
  let server: TestServer;

  beforeAll(async () => {
    fake = await startFakeTelegram("123:abc");
    server = await startTestServer({
      db,
      channels: [telegramChannel],
      clock: () => OFFICE_TIME,
      env: telegramWebhookEnv(fake, SECRET),
      timers: false,
    });
    await createCounselor(server, { email: "mai@example.org", alias: "Mai" });
  });
  afterAll(async () => {
    await server?.stop();
    await fake?.close();
  });

  // Answered once stored; the turn and its replies follow.
  const post = async (text: string) => {
    const res = await api(
      server.url,
      "POST",
      "/telegram/webhook",
      { update_id: fake.nextUpdateId(), ...privateText(CHAT, text) },
      { "x-telegram-bot-api-secret-token": SECRET },
    );
    await turnsSettled(server);
    return res;
  };
  const textsTo = () =>
    fake
      .callsOf("sendMessage")
      .filter((c) => String(c.params.chat_id) === String(CHAT))
      .map((c) => String(c.params.text));

  it("when the user asks for a person, a counselor claims and replies, then the reply arrives on Telegram and the bot stays silent", async () => {
    expect((await post("cho tôi gặp tư vấn viên")).status).toBe(200);
    const counselor = await signIn(server.url, "mai@example.org");
    const queue = await counselor.queue();
    const item = queue.body.conversations.find((c: { channel: string }) => c.channel === "telegram");
    expect(item).toMatchObject({
      channel: "telegram",
      priority: "normal",
      handle: expect.stringMatching(/^Khách /),
    });
    expect(JSON.stringify(queue.body)).not.toContain(String(CHAT));

    expect((await counselor.claim(item.id)).status).toBe(200);
    await fake.waitFor("join notice", () => textsTo().find((t) => t.includes("Mai")));

    expect((await counselor.reply(item.id, "Chào bạn, mình là Mai. Bạn đang ở đâu?")).status).toBe(201);
    await fake.waitFor("counselor reply", () => textsTo().find((t) => t.includes("Bạn đang ở đâu?")));

    const before = textsTo().length;
    expect((await post("menu")).status).toBe(200);
    const detail = await counselor.detail(item.id);
    const last = detail.body.transcript.at(-1);
    expect(last).toMatchObject({ from: "user", text: "menu" });
    expect(textsTo().length).toBe(before);
  });
});
