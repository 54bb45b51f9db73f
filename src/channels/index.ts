import type { Config } from "../config.js";
import type { ChannelFactory } from "./channelModule.js";

/**
 * A channel whose code (and SDK: grammY, axios) is loaded only when one of its variables is set,
 * so a server without Telegram or Zalo does not spend start-up time loading them. The loaded
 * factory makes the full check of its variables.
 */
function loadedWhenSet(
  isSet: (config: Config) => boolean,
  load: () => Promise<ChannelFactory>,
): ChannelFactory {
  return async (ctx) => (isSet(ctx.config) ? (await load())(ctx) : undefined);
}

/** Every messenger channel; each starts only when its environment variables are set. */
export const channelFactories: ChannelFactory[] = [
  loadedWhenSet(
    (c) => Boolean(c.TELEGRAM_BOT_TOKEN),
    async () => (await import("./telegram/index.js")).telegramChannel,
  ),
  loadedWhenSet(
    (c) =>
      Boolean(
        c.ZALO_APP_ID ||
          c.ZALO_APP_SECRET ||
          c.ZALO_OA_SECRET_KEY ||
          c.ZALO_OA_ACCESS_TOKEN ||
          c.ZALO_OA_REFRESH_TOKEN,
      ),
    async () => (await import("./zalo/oa/index.js")).zaloOaChannel,
  ),
  loadedWhenSet(
    (c) => Boolean(c.ZALO_BOT_TOKEN),
    async () => (await import("./zalo/bot/index.js")).zaloBotChannel,
  ),
];
