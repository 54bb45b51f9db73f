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
  /**
   * Handles one update; calls `onStored` once its message is durably stored (or known to be a
   * replay), before the bot's turn. Resolves when the update is fully handled.
   */
  handle(update: { update_id: number }, onStored: () => void): Promise<void>;
  logger: Logger;
  /**
   * How many updates may still be running after their answer (default 5,000), a bound on memory
   * besides `backlogFull`'s bound on waiting. Beyond either, answers wait for the end of the turn,
   * so Telegram slows down instead of work piling up here.
   */
  maxRunningAfterAnswer?: number;
  /** True while the process is behind (a turn has waited too long for a slot): answers then wait for the turn too. */
  backlogFull?: () => boolean;
}

const MAX_RUNNING_AFTER_ANSWER = 5_000;

const fail = (status: number, code: string, message: string) => ({
  status,
  body: { error: { code, message } },
});

/**
 * `POST /telegram/webhook`: the secret header is checked before the body is even parsed, so
 * a forged request stores nothing. The answer goes as soon as the message is durably stored,
 * and the bot's turn and replies follow: Telegram holds back a chat's next updates while it
 * waits, so a slow answer slows everyone. A 200 therefore means "stored": a crash after it is
 * made good by the recovery of stored-but-unprocessed messages. A failure before the message
 * is stored answers 500 and Telegram sends it again (the dedupe on update_id makes the retry
 * safe). Updates without a message (groups, edits) are answered once handled.
 */
export function telegramWebhookRouter(deps: WebhookDeps): Router {
  const router = express.Router();
  const maxRunning = deps.maxRunningAfterAnswer ?? MAX_RUNNING_AFTER_ANSWER;
  let runningAfterAnswer = 0;
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
      let answered = false;
      let counted = false;
      const answer = () => {
        if (answered) return;
        answered = true;
        res.json({ ok: true });
      };
      try {
        await deps.handle(parsed.data, () => {
          if (runningAfterAnswer >= maxRunning || deps.backlogFull?.()) return;
          runningAfterAnswer++;
          counted = true;
          answer();
        });
        answer();
      } catch (err) {
        if (answered) {
          // Stored and acknowledged: the message stays "received" and recovery answers it.
          deps.logger.error(
            { err: safeErrorFields(err) },
            "telegram: stored update failed; recovery will run it",
          );
          return;
        }
        deps.logger.error({ err: safeErrorFields(err) }, "telegram: update failed; Telegram will retry it");
        const { status, body } = fail(500, "internal", "The update could not be handled; retry later.");
        res.status(status).json(body);
      } finally {
        if (counted) runningAfterAnswer--;
      }
    },
  );
  return router;
}
