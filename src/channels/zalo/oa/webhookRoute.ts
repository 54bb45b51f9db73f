import express, { type Router } from "express";
import type { ChannelContext } from "../../channelModule.js";
import { acknowledgeWebhook } from "../shared/acknowledgeWebhook.js";
import { oaEventSchema, timestampOf, toOaInbound } from "./events.js";
import { verifyOaSignature } from "./signature.js";

/** Path Zalo calls; the operator enters `PUBLIC_URL` + this path as the OA webhook URL. */
export const OA_WEBHOOK_PATH = "/zalo/oa/webhook";

/**
 * Serves `POST /zalo/oa/webhook`. The signature is checked on the raw bytes before anything
 * is stored (401 otherwise); a message is answered 200 as soon as it is stored, and the
 * reply follows. Events we do not handle are acknowledged with 200 and ignored.
 */
export function mountOaWebhook(
  ctx: Pick<ChannelContext, "router" | "service" | "logger" | "clock">,
  secrets: { appId: string; oaSecretKey: string },
): void {
  const { logger } = ctx;
  const router: Router = ctx.router;
  router.post(OA_WEBHOOK_PATH, express.raw({ type: "*/*", limit: "256kb" }), async (req, res) => {
    const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      body = undefined;
    }
    const timestamp = timestampOf(body);
    if (
      timestamp === undefined ||
      !verifyOaSignature(req.get("x-zevent-signature"), secrets.appId, raw, timestamp, secrets.oaSecretKey)
    ) {
      logger.warn(
        { channel: "zalo_oa" },
        "Zalo OA webhook call rejected: missing or wrong X-ZEvent-Signature",
      );
      res.status(401).json({ error: { code: "bad_signature", message: "Signature does not match." } });
      return;
    }
    const parsed = oaEventSchema.safeParse(body);
    if (!parsed.success) {
      logger.warn({ channel: "zalo_oa" }, "Zalo OA webhook event has an unexpected shape: ignored");
      res.status(200).json({ ok: true });
      return;
    }
    await acknowledgeWebhook(ctx, res, toOaInbound(parsed.data, ctx.clock()), "zalo_oa");
  });
}
