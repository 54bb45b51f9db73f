import path from "node:path";
import { Router } from "express";
import { z } from "zod";
import type { Outcome } from "../handoff/outcomes.js";
import { hasRole, type Role } from "../handoff/roles.js";
import { HttpError, parseWith } from "../http/httpError.js";
import { buildReport, reportCsv } from "../reports/buildReport.js";
import { addDays, dayOf, isCalendarDay } from "../reports/calendarDay.js";
import type { StatsRecorder } from "../reports/statsRecorder.js";
import type { ReferralStore } from "../store/referralStore.js";
import type { StatStore } from "../store/statStore.js";
import { signedCounselor } from "./consoleRoutes.js";

/** Longest period one report covers. */
export const MAX_REPORT_DAYS = 366;
const DEFAULT_DAYS = 30;

const day = z.string().refine(isCalendarDay, { error: "a day written YYYY-MM-DD" });
const rangeQuery = z.object({
  from: day.optional(),
  to: day.optional(),
  exact: z.enum(["0", "1"]).optional(),
});

export interface ReportRouteDeps {
  stats: StatStore;
  referralStore: ReferralStore;
  recorder: StatsRecorder;
  outcomes: Outcome[];
  clock: () => Date;
}

/**
 * The programme's figures (docs/api.md): `GET /console/api/reports` (JSON) and
 * `GET /console/api/reports.csv`, for supervisors and admins. Days are Asia/Ho_Chi_Minh days.
 */
export function reportRoutes(deps: ReportRouteDeps): Router {
  const api = Router();

  const rangeOf = (query: unknown) => {
    const q = parseWith(rangeQuery, query, "query");
    const to = q.to ?? dayOf(deps.clock());
    const from = q.from ?? addDays(to, -(DEFAULT_DAYS - 1));
    if (from > to) throw new HttpError(400, "invalid_request", "Invalid query: from is after to.");
    if (addDays(from, MAX_REPORT_DAYS - 1) < to)
      throw new HttpError(
        400,
        "invalid_request",
        `Invalid query: a report covers at most ${MAX_REPORT_DAYS} days.`,
      );
    return { from, to, exact: q.exact === "1" };
  };

  const requireSupervisor = (role: Role) => {
    if (!hasRole(role, "supervisor"))
      throw new HttpError(403, "forbidden", "Reports are for supervisors and admins.");
  };

  const reportFor = async (from: string, to: string) => {
    // Records asked for by this instance are written first, so a report never lags its own events.
    await deps.recorder.settled();
    const [records, referrals] = await Promise.all([
      deps.stats.between(from, to),
      deps.referralStore.figures(from, to),
    ]);
    return buildReport(from, to, records, referrals);
  };

  api.get("/reports", async (req, res) => {
    requireSupervisor(signedCounselor(res).role);
    const { from, to } = rangeOf(req.query);
    res.json(await reportFor(from, to));
  });

  api.get("/reports.csv", async (req, res) => {
    const role = signedCounselor(res).role;
    requireSupervisor(role);
    const { from, to, exact } = rangeOf(req.query);
    if (exact && !hasRole(role, "admin"))
      throw new HttpError(403, "forbidden", "Exact figures under 5 are for admins only; leave out exact=1.");
    const report = await reportFor(from, to);
    res
      .type("text/csv; charset=utf-8")
      .attachment(`hotline-figures-${from}-${to}${exact ? "-exact" : ""}.csv`)
      .send(
        reportCsv(
          report.days,
          deps.outcomes.map((o) => o.id),
          exact,
        ),
      );
  });

  return api;
}

/** The reports page at `/console/reports` (the page itself asks the API, which checks the role). */
export function reportPage(publicDir: string): Router {
  const router = Router();
  router.get("/console/reports", (_req, res) => {
    res.sendFile(path.join(publicDir, "console", "reports.html"));
  });
  return router;
}
