import { readFileSync } from "node:fs";
import path from "node:path";
import { Router } from "express";
import { z } from "zod";
import type { Locale } from "../engine/types.js";
import type { ActionResult } from "../handoff/handoffService.js";
import { HttpError, parseWith } from "../http/httpError.js";
import type { ReferralService } from "../referrals/referralService.js";
import { nextReferralStatuses, REFERRAL_STATUSES } from "../referrals/referralStatus.js";
import { isCalendarDay } from "../reports/calendarDay.js";
import type { Referral, ReferralWithContext } from "../store/referralStore.js";
import { signedCounselor, unwrap } from "./consoleRoutes.js";
import { staffOf } from "./consoleSessions.js";

/** Longest referral note, in characters. */
export const MAX_REFERRAL_NOTE = 2000;

const idParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
const day = z.string().refine(isCalendarDay, { error: "a day written YYYY-MM-DD" });
const note = z.string().trim().max(MAX_REFERRAL_NOTE).optional();
const createBody = z
  .object({
    serviceId: z.string().min(1).max(64),
    consent: z.literal(true, { error: "consent must be true: refer only with the person's agreement" }),
    note,
    followUpOn: day.optional(),
  })
  .strict();
const patchBody = z
  .object({ status: z.enum(REFERRAL_STATUSES), note, followUpOn: day.nullable().optional() })
  .strict();
const listQuery = z.object({
  due: z.enum(["today", "overdue", "all"]).default("today"),
  lang: z.enum(["vi", "en"]).default("vi"),
});
const langQuery = z.object({ lang: z.enum(["vi", "en"]).default("vi") });
const langParams = z.object({ lang: z.enum(["vi", "en"]) });

function referralJson(r: Referral) {
  return {
    id: r.id,
    serviceId: r.serviceId,
    serviceKind: r.serviceKind,
    status: r.status,
    followUpOn: r.followUpOn,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    conversationId: r.conversationId,
  };
}

function referralOf(result: ActionResult<Referral>): Referral {
  if (result.type === "not_found") throw new HttpError(404, "not_found", "No referral has this id.");
  return unwrap(result);
}

/**
 * Referral routes of the console API (docs/api.md): the services, a referral from a chat, its
 * follow-up, the list of referrals due. Every signed-in role may use them: follow-up is team work.
 */
export function referralRoutes(deps: { referrals: ReferralService; localesDir: string }): Router {
  const { referrals } = deps;
  const api = Router();

  const texts = new Map<string, unknown>();
  api.get("/referral-texts/:lang", (req, res) => {
    const { lang } = parseWith(langParams, req.params, "language");
    if (!texts.has(lang))
      texts.set(lang, JSON.parse(readFileSync(path.join(deps.localesDir, lang, "referral.json"), "utf8")));
    const { console: consoleTexts, reports } = texts.get(lang) as { console: unknown; reports: unknown };
    res.json({ texts: { referrals: consoleTexts, reports } });
  });

  api.get("/services", (req, res) => {
    const { lang } = parseWith(langQuery, req.query, "query");
    res.json({ services: referrals.services(lang) });
  });

  api.post("/conversations/:id/referrals", async (req, res) => {
    const { id } = parseWith(idParams, req.params, "conversation id");
    const body = parseWith(createBody, req.body ?? {});
    const staff = staffOf(signedCounselor(res));
    const referral = unwrap(
      await referrals.create(id, staff, {
        serviceId: body.serviceId,
        ...(body.note ? { note: body.note } : {}),
        ...(body.followUpOn ? { followUpOn: body.followUpOn } : {}),
      }),
    );
    res.status(201).json({ referral: referralJson(referral) });
  });

  api.patch("/referrals/:id", async (req, res) => {
    const { id } = parseWith(idParams, req.params, "referral id");
    const body = parseWith(patchBody, req.body ?? {});
    const staff = staffOf(signedCounselor(res));
    const referral = referralOf(
      await referrals.move(id, staff, {
        status: body.status,
        ...(body.note ? { note: body.note } : {}),
        ...(body.followUpOn !== undefined ? { followUpOn: body.followUpOn } : {}),
      }),
    );
    res.json({ referral: referralJson(referral) });
  });

  api.get("/referrals", async (req, res) => {
    const { due, lang } = parseWith(listQuery, req.query, "query");
    const rows = await referrals.list(due);
    res.json({
      today: referrals.today(),
      referrals: rows.map((r: ReferralWithContext) => ({
        ...referralJson(r),
        serviceName: referrals.serviceName(r.serviceId, lang as Locale),
        next: nextReferralStatuses(r.status),
        handle: r.handle,
        conversationStatus: r.conversationStatus,
        notes: r.notes.map((n) => ({
          id: n.id,
          counselorId: n.counselorId,
          text: n.text,
          at: n.at.toISOString(),
        })),
      })),
    });
  });

  return api;
}
