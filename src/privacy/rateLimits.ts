import { type Request, type RequestHandler, Router } from "express";
import { ipKeyGenerator, rateLimit } from "express-rate-limit";
import type { Locale, Translate } from "../engine/types.js";

/**
 * Limits per minute. Generous per IP because many people in Vietnam share one mobile carrier
 * address (CGNAT), and webhooks arrive from the few addresses of Telegram and Zalo; tight per
 * web session, which is one person.
 */
export const RATE_LIMITS = {
  /** Any /webchat/api request, per client IP. */
  webchatPerIp: 600,
  /** New anonymous sessions, per client IP. */
  sessionsPerIp: 60,
  /** Messages posted to one web chat session. */
  messagesPerSession: 30,
  /**
   * Webhook calls (Telegram, Zalo) that fail verification or are refused (4xx), per sender IP.
   * Verified traffic is not counted: Telegram delivers every bot's updates from a few addresses.
   */
  webhooksPerIp: 60,
} as const;

const WINDOW_MS = 60_000;

/** The language of a rate-limit answer: English when the client prefers it, Vietnamese otherwise. */
export function answerLocale(req: Request): Locale {
  return req.acceptsLanguages("vi", "en") === "en" ? "en" : "vi";
}

function limiter(
  t: Translate,
  limit: number,
  keyGenerator: (req: Request) => string,
  options: { countOnlyRefused?: boolean } = {},
): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    limit,
    ...(options.countOnlyRefused
      ? {
          // A request is counted when it arrives and given back when it ends without a 4xx: only
          // the in-flight ones and the refused ones (bad secret or signature, bad body) remain.
          // A 5xx is ours, and the sender retries it: not counted either.
          skipSuccessfulRequests: true,
          requestWasSuccessful: (_req: Request, res: { statusCode: number }) =>
            res.statusCode < 400 || res.statusCode >= 500,
        }
      : {}),
    standardHeaders: "draft-8",
    legacyHeaders: false,
    keyGenerator,
    handler: (req, res) => {
      res
        .status(429)
        .json({ error: { code: "rate_limited", message: t(answerLocale(req), "privacy:rateLimited") } });
    },
  });
}

const byIp = (req: Request) => ipKeyGenerator(req.ip ?? "unknown");

/**
 * The rate limits, as one router run before every route: per IP on the web chat API and on
 * refused webhook calls (verified ones are never throttled), per session on web chat messages. Answers 429 `{error: {code: "rate_limited",
 * message}}` in the client's language. Counters live in memory, per server process.
 */
export function rateLimits(t: Translate): Router {
  const router = Router();
  router.use("/webchat/api", limiter(t, RATE_LIMITS.webchatPerIp, byIp));
  router.post("/webchat/api/sessions", limiter(t, RATE_LIMITS.sessionsPerIp, byIp));
  router.post(
    "/webchat/api/sessions/:id/messages",
    // The session id is a random secret of its owner: nobody else can spend their allowance.
    limiter(t, RATE_LIMITS.messagesPerSession, (req) => `session:${String(req.params.id).slice(0, 64)}`),
  );
  router.use(["/telegram", "/zalo"], limiter(t, RATE_LIMITS.webhooksPerIp, byIp, { countOnlyRefused: true }));
  return router;
}
