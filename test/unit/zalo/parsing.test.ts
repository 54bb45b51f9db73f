import { describe, expect, it } from "vitest";
import { botUpdateSchema, toBotInbound, unwrapUpdate } from "../../../src/channels/zalo/bot/updates.js";
import { canCarry, fromButtonPayload, toButtonPayload } from "../../../src/channels/zalo/oa/choicePayload.js";
import { oaEventSchema, timestampOf, toOaInbound } from "../../../src/channels/zalo/oa/events.js";
import { recipientFor } from "../../../src/channels/zalo/oa/oaSender.js";

const at = new Date("2025-10-01T08:00:00Z");

function oa(event: Record<string, unknown>) {
  return toOaInbound(oaEventSchema.parse({ app_id: "1", timestamp: "1700000000000", ...event }), at);
}

describe("OA events to inbound messages", () => {
  it("when a user sends text, then it becomes a text input keyed zoa:<msg_id> for that user", () => {
    const out = oa({
      event_name: "user_send_text",
      sender: { id: "u1" },
      message: { msg_id: "m1", text: "Chào bạn" },
    });
    expect(out).toEqual({
      type: "message",
      inbound: {
        channel: "zalo_oa",
        channelUserId: "u1",
        externalId: "zoa:m1",
        at,
        input: { type: "text", text: "Chào bạn" },
      },
    });
  });

  it("when the text is one of our button payloads, then it becomes that choice", () => {
    const out = oa({
      event_name: "user_send_text",
      sender: { id: "u1" },
      message: { msg_id: "m1", text: "#job_check" },
    });
    expect(out.type === "message" && out.inbound.input).toEqual({ type: "choice", value: "job_check" });
  });

  it("when a user sends an image, sticker, file, audio or location, then it becomes a media input", () => {
    for (const [event, media] of [
      ["user_send_image", "image"],
      ["user_send_sticker", "sticker"],
      ["user_send_file", "file"],
      ["user_send_audio", "audio"],
      ["user_send_location", "location"],
      ["user_send_gif", "gif"],
    ] as const) {
      const out = oa({ event_name: event, sender: { id: "u1" }, message: { msg_id: `m-${media}` } });
      expect(out.type === "message" && out.inbound.input).toEqual({ type: "media", media });
    }
  });

  it("when the event is not a user message (follow, seen, the OA's own), then it is ignored", () => {
    expect(oa({ event_name: "follow", follower: { id: "u1" } }).type).toBe("ignore");
    expect(oa({ event_name: "user_seen_message", sender: { id: "u1" } }).type).toBe("ignore");
    expect(
      oa({ event_name: "oa_send_text", sender: { id: "oa" }, message: { msg_id: "x", text: "hi" } }).type,
    ).toBe("ignore");
  });

  it("when a user message lacks a sender or msg_id, then it is ignored rather than stored without dedupe", () => {
    expect(oa({ event_name: "user_send_text", message: { msg_id: "m1", text: "x" } }).type).toBe("ignore");
    expect(oa({ event_name: "user_send_text", sender: { id: "u1" }, message: { text: "x" } }).type).toBe(
      "ignore",
    );
  });

  it("when the timestamp is read from a raw body, then strings and numbers are accepted and the rest refused", () => {
    expect(timestampOf({ timestamp: "17" })).toBe("17");
    expect(timestampOf({ timestamp: 17 })).toBe("17");
    expect(timestampOf({})).toBeUndefined();
    expect(timestampOf("x")).toBeUndefined();
    expect(timestampOf(null)).toBeUndefined();
  });
});

describe("button payloads", () => {
  it("when a value goes out as a payload, then it comes back as the same value", () => {
    for (const value of ["job_check", "g_menu", "yes", "a.b:c-1"])
      expect(fromButtonPayload(toButtonPayload(value))).toBe(value);
  });

  it("when text is ordinary, then it is not taken for a payload", () => {
    expect(fromButtonPayload("job_check")).toBeUndefined();
    expect(fromButtonPayload("# tôi cần giúp")).toBeUndefined();
    expect(fromButtonPayload("#")).toBeUndefined();
    expect(canCarry("có dấu")).toBe(false);
  });
});

describe("OA recipient", () => {
  it("when the user's latest message id is known, then the reply quotes it; otherwise it goes to the user id", () => {
    expect(recipientFor({ address: "u1", replyTo: "zoa:m9" })).toEqual({ message_id: "m9" });
    expect(recipientFor({ address: "u1" })).toEqual({ user_id: "u1" });
    expect(recipientFor({ address: "u1", replyTo: "zbot:x" })).toEqual({ user_id: "u1" });
  });
});

describe("Bot Platform updates", () => {
  const update = {
    event_name: "message.text.received",
    message: {
      message_id: "b1",
      from: { id: "c1", display_name: "Tên Người Dùng" },
      chat: { id: "c1", chat_type: "PRIVATE" },
      date: 1700000000000,
      text: "2",
    },
  };

  it("when the update is wrapped in {ok, result} or bare, then the same update is read", () => {
    expect(unwrapUpdate({ ok: true, result: update })).toEqual(update);
    expect(unwrapUpdate(update)).toEqual(update);
  });

  it("when a text arrives, then it becomes a text input keyed zbot:<message_id>, with no display name anywhere", () => {
    const out = toBotInbound(botUpdateSchema.parse(update), at);
    expect(out).toEqual({
      type: "message",
      inbound: {
        channel: "zalo_bot",
        channelUserId: "c1",
        externalId: "zbot:b1",
        at,
        input: { type: "text", text: "2" },
      },
    });
    expect(JSON.stringify(out)).not.toContain("Tên Người Dùng");
  });

  it("when an image or sticker arrives, then it becomes a media input", () => {
    const out = toBotInbound(
      botUpdateSchema.parse({ ...update, event_name: "message.sticker.received" }),
      at,
    );
    expect(out.type === "message" && out.inbound.input).toEqual({ type: "media", media: "sticker" });
  });

  it("when the message comes from a group chat or is an unknown event, then it is ignored", () => {
    const group = { ...update, message: { ...update.message, chat: { id: "g1", chat_type: "GROUP" } } };
    expect(toBotInbound(botUpdateSchema.parse(group), at).type).toBe("ignore");
    expect(toBotInbound(botUpdateSchema.parse({ event_name: "something.else" }), at).type).toBe("ignore");
  });
});
