import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { telegramChannel } from "../../../src/channels/telegram/index.js";
import {
  type ApiCall,
  buttonPress,
  type FakeTelegram,
  keyboardOf,
  privateText,
  startFakeTelegram,
} from "../../support/fakeTelegram.js";
import { localeTexts } from "../../support/localeTexts.js";
import { startTestServer, type TestServer } from "../../support/testServer.js";

const vi = (ns: string) => localeTexts("vi", ns);
const GREETING: string = vi("main").greeting;
const MENU_PROMPT: string = vi("main").menu.prompt;
const MEDIA_UNSUPPORTED: string = vi("common").media_unsupported;
const GROUP_NOTE_START: string = vi("telegram").group_private.split("{{")[0];
const EDITED_NOTE: string = vi("telegram").edited_ignored;

let fake: FakeTelegram;
let server: TestServer;
let clockOffsetMs = 0;
const usedChats: number[] = [];
const usedTexts: string[] = [];

/** A chat id that cannot be mistaken for a timestamp or a port in the logs. */
const chat = (n: number) => {
  const id = 7_770_013_500 + n;
  usedChats.push(id);
  return id;
};

const sendsTo = (chatId: number): ApiCall[] =>
  fake.callsOf("sendMessage").filter((c) => String(c.params.chat_id) === String(chatId));

/** Queues an update and resolves once the bot has fully handled it. */
async function deliver(update: Record<string, unknown>): Promise<number> {
  const id = fake.queueUpdate(update);
  await fake.handled(id);
  return id;
}

async function say(chatId: number, text: string): Promise<void> {
  usedTexts.push(text);
  await deliver(privateText(chatId, text));
}

async function messagesOf(chatId: number) {
  const contact = await server.prisma.contact.findUnique({
    where: { pseudonym: server.service.pseudonymOf("telegram", String(chatId)) },
  });
  if (!contact) return { contact, messages: [] };
  const messages = await server.prisma.message.findMany({
    where: { conversation: { contactId: contact.id } },
    orderBy: { id: "asc" },
  });
  return { contact, messages };
}

beforeAll(async () => {
  fake = await startFakeTelegram("123:abc");
  server = await startTestServer({
    channels: [telegramChannel],
    env: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url },
    timers: false,
    clock: () => new Date(Date.now() + clockOffsetMs),
  });
});

afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

describe("Telegram over long polling", () => {
  it("when the bot starts, then it deletes any webhook and registers Vietnamese and English commands", async () => {
    expect(fake.callsOf("deleteWebhook")).toHaveLength(1);
    const menus = await fake.waitForCalls("setMyCommands", 2);
    const vietnamese = menus.find((c) => c.params.language_code === undefined);
    const english = menus.find((c) => c.params.language_code === "en");
    const names = (call: ApiCall | undefined) =>
      ((call?.params.commands ?? []) as { command: string }[]).map((c) => c.command);
    expect(names(vietnamese)).toEqual(["start", "menu", "tuvan", "help", "lang", "delete"]);
    expect(names(english)).toContain("counselor");
  });

  it("when a user sends /start, presses a menu button and writes text, then each step is answered in Vietnamese", async () => {
    const id = chat(1);
    await say(id, "/start");
    const [greeting, menu] = sendsTo(id);
    expect(greeting?.params.text).toBe(GREETING);
    expect(menu?.params.text).toBe(MENU_PROMPT);
    const buttons = keyboardOf(menu);
    expect(buttons.length).toBeGreaterThanOrEqual(3);
    for (const [, data] of buttons) expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    const jobCheck = buttons.find(([, data]) => data === "c:job_check");
    expect(jobCheck).toBeDefined();

    const before = sendsTo(id).length;
    const press = buttonPress(id, jobCheck![1]);
    await deliver(press);
    const pressId = (press.callback_query as { id: string }).id;
    expect(fake.callsOf("answerCallbackQuery").map((c) => c.params.callback_query_id)).toContain(pressId);
    expect(sendsTo(id).length).toBeGreaterThan(before);
    const { messages } = await messagesOf(id);
    const choice = messages.find((m) => m.kind === "choice");
    expect(choice?.choice).toBe("job_check");
    const conversation = await server.prisma.conversation.findUniqueOrThrow({
      where: { id: choice!.conversationId },
    });
    expect(server.service.readState(conversation).flow).toBe("job_check");

    const beforeText = sendsTo(id).length;
    await say(id, "Tôi không biết công ty đó");
    expect(sendsTo(id).length).toBeGreaterThan(beforeText);
    const after = await messagesOf(id);
    expect(after.messages.filter((m) => m.direction === "in").map((m) => m.kind)).toEqual([
      "text",
      "choice",
      "text",
    ]);
    expect(after.messages.filter((m) => m.direction === "out").every((m) => m.delivery === "sent")).toBe(
      true,
    );
  });

  it("when a user sends a photo, then the bot answers politely that it reads text and records the photo", async () => {
    const id = chat(2);
    await say(id, "/start");
    const photo = privateText(id, "x");
    const message = photo.message as Record<string, unknown>;
    delete message.text;
    message.photo = [{ file_id: "f1", file_unique_id: "u1", width: 90, height: 90 }];
    await deliver(photo);
    expect(sendsTo(id).map((c) => c.params.text)).toContain(MEDIA_UNSUPPORTED);
    const { messages } = await messagesOf(id);
    expect(messages.filter((m) => m.direction === "in").map((m) => m.kind)).toEqual(["text", "media"]);
  });

  it("when someone writes in a group, then the group gets one note to write privately and nothing is stored", async () => {
    const groupId = -1_009_876_543_210;
    const storedBefore = {
      messages: await server.prisma.message.count(),
      contacts: await server.prisma.contact.count(),
    };
    for (const text of ["/start@hotline_test_bot", "có ai giúp không"]) {
      usedTexts.push(text);
      const update = privateText(chat(3), text);
      (update.message as { chat: unknown }).chat = { id: groupId, type: "supergroup", title: "Nhóm" };
      await deliver(update);
    }
    const notes = sendsTo(groupId);
    expect(notes).toHaveLength(1);
    expect(String(notes[0]?.params.text)).toContain(GROUP_NOTE_START.trim());
    expect(String(notes[0]?.params.text)).toContain("https://t.me/hotline_test_bot");
    expect(await server.prisma.message.count()).toBe(storedBefore.messages);
    expect(await server.prisma.contact.count()).toBe(storedBefore.contacts);
  });

  it("when a user edits a message, then the bot says it reads new messages only and stores nothing", async () => {
    const id = chat(4);
    await say(id, "/start");
    const before = await server.prisma.message.count();
    const edit = privateText(id, "sửa lại");
    await deliver({ edited_message: { ...(edit.message as object), edit_date: 1 } });
    expect(sendsTo(id).at(-1)?.params.text).toBe(EDITED_NOTE);
    expect(await server.prisma.message.count()).toBe(before);
  });

  it("when a button with unknown data is pressed, then it is answered with a note and nothing is stored", async () => {
    const id = chat(5);
    const before = await server.prisma.message.count();
    const press = buttonPress(id, "old-format:42");
    await deliver(press);
    const answer = fake
      .callsOf("answerCallbackQuery")
      .find((c) => c.params.callback_query_id === (press.callback_query as { id: string }).id);
    expect(answer?.params.text).toBe(vi("telegram").stale_button);
    expect(await server.prisma.message.count()).toBe(before);
  });

  it("when Telegram answers 429 with retry_after, then the message is sent again after waiting and delivered", async () => {
    const id = chat(6);
    fake.failNext("sendMessage", {
      status: 429,
      description: "Too Many Requests: retry after 1",
      retryAfter: 1,
    });
    await say(id, "/start");
    const sends = sendsTo(id);
    expect(sends).toHaveLength(3);
    expect(sends[0]?.params.text).toBe(sends[1]?.params.text);
    const { messages } = await messagesOf(id);
    expect(messages.filter((m) => m.direction === "out").map((m) => m.delivery)).toEqual(["sent", "sent"]);
  });

  it("when Telegram answers 500, then the reply stays pending and the next retry delivers it", async () => {
    const id = chat(7);
    fake.failNext("sendMessage", { status: 500, description: "Internal Server Error" });
    await say(id, "/start");
    expect(sendsTo(id)).toHaveLength(1);
    const pending = await messagesOf(id);
    expect(pending.messages.filter((m) => m.direction === "out").map((m) => m.delivery)).toEqual([
      "pending",
      "pending",
    ]);

    clockOffsetMs += 10 * 60_000;
    await server.service.retryDue();
    expect(sendsTo(id).map((c) => c.params.text)).toEqual([GREETING, GREETING, MENU_PROMPT]);
    const sent = await messagesOf(id);
    expect(sent.messages.filter((m) => m.direction === "out").map((m) => m.delivery)).toEqual([
      "sent",
      "sent",
    ]);
  });

  it("when the user blocked the bot (403), then the contact is marked blocked and nothing is retried", async () => {
    const id = chat(8);
    fake.failNext("sendMessage", { status: 403, description: "Forbidden: bot was blocked by the user" });
    await say(id, "/start");
    const blocked = await messagesOf(id);
    expect(blocked.contact?.blocked).toBe(true);

    clockOffsetMs += 10 * 60_000;
    await server.service.retryDue();
    expect(sendsTo(id)).toHaveLength(1);
    const after = await messagesOf(id);
    expect(after.messages.filter((m) => m.direction === "out").map((m) => m.delivery)).toEqual([
      "undeliverable",
      "undeliverable",
    ]);
  });

  it("when a counselor's reply is longer than 4,096 characters, then it arrives in parts within the limit", async () => {
    const id = chat(9);
    await say(id, "/start");
    const { messages } = await messagesOf(id);
    const paragraph = `${"Đoạn văn dài về quyền của người lao động. ".repeat(40).trim()}`;
    const long = Array.from({ length: 6 }, (_, i) => `${i + 1}. ${paragraph}`).join("\n\n");
    expect(long.length).toBeGreaterThan(4096 * 2);
    const before = sendsTo(id).length;
    await server.service.sendToUser(messages[0]!.conversationId, { text: long }, "counselor");
    const parts = sendsTo(id)
      .slice(before)
      .map((c) => String(c.params.text));
    expect(parts.length).toBe(3);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);
    expect(parts.join("\n\n")).toBe(long);
  });

  it("when all this happened, then the logs contain no chat id, message text, name or username", () => {
    const logs = server.rawLogs();
    expect(logs.length).toBeGreaterThan(0);
    for (const id of usedChats) expect(logs).not.toContain(String(id));
    for (const text of usedTexts) expect(logs).not.toContain(text);
    expect(logs).not.toContain("lan_secret");
    expect(logs).not.toContain(fake.token);
  });
});
