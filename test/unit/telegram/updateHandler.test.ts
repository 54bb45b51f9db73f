import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createUpdateHandler } from "../../../src/channels/telegram/updateHandler.js";
import type { InboundMessage } from "../../../src/conversation/types.js";
import { createLogger } from "../../../src/logger.js";

/** In-memory Bot API and service: records what the handler does. */
function setup(options: { failInbound?: boolean } = {}) {
  const sent: { chatId: string | number; text: string }[] = [];
  const answered: { id: string; text?: string }[] = [];
  const inbound: InboundMessage[] = [];
  const blocked: string[] = [];
  const handle = createUpdateHandler({
    api: {
      sendMessage: async (chatId: string | number, text: string) => {
        sent.push({ chatId, text });
        return {} as never;
      },
      answerCallbackQuery: async (id: string, other?: { text?: string }) => {
        answered.push({ id, ...(other?.text ? { text: other.text } : {}) });
        return true;
      },
    },
    service: {
      handleInbound: async (msg: InboundMessage) => {
        inbound.push(msg);
        if (options.failInbound) throw new Error("database down");
        return { status: "duplicate" };
      },
      markBlocked: async (_channel: string, chatId: string) => void blocked.push(chatId),
    },
    t: (locale, key, params) => `${locale}|${key}${params?.link ? `|${String(params.link)}` : ""}`,
    logger: createLogger("silent", new Writable({ write: (_c, _e, done) => done() })),
    botUsername: () => "hotline_test_bot",
  });
  return { handle, sent, answered, inbound, blocked };
}

const message: InboundMessage = {
  channel: "telegram",
  channelUserId: "1",
  address: "1",
  externalId: "tg:1",
  input: { type: "choice", value: "x" },
  at: new Date(0),
};

describe("createUpdateHandler", () => {
  it("when a group writes several times, then it gets the private-chat note once, with the bot's link", async () => {
    const { handle, sent, inbound } = setup();
    await handle({ type: "group", chatId: "-5", locale: "vi" }, 1);
    await handle({ type: "group", chatId: "-5", locale: "vi" }, 2);
    await handle({ type: "group", chatId: "-6", locale: "en" }, 3);
    expect(sent).toEqual([
      { chatId: "-5", text: "vi|telegram:group_private|https://t.me/hotline_test_bot" },
      { chatId: "-6", text: "en|telegram:group_private|https://t.me/hotline_test_bot" },
    ]);
    expect(inbound).toEqual([]);
  });

  it("when a button is pressed in a group, then the query is answered even after the note was sent", async () => {
    const { handle, answered } = setup();
    await handle({ type: "group", chatId: "-5", locale: "vi" }, 1);
    await handle({ type: "group", chatId: "-5", locale: "vi", callbackQueryId: "q" }, 2);
    expect(answered).toEqual([{ id: "q", text: "vi|telegram:group_button" }]);
  });

  it("when the same edit update comes twice, then the note is sent once", async () => {
    const { handle, sent } = setup();
    await handle({ type: "edited", chatId: "1", locale: "en" }, 9);
    await handle({ type: "edited", chatId: "1", locale: "en" }, 9);
    expect(sent).toEqual([{ chatId: "1", text: "en|telegram:edited_ignored" }]);
  });

  it("when a button press is handled, then it reaches the service and its query is answered", async () => {
    const { handle, inbound, answered } = setup();
    await handle({ type: "inbound", message, callbackQueryId: "q1" }, 1);
    expect(inbound).toEqual([message]);
    expect(answered).toEqual([{ id: "q1" }]);
  });

  it("when handling fails, then the query is still answered and the error goes on (Telegram retries)", async () => {
    const { handle, answered } = setup({ failInbound: true });
    await expect(handle({ type: "inbound", message, callbackQueryId: "q2" }, 1)).rejects.toThrow(
      "database down",
    );
    expect(answered).toEqual([{ id: "q2" }]);
  });

  it("when the user blocked the bot, then the chat is marked blocked", async () => {
    const { handle, blocked, sent } = setup();
    await handle({ type: "blocked", chatId: "42" }, 1);
    expect(blocked).toEqual(["42"]);
    expect(sent).toEqual([]);
  });
});
