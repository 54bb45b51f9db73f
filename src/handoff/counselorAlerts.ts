import type { Logger } from "pino";
import type { Priority, Translate } from "../engine/types.js";

/** Where alerts to the counselor group go. */
export interface AlertSink {
  send(text: string): Promise<void>;
}

/** Text of the alert for a new waiting chat: priority, wait, channel, queue length. Never user text. */
export function newWaitingAlert(
  t: Translate,
  chat: { priority: Priority; channel: string; waitedMinutes: number; queued: number },
): string {
  return t("vi", "handoff:alert.new", {
    priority: t("vi", `handoff:alert.priority.${chat.priority}`),
    channel: chat.channel,
    wait: t("vi", "handoff:alert.wait", { minutes: chat.waitedMinutes }),
    queued: chat.queued,
  });
}

/** Text of the reminder for an urgent chat nobody claimed in time. */
export function urgentReminder(t: Translate, chat: { channel: string; waitedMinutes: number }): string {
  return t("vi", "handoff:alert.reminder", {
    channel: chat.channel,
    wait: t("vi", "handoff:alert.wait", { minutes: chat.waitedMinutes }),
  });
}

/** Text of the reminder for a held urgent chat whose person has waited too long for an answer. */
export function urgentUnansweredReminder(
  t: Translate,
  chat: { channel: string; waitedMinutes: number },
): string {
  return t("vi", "handoff:alert.unanswered", {
    channel: chat.channel,
    wait: t("vi", "handoff:alert.wait", { minutes: chat.waitedMinutes }),
  });
}

/**
 * Sends alerts to the counselors' Telegram group through the Bot API `sendMessage`. Failures
 * are logged (without the token) and swallowed: an alert must never break a user's turn.
 */
export function telegramAlertSink(options: {
  apiRoot: string;
  token: string;
  chatId: string;
  logger: Logger;
}): AlertSink {
  const url = `${options.apiRoot.replace(/\/$/, "")}/bot${options.token}/sendMessage`;
  return {
    async send(text) {
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ chat_id: options.chatId, text, disable_web_page_preview: true }),
          signal: AbortSignal.timeout(10_000),
        });
        if (!res.ok)
          options.logger.warn(
            { status: res.status },
            "counselor alert to Telegram was refused; check TELEGRAM_COUNSELOR_CHAT_ID and that the bot is in the group",
          );
      } catch (err) {
        options.logger.warn(
          { reason: err instanceof Error ? err.name : "unknown" },
          "counselor alert to Telegram failed",
        );
      }
    },
  };
}
