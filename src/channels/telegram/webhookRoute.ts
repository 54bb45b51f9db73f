import express, { type Router } from "express";
import type { Logger } from "pino";
import { z } from "zod";
import { safeErrorFields } from "./sendError.js";
import { secretMatches } from "./verifySecret.js";

/** Where Telegram posts updates in webhook mode; TELEGRAM_WEBHOOK_URL must reach this path. */
export const WEBHOOK_PATH = "/telegram/webhook";

/** Largest update body accepted. Updates are small JSON (files arrive as ids, not bytes). */
const BODY_LIMIT = "256kb";

const updateEnvelope = z.looseObject({ update_id: z.number().int().nonnegative() });

export interface WebhookDeps {
  secret: string;
  /** Handles one update fully (stored and answered); resolves when done. */
  handle(update: { update_id: number }): Promise<void>;
  logger: Logger;
}

const fail = (status: number, code: string, message: string) => ({
  status,
  body: { error: { code, message } },
});

/**
 * `POST /telegram/webhook`: the secret header is checked before the body is even parsed, so
 * a forged request stores nothing. The update is handled before the answer, so a 200 means
 * it is stored; a failure answers 500 and Telegram sends it again (the dedupe on update_id
 * makes the retry safe).
 */
export function telegramWebhookRouter(deps: WebhookDeps): Router {
  const router = express.Router();
  router.post(
    WEBHOOK_PATH,
    (req, res, next) => {
      if (secretMatches(req.headers["x-telegram-bot-api-secret-token"], deps.secret)) return next();
      const { status, body } = fail(401, "unauthorized", "Missing or wrong X-Telegram-Bot-Api-Secret-Token.");
      res.status(status).json(body);
    },
    express.json({ limit: BODY_LIMIT, type: () => true }),
    async (req, res) => {
      const parsed = updateEnvelope.safeParse(req.body);
      if (!parsed.success) {
        // From Telegram (the secret matched) but not an update: retrying would not help.
        deps.logger.warn("telegram: webhook body is not an update; ignored");
        res.json({ ok: true });
        return;
      }
      try {
        await deps.handle(parsed.data);
        res.json({ ok: true });
      } catch (err) {
        deps.logger.error({ err: safeErrorFields(err) }, "telegram: update failed; Telegram will retry it");
        const { status, body } = fail(500, "internal", "The update could not be handled; retry later.");
        res.status(status).json(body);
      }
    },
  );
  return router;
}
