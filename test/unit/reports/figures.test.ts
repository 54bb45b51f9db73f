import { describe, expect, it } from "vitest";
import type { TurnEvent } from "../../../src/conversation/conversationService.js";
import type { Service } from "../../../src/engine/directory.js";
import { referralMessage } from "../../../src/referrals/referralMessage.js";
import { canMoveReferral, REFERRAL_STATUSES } from "../../../src/referrals/referralStatus.js";
import {
  buildReport,
  maskSmall,
  percentile,
  reportCsv,
  screeningKey,
} from "../../../src/reports/buildReport.js";
import { addDays, dayOf, daysBetween, isCalendarDay } from "../../../src/reports/calendarDay.js";
import { claimRecords, turnRecords } from "../../../src/reports/statsRecorder.js";
import type { Conversation } from "../../../src/store/prisma.js";

describe("calendar days in Vietnam's time zone", () => {
  it("when it is 18:00 UTC, then it is already the next day in Hanoi", () => {
    expect(dayOf(new Date("2026-03-04T16:59:59Z"))).toBe("2026-03-04");
    expect(dayOf(new Date("2026-03-04T17:00:00Z"))).toBe("2026-03-05");
  });
  it("when a day is checked, then only real YYYY-MM-DD days pass, and ranges run across month ends", () => {
    expect(isCalendarDay("2026-02-28")).toBe(true);
    expect(isCalendarDay("2026-02-29")).toBe(false);
    expect(isCalendarDay("2026-3-04")).toBe(false);
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(daysBetween("2026-02-27", "2026-03-02")).toEqual([
      "2026-02-27",
      "2026-02-28",
      "2026-03-01",
      "2026-03-02",
    ]);
  });
});

describe("referral transitions", () => {
  it("when a referral moves, then referred → contacted → supported|declined|lost is the only way, and final states stay", () => {
    const allowed = REFERRAL_STATUSES.flatMap((from) =>
      REFERRAL_STATUSES.filter((to) => canMoveReferral(from, to)).map((to) => `${from}>${to}`),
    );
    expect(allowed).toEqual([
      "referred>contacted",
      "referred>declined",
      "referred>lost",
      "contacted>supported",
      "contacted>declined",
      "contacted>lost",
    ]);
  });
});

describe("anonymous records", () => {
  const conversation = (over: Partial<Conversation>) =>
    ({ status: "bot", riskLevel: "none", priority: null, ...over }) as Conversation;

  it("when a turn completes a screening, raises the risk and asks for a counselor, then one record each, with no id of anyone", () => {
    const event: TurnEvent = {
      before: conversation({ id: "c1", contactId: "p1", riskLevel: "low" }),
      after: conversation({
        id: "c1",
        contactId: "p1",
        status: "waiting",
        riskLevel: "high",
        priority: "high",
      }),
      effects: [{ type: "screened", flow: "need_help", level: "high" }],
    };
    const records = turnRecords(event, "2026-03-04");
    expect(records).toEqual([
      { day: "2026-03-04", kind: "screening", label: "high", detail: "need_help" },
      { day: "2026-03-04", kind: "risk", label: "high" },
      { day: "2026-03-04", kind: "handoff", label: "high" },
    ]);
    expect(JSON.stringify(records)).not.toMatch(/c1|p1/);
  });

  it("when the risk stays or the chat was already waiting, then no risk or handoff record is repeated", () => {
    const same = conversation({ status: "waiting", riskLevel: "high", priority: "high" });
    expect(turnRecords({ before: same, after: same, effects: [] }, "2026-03-04")).toEqual([]);
  });

  it("when an urgent chat is claimed after the SLA, then the wait and a breach are recorded; a normal one only the wait", () => {
    const waitingSince = new Date("2026-03-04T03:00:00Z");
    const claimedAt = new Date("2026-03-04T03:02:00Z");
    expect(claimRecords({ priority: "urgent", waitingSince, claimedAt }, 60, "d")).toEqual([
      { day: "d", kind: "claim_wait", label: "urgent", seconds: 120 },
      { day: "d", kind: "sla_breach", label: "urgent" },
    ]);
    expect(claimRecords({ priority: "normal", waitingSince, claimedAt }, 60, "d")).toEqual([
      { day: "d", kind: "claim_wait", label: "normal", seconds: 120 },
    ]);
    expect(claimRecords({ priority: "urgent", waitingSince, claimedAt }, 120, "d")).toHaveLength(1);
  });
});

describe("report figures", () => {
  it("when percentiles are taken, then the nearest rank is used and no values give null", () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([30], 90)).toBe(30);
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    expect(percentile([40, 10, 30, 20, 100, 50, 60, 70, 80, 90], 90)).toBe(90);
  });

  it("when counts from 1 to 4 are exported, then they read <5 unless exact; 0 and 5 stay", () => {
    expect([0, 1, 4, 5].map((n) => maskSmall(n, false))).toEqual(["0", "<5", "<5", "5"]);
    expect(maskSmall(3, true)).toBe("3");
    expect(screeningKey("job_check")).toBe("jobCheck");
  });

  it("when records of two days are reported, then totals, the supported rate and per-day rows agree, and the CSV has a BOM, a header and a row a day", () => {
    const report = buildReport(
      "2026-03-04",
      "2026-03-05",
      [
        { day: "2026-03-04", kind: "reached", channel: "telegram" },
        { day: "2026-03-05", kind: "reached", channel: "telegram" },
        { day: "2026-03-05", kind: "screening", label: "medium", detail: "job_check" },
        { day: "2026-03-05", kind: "outcome", label: "referred" },
      ],
      [
        { serviceKind: "osso", status: "supported", contacted: true },
        { serviceKind: "legal", status: "lost", contacted: false },
      ],
    );
    expect(report.reached.total).toBe(2);
    expect(report.screenings.jobCheck).toEqual({ completed: 1, byLevel: { medium: 1 } });
    expect(report.referrals).toMatchObject({
      supportedRate: 0.5,
      funnel: { referred: 2, contacted: 1, supported: 1 },
    });
    const csv = reportCsv(report.days, ["referred", "emergency"], false);
    expect(csv.startsWith("\uFEFFday,reached_total,")).toBe(true);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain("outcome_referred,outcome_emergency,claim_wait_p50_seconds");
    expect(lines[2]!.startsWith("2026-03-05,<5,0,<5,")).toBe(true);
  });
});

describe("the message a referred person gets", () => {
  const t = (_l: string, key: string, p?: Record<string, unknown>) => `${key}${p ? JSON.stringify(p) : ""}`;
  const base: Service = {
    id: "x",
    kind: "legal",
    name: { vi: "Trợ giúp", en: "Aid" },
    about: { vi: "Giúp miễn phí", en: "Free help" },
  };

  it("when the service has no number, then the no-number line points to 111 and nothing is invented", () => {
    const text = referralMessage(t, "en", base);
    expect(text.split("\n")).toEqual([
      "referral:message.lead",
      "Aid",
      'referral:message.offers{"about":"Free help"}',
      "referral:message.no_phone",
      "referral:message.close",
    ]);
  });

  it("when the service has a number, a reach text and what to bring, then reach wins over the bare number and bring is added", () => {
    const text = referralMessage(t, "vi", {
      ...base,
      phone: "113",
      reach: { vi: "Gọi 113", en: "Call 113" },
      bring: { vi: "Giấy tờ", en: "Papers" },
    });
    expect(text).toContain('referral:message.reach{"reach":"Gọi 113"}');
    expect(text).toContain('referral:message.bring{"bring":"Giấy tờ"}');
    expect(text).not.toContain("message.phone");
    expect(referralMessage(t, "vi", { ...base, phone: "113" })).toContain(
      'referral:message.phone{"phone":"113"}',
    );
  });
});
