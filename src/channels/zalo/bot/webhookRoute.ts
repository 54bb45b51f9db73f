import express from "express";
import { secretsEqual } from "../../../privacy/secretsEqual.js";
import type { ChannelContext } from "../../channelModule.js";
import { acknowledgeWebhook } from "../shared/acknowledgeWebhook.js";
import { botUpdateSchema, toBotInbound, unwrapUpdate } from "./updates.js";

/** Path the Bot Platform calls in webhook mode (`PUBLIC_URL` + this path is registered by setWebhook). */
export const BOT_WEBHOOK_PATH = "/zalo/bot/webhook";

/**
 * Serves `POST /zalo/bot/webhook`: checks `X-Bot-Api-Secret-Token` in constant time (401
 * otherwise, nothing stored), accepts the update bare or wrapped in `{ok, result}`, and
 * answers 200 once the message is stored.
 */
export function mountBotWebhook(
  ctx: Pick<ChannelContext, "router" | "service" | "logger" | "clock">,
  secret: string,
): void {
  const { logger } = ctx;
  ctx.router.post(
    BOT_WEBHOOK_PATH,
    // The secret is checked before the body is even parsed: a forged call costs nothing.
    (req, res, next) => {
      if (secretsEqual(req.get("x-bot-api-secret-token") ?? "", secret)) return next();
      logger.warn(
        { channel: "zalo_bot" },
        "Zalo Bot webhook call rejected: missing or wrong X-Bot-Api-Secret-Token",
      );
      res.status(401).json({ error: { code: "bad_secret", message: "Secret token does not match." } });
    },
    express.json({ type: () => true, limit: "256kb" }),
    async (req, res) => {
      const parsed = botUpdateSchema.safeParse(unwrapUpdate(req.body));
      if (!parsed.success) {
        logger.warn({ channel: "zalo_bot" }, "Zalo Bot update has an unexpected shape: ignored");
        res.status(200).json({ ok: true });
        return;
      }
      await acknowledgeWebhook(ctx, res, toBotInbound(parsed.data, ctx.clock()), "zalo_bot");
    },
  );
}
