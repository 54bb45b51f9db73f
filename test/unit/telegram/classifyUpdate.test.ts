import { describe, expect, it } from "vitest";
import {
  classifyUpdate,
  localeFromLanguageCode,
  mediaKindOf,
} from "../../../src/channels/telegram/toInbound.js";

const NOW = new Date("2025-01-01T00:00:00Z");
const user = { id: 555, is_bot: false, first_name: "Lan", username: "lan_secret", language_code: "vi" };
const privateChat = { id: 555, type: "private", first_name: "Lan" };
const message = (extra: Record<string, unknown>, chat: Record<string, unknown> = privateChat) => ({
  update_id: 10,
  message: { message_id: 1, date: 1, chat, from: user, ...extra },
});

describe("classifyUpdate", () => {
  it("when a private text arrives, then it becomes a text input keyed by update id and chat id only", () => {
    const action = classifyUpdate(message({ text: "Xin chào" }), NOW);
    expect(action).toEqual({
      type: "inbound",
      message: {
        channel: "telegram",
        channelUserId: "555",
        address: "555",
        externalId: "tg:10",
        input: { type: "text", text: "Xin chào" },
        at: NOW,
        locale: "vi",
      },
    });
    expect(JSON.stringify(action)).not.toContain("Lan");
    expect(JSON.stringify(action)).not.toContain("lan_secret");
  });

  it("when a command arrives, then it is passed as text for the engine", () => {
    const action = classifyUpdate(message({ text: "/start" }), NOW);
    expect(action.type === "inbound" && action.message.input).toEqual({ type: "text", text: "/start" });
  });

  it("when a button is pressed, then its data becomes a choice and the query must be answered", () => {
    const action = classifyUpdate(
      {
        update_id: 11,
        callback_query: {
          id: "q1",
          from: user,
          message: { message_id: 2, chat: privateChat },
          chat_instance: "c",
          data: "g:human",
        },
      },
      NOW,
    );
    expect(action).toMatchObject({
      type: "inbound",
      callbackQueryId: "q1",
      message: { channelUserId: "555", externalId: "tg:11", input: { type: "choice", value: "g_human" } },
    });
  });

  it("when a button's data is unknown, then it is a stale button in the user's language", () => {
    const action = classifyUpdate(
      {
        update_id: 12,
        callback_query: {
          id: "q2",
          from: { ...user, language_code: "en" },
          chat_instance: "c",
          data: "v0|42",
        },
      },
      NOW,
    );
    expect(action).toEqual({ type: "stale_button", callbackQueryId: "q2", locale: "en" });
  });

  it("when a message comes from a group, supergroup or channel, then it is a group action", () => {
    for (const type of ["group", "supergroup"]) {
      expect(classifyUpdate(message({ text: "hi" }, { id: -100, type }), NOW)).toEqual({
        type: "group",
        chatId: "-100",
        locale: "vi",
      });
    }
    const post = {
      update_id: 13,
      channel_post: { message_id: 1, chat: { id: -200, type: "channel" }, text: "x" },
    };
    expect(classifyUpdate(post, NOW)).toMatchObject({ type: "group", chatId: "-200" });
  });

  it("when a button is pressed in a group, then it is a group action that still answers the query", () => {
    const action = classifyUpdate(
      {
        update_id: 14,
        callback_query: {
          id: "q3",
          from: user,
          message: { message_id: 2, chat: { id: -1, type: "group" } },
          data: "c:x",
        },
      },
      NOW,
    );
    expect(action).toEqual({ type: "group", chatId: "-1", locale: "vi", callbackQueryId: "q3" });
  });

  it("when a private message is edited, then it is an edit note, not input", () => {
    const update = {
      update_id: 15,
      edited_message: { message_id: 1, chat: privateChat, from: user, text: "sửa" },
    };
    expect(classifyUpdate(update, NOW)).toEqual({ type: "edited", chatId: "555", locale: "vi" });
  });

  it("when a photo, voice note, sticker, document or location arrives, then it is a media input", () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ photo: [{ file_id: "a" }] }, "photo"],
      [{ voice: { file_id: "a" } }, "voice"],
      [{ sticker: { file_id: "a" } }, "sticker"],
      [{ document: { file_id: "a" } }, "document"],
      [{ animation: { file_id: "a" }, document: { file_id: "a" } }, "animation"],
      [{ location: { latitude: 1, longitude: 2 } }, "location"],
      [{ video: { file_id: "a" } }, "video"],
      [{ audio: { file_id: "a" } }, "audio"],
      [{ contact: { phone_number: "+84900000000", first_name: "X" } }, "contact"],
    ];
    for (const [extra, media] of cases) {
      const action = classifyUpdate(message(extra), NOW);
      expect(action.type === "inbound" && action.message.input).toEqual({ type: "media", media });
      expect(JSON.stringify(action)).not.toContain("+84900000000");
    }
  });

  it("when a photo has a caption, then the caption is read as text (so the risk check sees it)", () => {
    const action = classifyUpdate(message({ photo: [{ file_id: "a" }], caption: "cứu tôi" }), NOW);
    expect(action.type === "inbound" && action.message.input).toEqual({ type: "text", text: "cứu tôi" });
  });

  it("when the user blocks the bot, then it is a blocked action", () => {
    const update = {
      update_id: 16,
      my_chat_member: {
        chat: privateChat,
        from: user,
        date: 1,
        old_chat_member: {},
        new_chat_member: { status: "kicked" },
      },
    };
    expect(classifyUpdate(update, NOW)).toEqual({ type: "blocked", chatId: "555" });
  });

  it("when the update is malformed, from a bot, or a service message, then it is ignored", () => {
    expect(classifyUpdate({ nope: true }, NOW).type).toBe("ignore");
    expect(classifyUpdate({ update_id: -1 }, NOW).type).toBe("ignore");
    expect(classifyUpdate(message({ text: "x", from: { id: 1, is_bot: true } }), NOW).type).toBe("ignore");
    expect(classifyUpdate(message({ new_chat_title: "x" }), NOW).type).toBe("ignore");
    expect(classifyUpdate({ update_id: 17, inline_query: { id: "i" } }, NOW).type).toBe("ignore");
  });
});

describe("localeFromLanguageCode", () => {
  it("when the code starts with en, then English; otherwise Vietnamese", () => {
    expect(localeFromLanguageCode("en")).toBe("en");
    expect(localeFromLanguageCode("en-US")).toBe("en");
    expect(localeFromLanguageCode("EN")).toBe("en");
    expect(localeFromLanguageCode("vi")).toBe("vi");
    expect(localeFromLanguageCode("ru")).toBe("vi");
    expect(localeFromLanguageCode(undefined)).toBe("vi");
  });
});

describe("mediaKindOf", () => {
  it("when a message has no media, then undefined", () => {
    expect(mediaKindOf({ message_id: 1, chat: { id: 1, type: "private" } })).toBeUndefined();
  });
});
