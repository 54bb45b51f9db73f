import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseCookie, serialize as serializeCookie } from "cookie";
import express, { type NextFunction, type Request, type Response, Router } from "express";
import { rateLimit } from "express-rate-limit";
import { z } from "zod";
import type { Config } from "../config.js";
import type { ActionResult, HandoffService } from "../handoff/handoffService.js";
import { type OfficeHours, officeStatus } from "../handoff/officeHours.js";
import type { Outcome } from "../handoff/outcomes.js";
import { dummyPasswordHash, verifyPassword } from "../handoff/password.js";
import { hasRole } from "../handoff/roles.js";
import { HttpError, parseWith } from "../http/httpError.js";
import { secretsEqual } from "../privacy/secretsEqual.js";
import type {
  ConversationDetailDto,
  HeldConversation,
  HeldListDto,
  QueueDto,
  SessionDto,
} from "../shared/consoleDto.js";
import type { ConsoleSessionRepository } from "../store/consoleSessionRepository.js";
import { indicatorsOf } from "../store/conversationRecord.js";
import type { ConversationRepository } from "../store/conversationRepository.js";
import type { CounselorRecord, CounselorRepository } from "../store/counselorRepository.js";
import type { ReadMarkRepository } from "../store/readMarks.js";
import { type ConsoleSessions, publicCounselor, SESSION_HOURS, staffOf } from "./consoleSessions.js";
import { counselorRoutes } from "./counselorRoutes.js";
import { historyRoute, toClosedDto } from "./historyRoutes.js";

/** Name of the console session cookie (HttpOnly, SameSite=Strict, Secure over https). */
export const SESSION_COOKIE = "hotline_console";
/** Longest counselor reply or note, in characters. */
export const MAX_CONSOLE_TEXT = 4000;

const loginBody = z
  .object({ email: z.string().trim().toLowerCase().email().max(200), password: z.string().min(1).max(500) })
  .strict();
const textBody = z.object({ text: z.string().trim().min(1).max(MAX_CONSOLE_TEXT) }).strict();
const transferBody = z.object({ counselorId: z.string().min(1).max(64).optional() }).strict();
const closeBody = z.object({ outcome: z.string().min(1).max(64) }).strict();
const availabilityBody = z.object({ available: z.boolean() }).strict();
const idParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
const langParams = z.object({ lang: z.enum(["vi", "en"]) });
export interface ConsoleRouteDeps {
  config: Config;
  conversations: ConversationRepository;
  readMarks: Pick<ReadMarkRepository, "unreadCounts">;
  counselors: CounselorRepository;
  consoleSessions: ConsoleSessionRepository;
  handoff: HandoffService;
  sessions: ConsoleSessions;
  outcomes: Outcome[];
  publicDir: string;
  /** Signing in during office hours makes a counselor available (they came to take chats). */
  officeHours: OfficeHours;
  clock: () => Date;
  /** More API routers (referrals, reports), mounted after the session and CSRF checks. */
  extraApi?: Router[];
}

interface Signed {
  counselor: CounselorRecord;
  csrfToken: string;
  cookieValue: string;
}

/** Reads the session cookie of a request or handshake. */
export function sessionCookieOf(cookieHeader: string | undefined): string | undefined {
  return cookieHeader ? parseCookie(cookieHeader)[SESSION_COOKIE] : undefined;
}

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The signed-in counselor of a request that passed the session check. */
export function signedCounselor(res: Response): CounselorRecord {
  return (res.locals.signed as Signed).counselor;
}

/** Maps an expected handoff outcome to the HTTP answer, or throws the matching HttpError. */
export function unwrap<T>(result: ActionResult<T>): T {
  switch (result.type) {
    case "ok":
      return result.value;
    case "not_found":
      throw new HttpError(404, "not_found", "No conversation has this id (it may have been erased).");
    case "forbidden":
      throw new HttpError(403, "forbidden", result.message);
    case "conflict":
      throw new HttpError(409, result.code, result.message);
    case "invalid":
      throw new HttpError(400, "invalid_request", result.message);
    default: {
      const unreachable: never = result;
      throw new Error(`unhandled result ${JSON.stringify(unreachable)}`);
    }
  }
}

/** The console HTTP API (docs/api.md) and the page at `/console`. */
export function consoleRoutes(deps: ConsoleRouteDeps): Router {
  const { config, conversations, readMarks, counselors, consoleSessions, handoff, sessions, outcomes } = deps;
  const router = Router();
  const secure = config.PUBLIC_URL?.startsWith("https:") ?? false;
  const api = Router();
  router.use("/console/api", express.json({ limit: "16kb" }), api);

  router.get("/console", (_req, res) => {
    res.sendFile(path.join(deps.publicDir, "console", "index.html"));
  });

  // Repeated failed logins from one address are slowed down: 10 failures per 15 minutes.
  const loginLimiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: 10,
    skipSuccessfulRequests: true,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: (_req, _res, next) => {
      next(
        new HttpError(
          429,
          "rate_limited",
          "Too many failed logins. Wait 15 minutes, or ask an admin to check the account.",
        ),
      );
    },
  });

  const texts = new Map<string, unknown>();
  const indicatorLabels = new Map<string, Record<string, string>>();
  api.get("/texts/:lang", (req, res) => {
    const { lang } = parseWith(langParams, req.params, "language");
    if (!texts.has(lang))
      texts.set(lang, JSON.parse(readFileSync(path.join(config.LOCALES_DIR, lang, "console.json"), "utf8")));
    if (!indicatorLabels.has(lang)) {
      const risk = JSON.parse(readFileSync(path.join(config.LOCALES_DIR, lang, "risk.json"), "utf8")) as {
        indicator?: Record<string, string>;
      };
      indicatorLabels.set(lang, risk.indicator ?? {});
    }
    res.json({
      texts: texts.get(lang),
      outcomes: outcomes.map((o) => ({ id: o.id, label: o[lang] })),
      indicators: indicatorLabels.get(lang),
    });
  });

  api.post("/login", loginLimiter, async (req, res) => {
    const { email, password } = parseWith(loginBody, req.body);
    const counselor = await counselors.findByEmail(email);
    const ok = await verifyPassword(counselor?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!counselor || !ok || counselor.disabled)
      throw new HttpError(401, "invalid_credentials", "Wrong email or password.");
    const session = await sessions.create(counselor.id);
    const onShift = officeStatus(deps.clock(), deps.officeHours).open;
    const signedIn =
      onShift && !counselor.available
        ? await counselors.update(counselor.id, { available: true })
        : counselor;
    if (signedIn !== counselor) handoff.refreshPositions();
    res.setHeader(
      "set-cookie",
      serializeCookie(SESSION_COOKIE, session.cookieValue, {
        httpOnly: true,
        sameSite: "strict",
        secure,
        path: "/",
        maxAge: SESSION_HOURS * 3600,
      }),
    );
    res.json({
      csrfToken: session.csrfToken,
      counselor: publicCounselor(signedIn),
      urgentSlaSeconds: config.URGENT_SLA_SECONDS,
      now: deps.clock().toISOString(),
    } satisfies SessionDto);
  });

  // Everything below needs a session; state-changing requests also need the CSRF token.
  api.use(async (req: Request, res: Response, next: NextFunction) => {
    const cookieValue = sessionCookieOf(req.get("cookie"));
    const session = await sessions.lookup(cookieValue);
    if (!session || !cookieValue)
      return next(new HttpError(401, "unauthorized", "Sign in to the console first."));
    if (STATE_CHANGING.has(req.method) && !secretsEqual(req.get("x-csrf-token") ?? "", session.csrfToken))
      return next(
        new HttpError(
          403,
          "csrf",
          "Missing or wrong x-csrf-token header. Reload the console and sign in again.",
        ),
      );
    res.locals.signed = {
      counselor: session.counselor,
      csrfToken: session.csrfToken,
      cookieValue,
    } satisfies Signed;
    next();
  });
  const signed = (res: Response) => res.locals.signed as Signed;
  for (const extra of deps.extraApi ?? []) api.use(extra);

  api.get("/me", (_req, res) => {
    const { counselor, csrfToken } = signed(res);
    res.json({
      csrfToken,
      counselor: publicCounselor(counselor),
      urgentSlaSeconds: config.URGENT_SLA_SECONDS,
      now: deps.clock().toISOString(),
    } satisfies SessionDto);
  });

  api.post("/logout", async (_req, res) => {
    await sessions.destroy(signed(res).cookieValue);
    res.setHeader(
      "set-cookie",
      serializeCookie(SESSION_COOKIE, "", {
        httpOnly: true,
        sameSite: "strict",
        secure,
        path: "/",
        maxAge: 0,
      }),
    );
    res.status(204).end();
  });

  api.post("/availability", async (req, res) => {
    const { available } = parseWith(availabilityBody, req.body);
    const updated = await counselors.update(signed(res).counselor.id, { available });
    handoff.refreshPositions();
    res.json({ counselor: publicCounselor(updated) });
  });

  api.get("/queue", async (_req, res) => {
    res.json({
      conversations: await conversations.queue(),
      now: deps.clock().toISOString(),
    } satisfies QueueDto);
  });

  // History (?status=closed): closed chats, own ones for counselors, all for supervisors.
  api.get(
    "/conversations",
    historyRoute({
      conversations,
      viewer: (res) => {
        const me = signed(res).counselor;
        return { id: me.id, seesAll: hasRole(me.role, "supervisor") };
      },
    }),
  );

  // Chats in progress: a counselor sees their own, supervisors and admins see all.
  api.get("/conversations", async (_req, res) => {
    const me = signed(res).counselor;
    const rows = await conversations.held(hasRole(me.role, "supervisor") ? undefined : me.id);
    const waits = await conversations.awaitingReplySince(rows);
    const unread = await readMarks.unreadCounts(me.id, rows);
    const held: HeldConversation[] = rows.map((c) => ({
      id: c.id,
      status: c.status,
      priority: c.priority,
      channel: c.channel,
      handle: c.handle,
      locale: c.locale,
      assignedTo: c.assignedTo,
      claimedAt: c.claimedAt?.toISOString() ?? null,
      risk: { level: c.riskLevel, indicators: indicatorsOf(c) },
      awaitingReplySince: waits.get(c.id)?.toISOString() ?? null,
      unread: unread.get(c.id) ?? 0,
    }));
    res.json({ conversations: held, now: deps.clock().toISOString() } satisfies HeldListDto);
  });

  const detailQuery = z.object({ lang: z.enum(["vi", "en"]).default("vi") });
  api.get("/conversations/:id", async (req, res) => {
    const { id } = parseWith(idParams, req.params, "conversation id");
    const { lang } = parseWith(detailQuery, req.query, "query");
    const detail = unwrap(await handoff.detail(id, staffOf(signed(res).counselor), lang));
    const earlier = await conversations.earlierOf(id);
    const aliases = new Map(
      (await counselors.list({ includeDisabled: true })).map((c) => [c.id, c.alias] as const),
    );
    const notes = detail.notes.map((n) => ({ ...n, author: aliases.get(n.counselorId) ?? "?" }));
    res.json({ ...detail, notes, earlier: earlier.map(toClosedDto) } satisfies ConversationDetailDto);
  });

  api.post("/conversations/:id/claim", async (req, res) => {
    const { id } = parseWith(idParams, req.params, "conversation id");
    const c = unwrap(await handoff.claim(id, staffOf(signed(res).counselor)));
    res.json({ conversation: { id: c.id, status: c.status, assignedTo: c.assignedTo } });
  });

  api.post("/conversations/:id/messages", async (req, res) => {
    const { id } = parseWith(idParams, req.params, "conversation id");
    const { text } = parseWith(textBody, req.body);
    res.status(201).json({ message: unwrap(await handoff.reply(id, staffOf(signed(res).counselor), text)) });
  });

  api.post("/conversations/:id/notes", async (req, res) => {
    const { id } = parseWith(idParams, req.params, "conversation id");
    const { text } = parseWith(textBody, req.body);
    res.status(201).json({ note: unwrap(await handoff.addNote(id, staffOf(signed(res).counselor), text)) });
  });

  api.post("/conversations/:id/transfer", async (req, res) => {
    const { id } = parseWith(idParams, req.params, "conversation id");
    const { counselorId } = parseWith(transferBody, req.body ?? {});
    const me = signed(res).counselor;
    const c = unwrap(await handoff.transfer(id, staffOf(me), counselorId));
    res.json({ conversation: { id: c.id, status: c.status, assignedTo: c.assignedTo } });
  });

  api.post("/conversations/:id/close", async (req, res) => {
    const { id } = parseWith(idParams, req.params, "conversation id");
    const { outcome } = parseWith(closeBody, req.body);
    const c = unwrap(await handoff.close(id, staffOf(signed(res).counselor), outcome));
    res.json({ conversation: { id: c.id, status: c.status, outcome: c.outcome } });
  });

  // The team: colleagues for transfers, accounts for admins.
  api.use(counselorRoutes({ conversations, counselors, consoleSessions }));

  return router;
}
