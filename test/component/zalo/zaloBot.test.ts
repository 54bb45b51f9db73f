import { afterEach, describe, expect, it } from "vitest";
import { zaloBotChannel } from "../../../src/channels/zalo/index.js";
import { botTextUpdate, FakeZalo } from "../../support/fakeZalo.js";
import { localeTexts } from "../../support/localeTexts.js";
import { startTestServer, type TestServer } from "../../support/testServer.js";
import { mainMenu } from "./mainMenu.js";

const SECRET = "bot-webhook-secret-123";
const CHAT = "chat-7f3a9c";
const vi = {
  main: localeTexts("vi", "main"),
  zalo: localeTexts("vi", "zalo"),
};

let fake: FakeZalo | undefined;
let server: TestServer | undefined;

afterEach(async () => {
  await server?.stop();
  await fake?.close();
  server = undefined;
  fake = undefined;
});

async function start(mode: "webhook" | "polling", extra: Record<string, string> = {}) {
  fake = await FakeZalo.start();
  server = await startTestServer({
    channels: [zaloBotChannel],
    timers: false,
    env: {
      ZALO_BOT_TOKEN: fake.botToken,
      ZALO_BOT_API_ROOT: fake.url,
      ...(mode === "webhook"
        ? { ZALO_BOT_WEBHOOK_SECRET: SECRET, PUBLIC_URL: "https://hotline.example.org" }
        : {}),
      ...extra,
    },
  });
  return { fake, server };
}

/** Posts an update to our webhook; `secret: null` sends no secret header at all. */
async function postUpdate(base: string, body: unknown, secret: string | null = SECRET) {
  const res = await fetch(`${base}/zalo/bot/webhook`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(secret !== null ? { "x-bot-api-secret-token": secret } : {}),
    },
    body: JSON.stringify(body),
  });
  return res.status;
}

async function turnsDone(s: TestServer): Promise<void> {
  for (const c of await s.prisma.conversation.findMany({ select: { id: true } })) {
    await s.service.withConversationLock(c.id, async () => undefined);
  }
}

describe("Zalo Bot Platform, webhook mode", () => {
  it("when the server starts, then it registers PUBLIC_URL/zalo/bot/webhook with the secret", async () => {
    const { fake } = await start("webhook");
    const [call] = await fake.waitFor("setWebhook");
    expect(call!.body).toEqual({ url: "https://hotline.example.org/zalo/bot/webhook", secret_token: SECRET });
  });

  it("when an update comes with the right secret, then the user gets the greeting and the menu as numbered lines", async () => {
    const { fake, server } = await start("webhook");
    expect(
      await postUpdate(server.url, botTextUpdate({ chatId: CHAT, messageId: "u-1", text: "Xin chào" })),
    ).toBe(200);
    const [greeting, menu] = await fake.waitFor("sendMessage", 2);
    expect(greeting!.body).toEqual({ chat_id: CHAT, text: vi.main.greeting });
    const lines = (menu!.body.text as string).split("\n");
    expect(lines[0]).toBe(vi.main.menu.prompt);
    for (const [i, option] of mainMenu().options.entries())
      expect(lines).toContain(`${i + 1}. ${option.label}`);
    expect(lines[lines.length - 1]).toBe(vi.zalo.choose_by_number);
  });

  it("when the update is wrapped in {ok, result}, then it is handled like a bare one", async () => {
    const { fake, server } = await start("webhook");
    const wrapped = { ok: true, result: botTextUpdate({ chatId: CHAT, messageId: "u-1", text: "Xin chào" }) };
    expect(await postUpdate(server.url, wrapped)).toBe(200);
    await fake.waitFor("sendMessage", 2);
    expect(await server.prisma.message.count({ where: { externalId: "zbot:u-1" } })).toBe(1);
  });

  it("when the secret is wrong or missing, then 401 and nothing is stored or sent", async () => {
    const { fake, server } = await start("webhook");
    const update = botTextUpdate({ chatId: CHAT, messageId: "u-1", text: "Xin chào" });
    expect(await postUpdate(server.url, update, "wrong-secret-123")).toBe(401);
    expect(await postUpdate(server.url, update, null)).toBe(401);
    expect(await server.prisma.message.count()).toBe(0);
    expect(fake.requestsTo("sendMessage")).toHaveLength(0);
  });

  it("when the user answers with a number, then the numbered option is chosen", async () => {
    const { fake, server } = await start("webhook");
    await postUpdate(server.url, botTextUpdate({ chatId: CHAT, messageId: "u-1", text: "Xin chào" }));
    await fake.waitFor("sendMessage", 2);
    await turnsDone(server);
    expect(await postUpdate(server.url, botTextUpdate({ chatId: CHAT, messageId: "u-2", text: "1" }))).toBe(
      200,
    );
    await fake.waitFor("sendMessage", 3);
    await turnsDone(server);
    const conversation = await server.prisma.conversation.findFirstOrThrow();
    const state = server.service.readState(conversation);
    const first = mainMenu().options[0]!.value;
    expect(state.vars.menu_choice).toBe(first);
  });

  it("when the same message_id arrives twice, then it is answered once", async () => {
    const { fake, server } = await start("webhook");
    const update = botTextUpdate({ chatId: CHAT, messageId: "u-1", text: "Xin chào" });
    await postUpdate(server.url, update);
    await fake.waitFor("sendMessage", 2);
    expect(await postUpdate(server.url, update)).toBe(200);
    await turnsDone(server);
    expect(fake.requestsTo("sendMessage")).toHaveLength(2);
  });

  it("when a reply is longer than 2,000 characters, then it is sent in parts of at most 2,000", async () => {
    const { fake, server } = await start("webhook");
    await postUpdate(server.url, botTextUpdate({ chatId: CHAT, messageId: "u-1", text: "Xin chào" }));
    await fake.waitFor("sendMessage", 2);
    await turnsDone(server);
    const conversation = await server.prisma.conversation.findFirstOrThrow();
    const long = Array.from(
      { length: 60 },
      (_, i) => `Đoạn ${i + 1}: thông tin dài cần chia nhỏ để gửi qua Zalo.`,
    ).join("\n\n");
    expect(long.length).toBeGreaterThan(3000);
    await server.service.sendToUser(conversation.id, { text: long }, "counselor");
    const parts = (await fake.waitFor("sendMessage", 4)).slice(2).map((r) => r.body.text as string);
    expect(parts.every((p) => p.length <= 2000)).toBe(true);
    expect(parts.join("\n\n")).toBe(long);
  });

  it("when the display name arrives, then it is stored nowhere", async () => {
    const { fake, server } = await start("webhook");
    await postUpdate(server.url, botTextUpdate({ chatId: CHAT, messageId: "u-1", text: "Xin chào" }));
    await fake.waitFor("sendMessage", 2);
    await turnsDone(server);
    const rows = JSON.stringify([
      await server.prisma.contact.findMany(),
      await server.prisma.message.findMany(),
      await server.prisma.conversation.findMany(),
    ]);
    expect(rows).not.toContain("Nguyễn Thị Lan");
    expect(server.rawLogs()).not.toContain("Nguyễn Thị Lan");
    expect(server.rawLogs()).not.toContain(CHAT);
  });

  it("when webhook mode is asked for without PUBLIC_URL, then a clear error is logged and the channel does not start", async () => {
    fake = await FakeZalo.start();
    server = await startTestServer({
      channels: [zaloBotChannel],
      env: { ZALO_BOT_TOKEN: fake.botToken, ZALO_BOT_API_ROOT: fake.url, ZALO_BOT_WEBHOOK_SECRET: SECRET },
    });
    expect(server.logs.some((l) => l.level === 50 && String(l.msg).includes("PUBLIC_URL"))).toBe(true);
    expect(await postUpdate(server.url, botTextUpdate({ chatId: CHAT, messageId: "u-1", text: "hi" }))).toBe(
      404,
    );
    expect(fake.requests).toHaveLength(0);
  });
});

describe("Zalo Bot Platform, long polling", () => {
  it("when no webhook secret is set, then updates are fetched with getUpdates, timeouts (408) included, and answered", async () => {
    fake = await FakeZalo.start();
    fake.getUpdatesScript.push("408", "http408");
    fake.pushUpdate(botTextUpdate({ chatId: CHAT, messageId: "p-1", text: "Xin chào" }));
    server = await startTestServer({
      channels: [zaloBotChannel],
      timers: false,
      env: { ZALO_BOT_TOKEN: fake.botToken, ZALO_BOT_API_ROOT: fake.url },
    });
    const [greeting] = await fake.waitFor("sendMessage", 2);
    expect(greeting!.body).toEqual({ chat_id: CHAT, text: vi.main.greeting });
    expect(fake.requestsTo("deleteWebhook")).toHaveLength(1);
    expect(fake.requestsTo("getUpdates").length).toBeGreaterThanOrEqual(3);
    expect(fake.requestsTo("getUpdates")[0]!.body).toEqual({ timeout: "30" });
    // A later update reaches a call held open by the long poll.
    fake.pushUpdate(botTextUpdate({ chatId: CHAT, messageId: "p-2", text: "2" }));
    await fake.waitFor("sendMessage", 3);
    expect(await server.prisma.message.count({ where: { direction: "in" } })).toBe(2);
    expect(server.logs.some((l) => Number(l.level) >= 40 && String(l.msg).includes("getUpdates"))).toBe(
      false,
    );
  });

  it("when the server stops, then the poll loop ends", async () => {
    fake = await FakeZalo.start();
    server = await startTestServer({
      channels: [zaloBotChannel],
      timers: false,
      env: { ZALO_BOT_TOKEN: fake.botToken, ZALO_BOT_API_ROOT: fake.url },
    });
    await fake.waitFor("getUpdates", 1);
    await server.stop();
    server = undefined;
    const calls = fake.requestsTo("getUpdates").length;
    fake.pushUpdate(botTextUpdate({ chatId: CHAT, messageId: "late", text: "hi" }));
    expect(fake.requestsTo("getUpdates")).toHaveLength(calls);
  });
});
