import type { Api } from "grammy";
import type { Logger } from "pino";
import type { ConversationService } from "../../conversation/conversationService.js";
import type { Translate } from "../../engine/types.js";
import { RecentSet } from "./recentSet.js";
import { safeErrorFields } from "./sendError.js";
import type { TelegramAction } from "./toInbound.js";

export interface UpdateHandlerDeps {
  api: Pick<Api, "sendMessage" | "answerCallbackQuery">;
  service: Pick<ConversationService, "handleInbound" | "markBlocked">;
  t: Translate;
  logger: Logger;
  /** The bot's @username, for the "write to me privately" link; known after `getMe`. */
  botUsername(): string | undefined;
}

/** How many group chats and update ids are remembered in memory (a few hundred KB at most). */
const MEMORY = 10_000;

/**
 * Carries out the action for one update. Only `inbound` actions are stored (by the
 * conversation service, which also dedupes them); the replies to groups, edits and stale
 * buttons are sent without storing anything, at most once per update id.
 */
export function createUpdateHandler(
  deps: UpdateHandlerDeps,
): (action: TelegramAction, updateId: number, onStored?: () => void) => Promise<void> {
  const notifiedGroups = new RecentSet(MEMORY);
  const answeredUpdates = new RecentSet(MEMORY);
  const { api, service, t, logger } = deps;

  const answerQuery = async (id: string, text?: string) => {
    try {
      await api.answerCallbackQuery(id, text ? { text } : {});
    } catch (err) {
      // Answering late or twice (a replayed update) fails harmlessly.
      logger.debug({ err: safeErrorFields(err) }, "telegram: callback query not answered");
    }
  };
  const note = async (chatId: string, text: string) => {
    try {
      await api.sendMessage(chatId, text);
    } catch (err) {
      logger.warn({ err: safeErrorFields(err) }, "telegram: note not delivered");
    }
  };

  return async (action, updateId, onStored) => {
    switch (action.type) {
      case "inbound": {
        // Stop the button's spinner at once, while the turn runs.
        const answered = action.callbackQueryId ? answerQuery(action.callbackQueryId) : Promise.resolve();
        try {
          await service.handleInbound(action.message, onStored ? { onStored } : {});
        } finally {
          await answered;
        }
        return;
      }
      case "stale_button":
        await answerQuery(action.callbackQueryId, t(action.locale, "telegram:stale_button"));
        return;
      case "group": {
        if (action.callbackQueryId)
          await answerQuery(action.callbackQueryId, t(action.locale, "telegram:group_button"));
        if (!notifiedGroups.add(action.chatId)) return;
        const username = deps.botUsername();
        const link = username ? `https://t.me/${username}` : "Telegram";
        await note(action.chatId, t(action.locale, "telegram:group_private", { link }));
        return;
      }
      case "edited":
        if (!answeredUpdates.add(String(updateId))) return;
        await note(action.chatId, t(action.locale, "telegram:edited_ignored"));
        return;
      case "blocked":
        await service.markBlocked("telegram", action.chatId);
        return;
      case "ignore":
        logger.debug({ reason: action.reason }, "telegram: update ignored");
        return;
      default: {
        const unreachable: never = action;
        throw new Error(`unhandled telegram action ${JSON.stringify(unreachable)}`);
      }
    }
  };
}
