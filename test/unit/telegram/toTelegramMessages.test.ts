import { describe, expect, it } from "vitest";
import { toTelegramKeyboard, toTelegramMessages } from "../../../src/channels/telegram/toTelegramMessages.js";

describe("toTelegramKeyboard", () => {
  it("when buttons are given, then each gets its own row with encoded callback data", () => {
    const { markup, dropped } = toTelegramKeyboard([
      { label: "Kiểm tra lời mời", value: "job_check" },
      { label: "Menu", value: "g_menu" },
    ]);
    expect(markup).toEqual({
      inline_keyboard: [
        [{ text: "Kiểm tra lời mời", callback_data: "c:job_check" }],
        [{ text: "Menu", callback_data: "g:menu" }],
      ],
    });
    expect(dropped).toEqual([]);
  });

  it("when a button value cannot be encoded, then it is left out and reported", () => {
    const { markup, dropped } = toTelegramKeyboard([{ label: "Bad", value: "Not Valid" }]);
    expect(markup).toBeUndefined();
    expect(dropped).toEqual([{ label: "Bad", value: "Not Valid" }]);
  });
});

describe("toTelegramMessages", () => {
  it("when a short message has buttons, then it is one sendMessage with the keyboard", () => {
    const { messages } = toTelegramMessages({
      text: "Bạn cần gì?",
      buttons: [{ label: "Có", value: "yes" }],
    });
    expect(messages).toEqual([
      { text: "Bạn cần gì?", reply_markup: { inline_keyboard: [[{ text: "Có", callback_data: "c:yes" }]] } },
    ]);
  });

  it("when the text is too long, then it is split and the keyboard goes on the last part only", () => {
    const text = `${"a".repeat(30)}\n\n${"b".repeat(30)}`;
    const { messages } = toTelegramMessages({ text, buttons: [{ label: "OK", value: "ok" }] }, 40);
    expect(messages.map((m) => m.text)).toEqual(["a".repeat(30), "b".repeat(30)]);
    expect(messages[0]?.reply_markup).toBeUndefined();
    expect(messages[1]?.reply_markup?.inline_keyboard).toHaveLength(1);
  });

  it("when there is no text and no buttons, then nothing is sent", () => {
    expect(toTelegramMessages({ text: "  " }).messages).toEqual([]);
  });

  it("when there are buttons but no text, then a placeholder carries the keyboard", () => {
    const { messages } = toTelegramMessages({ text: "", buttons: [{ label: "OK", value: "ok" }] });
    expect(messages).toHaveLength(1);
    expect(messages[0]?.text).not.toBe("");
  });
});
