import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { telegramChannel } from "../../../src/channels/telegram/index.js";
import { zaloBotChannel } from "../../../src/channels/zalo/index.js";
import {
  type FakeTelegram,
  privateText,
  startFakeTelegram,
  telegramWebhookEnv,
} from "../../support/fakeTelegram.js";
import { botTextUpdate, FakeZalo } from "../../support/fakeZalo.js";
import {
  api,
  startTestServer,
  type TestServer,
  turnsSettled,
  webchatSession,
} from "../../support/testServer.js";
import { consoleSocket, createCounselor, nextEvent, OFFICE_TIME, signIn } from "./consoleClient.js";

const SECRET = "s3cret_for-the-webhook_0123456789";
const CHAT = 777_014_001;

/** Connects a web chat socket for a session and resolves once connected. */
async function webchatSocket(base: string, sessionId: string, token: string): Promise<Socket> {
  const socket = io(`${base}/webchat`, {
    auth: { sessionId, token },
    transports: ["websocket"],
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}

describe("typing indicators between the console and the person", () => {
  let fake: FakeTelegram;
  let server: TestServer;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    fake = await startFakeTelegram("123:abc");
    server = await startTestServer({
      channels: [telegramChannel],
      clock: () => OFFICE_TIME,
      env: telegramWebhookEnv(fake, SECRET),
      timers: false,
    });
    await createCounselor(server, { email: "mai@example.org", alias: "Mai" });
    await createCounselor(server, { email: "lan@example.org", alias: "Lan" });
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.stop();
    await fake?.close();
  });

  const track = (s: Socket) => {
    sockets.push(s);
    return s;
  };

  it("when the counselor holding a Telegram chat types, then sendChatAction(typing) goes to that chat once per window, with no text, and not for a colleague who does not hold it", async () => {
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
    expect((await post("cho tôi gặp tư vấn viên")).status).toBe(200);
    const mai = await signIn(server.url, "mai@example.org");
    const lan = await signIn(server.url, "lan@example.org");
    const item = (await mai.queue()).body.conversations.find(
      (c: { channel: string }) => c.channel === "telegram",
    );
    expect((await mai.claim(item.id)).status).toBe(200);

    // A colleague who does not hold the chat: nothing is sent.
    const lanSocket = track(await consoleSocket(server.url, lan.cookie));
    await lanSocket.emitWithAck("typing", { conversationId: item.id });
    expect(fake.callsOf("sendChatAction")).toHaveLength(0);

    // Two tabs of the holder type at once: the per-chat window lets one signal through.
    const tab1 = track(await consoleSocket(server.url, mai.cookie));
    const tab2 = track(await consoleSocket(server.url, mai.cookie));
    await tab1.emitWithAck("typing", { conversationId: item.id });
    await tab2.emitWithAck("typing", { conversationId: item.id });
    await tab1.emitWithAck("typing", { conversationId: item.id });
    const calls = fake.callsOf("sendChatAction");
    expect(calls).toHaveLength(1);
    expect(calls[0]!.params).toEqual({ chat_id: String(CHAT), action: "typing" });

    // Bad payloads are dropped without a signal.
    await tab2.emitWithAck("typing", { conversationId: "../../x" });
    await tab2.emitWithAck("typing", "nonsense");
    expect(fake.callsOf("sendChatAction")).toHaveLength(1);
    expect(server.rawLogs()).not.toContain(String(CHAT));
  });

  it("when a web chat person types, then the holder's console gets `typing` for that chat (and another counselor does not); when the holder types, the person's widget gets `typing`", async () => {
    const user = await webchatSession(server.url);
    await user.say("tư vấn viên");
    const lan = await signIn(server.url, "lan@example.org");
    const mai = await signIn(server.url, "mai@example.org");
    const item = (await lan.queue()).body.conversations.find(
      (c: { channel: string }) => c.channel === "webchat",
    );
    expect((await lan.claim(item.id)).status).toBe(200);
    const lanSocket = track(await consoleSocket(server.url, lan.cookie));
    const maiSocket = track(await consoleSocket(server.url, mai.cookie));
    const maiSaw: unknown[] = [];
    maiSocket.on("typing", (e) => maiSaw.push(e));
    const person = track(await webchatSocket(server.url, user.sessionId, user.token));

    const seen = nextEvent<{ conversationId: string }>(lanSocket, "typing");
    person.emit("typing");
    expect(await seen).toEqual({ conversationId: item.id });

    const shown = nextEvent<{ from: string }>(person, "typing");
    await lanSocket.emitWithAck("typing", { conversationId: item.id });
    expect(await shown).toEqual({ from: "counselor" });

    // Mai (not the holder, not a supervisor) got nothing: a later event to her socket proves the
    // earlier one would have arrived before it.
    const later = nextEvent<{ conversations: { id: string }[] }>(maiSocket, "queue", (q) =>
      q.conversations.some((c) => c.id !== item.id),
    );
    const other = await webchatSession(server.url);
    await other.say("tư vấn viên");
    await later;
    expect(maiSaw).toEqual([]);
  });

  it("when the counselor holding a Zalo Bot chat types, then sendChatAction(typing) goes to that chat, with no text", async () => {
    const zalo = await FakeZalo.start();
    const zaloServer = await startTestServer({
      channels: [zaloBotChannel],
      clock: () => OFFICE_TIME,
      timers: false,
      env: {
        ZALO_BOT_TOKEN: zalo.botToken,
        ZALO_BOT_API_ROOT: zalo.url,
        ZALO_BOT_WEBHOOK_SECRET: "bot-webhook-secret-123",
        PUBLIC_URL: "https://hotline.example.org",
      },
    });
    try {
      await createCounselor(zaloServer, { email: "mai@example.org", alias: "Mai" });
      const status = await fetch(`${zaloServer.url}/zalo/bot/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-bot-api-secret-token": "bot-webhook-secret-123" },
        body: JSON.stringify(
          botTextUpdate({ chatId: "zalo-chat-14", messageId: "z-1", text: "tư vấn viên" }),
        ),
      });
      expect(status.status).toBe(200);
      const mai = await signIn(zaloServer.url, "mai@example.org");
      await expect
        .poll(async () => (await mai.queue()).body.conversations.length, { timeout: 10_000 })
        .toBe(1);
      const id = (await mai.queue()).body.conversations[0].id;
      expect((await mai.claim(id)).status).toBe(200);
      const socket = track(await consoleSocket(zaloServer.url, mai.cookie));
      await socket.emitWithAck("typing", { conversationId: id });
      const [call] = await zalo.waitFor("sendChatAction");
      expect(call!.body).toEqual({ chat_id: "zalo-chat-14", action: "typing" });
    } finally {
      await zaloServer.stop();
      await zalo.close();
    }
  });
});
