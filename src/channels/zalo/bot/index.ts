import type { ChannelFactory } from "../../channelModule.js";
import { botApi } from "./botApi.js";
import { BotSender } from "./botSender.js";
import { BotPoller } from "./poller.js";
import { BOT_WEBHOOK_PATH, mountBotWebhook } from "./webhookRoute.js";

/**
 * The Zalo Bot Platform channel. Starts when `ZALO_BOT_TOKEN` is set. With
 * `ZALO_BOT_WEBHOOK_SECRET` (and `PUBLIC_URL`) it registers `PUBLIC_URL/zalo/bot/webhook`
 * with setWebhook; otherwise it long-polls getUpdates.
 */
export const zaloBotChannel: ChannelFactory = (ctx) => {
  const c = ctx.config;
  if (!c.ZALO_BOT_TOKEN) return undefined;
  const secret = c.ZALO_BOT_WEBHOOK_SECRET;
  if (secret && !c.PUBLIC_URL) {
    ctx.logger.error(
      { channel: "zalo_bot" },
      "Zalo Bot channel not started: ZALO_BOT_WEBHOOK_SECRET is set (webhook mode) but PUBLIC_URL is not. " +
        "Set PUBLIC_URL to the public https address of this server, or remove ZALO_BOT_WEBHOOK_SECRET to use long polling.",
    );
    return undefined;
  }
  const abort = new AbortController();
  const call = botApi(c.ZALO_BOT_API_ROOT, c.ZALO_BOT_TOKEN, abort.signal);
  ctx.service.registerSender("zalo_bot", new BotSender({ call, t: ctx.t }));
  // The Bot Platform has sendChatAction (CONTENT.md); the "typing" action is Telegram's name for
  // it. A refusal only costs the indicator: it is logged at debug level by the hub's caller.
  ctx.typing.registerChannel("zalo_bot", async ({ address }) => {
    if (!address) return;
    const res = await call("sendChatAction", { chat_id: address, action: "typing" }, 5_000);
    if (!res.ok) throw new Error(res.description);
  });

  if (secret && c.PUBLIC_URL) {
    mountBotWebhook(ctx, secret);
    const url = `${c.PUBLIC_URL.replace(/\/$/, "")}${BOT_WEBHOOK_PATH}`;
    return {
      name: "zalo_bot",
      async start() {
        const res = await call("setWebhook", { url, secret_token: secret });
        if (!res.ok) {
          ctx.logger.error(
            { channel: "zalo_bot", reason: res.description },
            "Zalo Bot setWebhook failed: check ZALO_BOT_TOKEN and that PUBLIC_URL is a public https address",
          );
        }
      },
      async stop() {
        abort.abort();
      },
    };
  }

  const poller = new BotPoller({ call, service: ctx.service, logger: ctx.logger, clock: ctx.clock });
  return {
    name: "zalo_bot",
    async start() {
      // getUpdates does not work while a webhook is registered (as on Telegram): remove any.
      const res = await call("deleteWebhook", {});
      if (!res.ok)
        ctx.logger.warn({ channel: "zalo_bot", reason: res.description }, "Zalo Bot deleteWebhook failed");
    },
    async stop() {
      await poller.stop();
      abort.abort();
    },
    // One instance polls (two pollers would split the updates between them).
    background: [
      {
        name: "zalo-bot-polling",
        start: async () => poller.start(),
        stop: () => poller.stop(),
      },
    ],
  };
};
