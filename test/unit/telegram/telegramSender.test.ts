import { Writable } from "node:stream";
import { GrammyError, HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { classifySendError, safeErrorFields } from "../../../src/channels/telegram/sendError.js";
import { telegramSender } from "../../../src/channels/telegram/telegramSender.js";
import { createLogger } from "../../../src/logger.js";

const apiError = (code: number, description: string) =>
  new GrammyError(
    `Call to 'sendMessage' failed! (${code}: ${description})`,
    { ok: false, error_code: code, description },
    "sendMessage",
    { chat_id: "555", text: "secret text" },
  );

const envelope = { conversationId: "c1", contactId: "k1", address: "555", locale: "vi" as const };
const message = { id: "1", from: "bot" as const, text: "Xin chào", at: new Date(0).toISOString() };

function silentLogger() {
  return createLogger("silent", new Writable({ write: (_c, _e, done) => done() }));
}

/** An in-memory Bot API that fails the calls listed in `failures`, in order. */
function fakeApi(failures: unknown[] = []) {
  const sent: { chatId: string | number; text: string; other: unknown }[] = [];
  return {
    sent,
    api: {
      sendMessage: async (chatId: string | number, text: string, other?: unknown) => {
        const failure = failures.shift();
        if (failure) throw failure;
        sent.push({ chatId, text, other });
        return { message_id: sent.length } as never;
      },
    },
  };
}

describe("classifySendError", () => {
  it("when Telegram says 403, then the user blocked the bot", () => {
    expect(classifySendError(apiError(403, "Forbidden: bot was blocked by the user")).type).toBe("blocked");
  });

  it("when Telegram says another 4xx, then the refusal is permanent", () => {
    expect(classifySendError(apiError(400, "Bad Request: chat not found")).type).toBe("rejected");
  });

  it("when Telegram says 5xx or 429, or the network fails, then it is temporary", () => {
    expect(classifySendError(apiError(500, "Internal Server Error")).type).toBe("temporary");
    expect(classifySendError(apiError(429, "Too Many Requests")).type).toBe("temporary");
    expect(
      classifySendError(new HttpError("Network request for 'sendMessage' failed!", new Error("x"))).type,
    ).toBe("temporary");
  });

  it("when an error is described, then neither the chat id nor the text of the payload appears", () => {
    const err = apiError(403, "Forbidden: bot was blocked by the user");
    const shown = JSON.stringify([classifySendError(err), safeErrorFields(err)]);
    expect(shown).toContain("403");
    expect(shown).not.toContain("555");
    expect(shown).not.toContain("secret text");
  });
});

describe("telegramSender", () => {
  it("when the send succeeds, then ok with the Telegram message id", async () => {
    const { api, sent } = fakeApi();
    const sender = telegramSender({ api, markBlocked: async () => undefined, logger: silentLogger() });
    const result = await sender.send(envelope, { ...message, buttons: [{ label: "Menu", value: "g_menu" }] });
    expect(result).toEqual({ ok: true, externalId: "1" });
    expect(sent[0]).toEqual({
      chatId: "555",
      text: "Xin chào",
      other: { reply_markup: { inline_keyboard: [[{ text: "Menu", callback_data: "g:menu" }]] } },
    });
  });

  it("when the user blocked the bot, then the chat is marked blocked and the failure is permanent", async () => {
    const { api } = fakeApi([apiError(403, "Forbidden: bot was blocked by the user")]);
    const blocked: string[] = [];
    const sender = telegramSender({
      api,
      markBlocked: async (id) => void blocked.push(id),
      logger: silentLogger(),
    });
    const result = await sender.send(envelope, message);
    expect(result).toMatchObject({ ok: false, permanent: true });
    expect(blocked).toEqual(["555"]);
  });

  it("when Telegram refuses with 400, then permanent without marking blocked", async () => {
    const { api } = fakeApi([apiError(400, "Bad Request: chat not found")]);
    const blocked: string[] = [];
    const sender = telegramSender({
      api,
      markBlocked: async (id) => void blocked.push(id),
      logger: silentLogger(),
    });
    expect(await sender.send(envelope, message)).toMatchObject({ ok: false, permanent: true });
    expect(blocked).toEqual([]);
  });

  it("when Telegram fails with 500, then the failure is temporary", async () => {
    const { api } = fakeApi([apiError(502, "Bad Gateway")]);
    const sender = telegramSender({ api, markBlocked: async () => undefined, logger: silentLogger() });
    expect(await sender.send(envelope, message)).toEqual({
      ok: false,
      permanent: false,
      reason: "telegram 502: Bad Gateway",
    });
  });

  it("when a long text is sent, then every part goes out in order", async () => {
    const { api, sent } = fakeApi();
    const sender = telegramSender({ api, markBlocked: async () => undefined, logger: silentLogger() });
    const text = `${"a".repeat(4000)}\n\n${"b".repeat(4000)}`;
    expect(await sender.send(envelope, { ...message, text })).toEqual({ ok: true, externalId: "2" });
    expect(sent.map((s) => s.text)).toEqual(["a".repeat(4000), "b".repeat(4000)]);
  });
});
