import type { Api } from "grammy";
import type { Logger } from "pino";
import type { ChannelSender, ChatMessage, Envelope, SendResult } from "../../conversation/types.js";
import { classifySendError } from "./sendError.js";
import { toTelegramMessages } from "./toTelegramMessages.js";

export interface TelegramSenderDeps {
  api: Pick<Api, "sendMessage">;
  /** Records that the chat blocked the bot (ConversationService.markBlocked). */
  markBlocked(chatId: string): Promise<void>;
  logger: Logger;
}

/**
 * Delivers stored outbound messages to a Telegram chat (`envelope.address` is the chat id).
 * Long texts go as several messages with the keyboard on the last. 429s are waited out by
 * auto-retry before an error reaches here; what remains is classified for the service:
 * blocked and refused sends are permanent, the rest is retried from the stored record.
 */
export function telegramSender(deps: TelegramSenderDeps): ChannelSender {
  return {
    async send(envelope: Envelope, message: ChatMessage): Promise<SendResult> {
      const { messages, dropped } = toTelegramMessages(message);
      if (dropped.length > 0) {
        deps.logger.warn(
          { values: dropped.map((b) => b.value) },
          "telegram: buttons with invalid choice values left out",
        );
      }
      let lastId: number | undefined;
      for (const part of messages) {
        try {
          const sent = await deps.api.sendMessage(
            envelope.address,
            part.text,
            part.reply_markup ? { reply_markup: part.reply_markup } : {},
          );
          lastId = sent.message_id;
        } catch (err) {
          const failure = classifySendError(err);
          switch (failure.type) {
            case "blocked":
              await deps.markBlocked(envelope.address);
              return { ok: false, permanent: true, reason: failure.reason };
            case "rejected":
              return { ok: false, permanent: true, reason: failure.reason };
            case "temporary":
              return { ok: false, permanent: false, reason: failure.reason };
            default: {
              const unreachable: never = failure;
              throw new Error(`unhandled send failure ${JSON.stringify(unreachable)}`);
            }
          }
        }
      }
      return lastId === undefined ? { ok: true } : { ok: true, externalId: String(lastId) };
    },
  };
}
