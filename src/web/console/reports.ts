// The programme's figures for supervisors and admins (served at /console/reports): a date range,
// people reached by week and channel, screenings and risk mix, handoffs and waits by priority,
// outcomes, and the referral funnel against the programme's 70 % target. Printable.
import { el, type Texts } from "./dom.js";
import { referralTexts, translator } from "./referralTexts.js";
import { barChart, funnelChart } from "./reportCharts.js";

const LANG_KEY = "hotline.console.lang";
const CHANNELS = ["webchat", "telegram", "zalo_oa", "zalo_bot"] as const;
const PRIORITIES = ["urgent", "high", "normal"] as const;
const RISKS = ["urgent", "high", "medium", "low"] as const;

interface Waits {
  claimSeconds: { p50: number | null; p90: number | null };
  slaBreaches: number;
  byPriority: Record<string, { claimed: number; p50: number | null; p90: number | null }>;
}
interface ReportDto {
  from: string;
  to: string;
  reached: { total: number; byChannel: Record<string, number> };
  screenings: Record<string, { completed: number; byLevel: Record<string, number> }>;
  risk: Record<string, number>;
  handoffs: { total: number; byPriority: Record<string, number> };
  waits: Waits;
  outcomes: Record<string, number>;
  referrals: {
    total: number;
    byKind: Record<string, number>;
    byStatus: Record<string, number>;
    supportedRate: number | null;
    funnel: { referred: number; contacted: number; supported: number };
    target: number;
  };
  days: Array<{ day: string; counts: Record<string, number> }>;
}

const lang: "vi" | "en" = localStorage.getItem(LANG_KEY) === "en" ? "en" : "vi";
const root = document.getElementById("app")!;

/** A table of figures in a box that scrolls sideways on a narrow screen; nothing when there are no rows. */
function table(caption: string, head: string[], rows: Array<Array<string | number>>): HTMLElement {
  const wrap = el("div", "table-wrap");
  if (rows.length === 0) return wrap;
  // It may scroll sideways: keyboard users reach it with Tab and scroll it with the arrows.
  wrap.tabIndex = 0;
  wrap.setAttribute("role", "region");
  wrap.setAttribute("aria-label", caption);
  const t = el("table");
  wrap.append(t);
  t.append(el("caption", undefined, caption));
  const thead = el("thead");
  const tr = el("tr");
  for (const h of head) tr.append(el("th", undefined, h));
  thead.append(tr);
  const tbody = el("tbody");
  for (const row of rows) {
    const r = el("tr");
    row.forEach((cell, i) => {
      const c = el(i === 0 ? "th" : "td", undefined, String(cell));
      if (i === 0) c.setAttribute("scope", "row");
      r.append(c);
    });
    tbody.append(r);
  }
  t.append(thead, tbody);
  return wrap;
}

function section(title: string, ...children: HTMLElement[]): HTMLElement {
  const s = el("section", "panel report-section");
  s.append(el("h2", undefined, title), ...children);
  return s;
}

function chartBox(): { box: HTMLElement; canvas: HTMLCanvasElement } {
  const box = el("div", "chart");
  const canvas = el("canvas");
  box.append(canvas);
  return { box, canvas };
}

const seconds = (v: number | null) => (v === null ? "—" : String(v));

/** 7-day buckets from the first day of the range, summing reached people per channel. */
function weeks(days: ReportDto["days"]) {
  const out: Array<{ start: string; byChannel: Record<string, number> }> = [];
  days.forEach((d, i) => {
    if (i % 7 === 0) out.push({ start: d.day, byChannel: Object.fromEntries(CHANNELS.map((c) => [c, 0])) });
    const week = out[out.length - 1]!;
    for (const c of CHANNELS) week.byChannel[c] = (week.byChannel[c] ?? 0) + (d.counts[`reached_${c}`] ?? 0);
  });
  return out;
}

async function main(): Promise<void> {
  document.documentElement.lang = lang;
  const [texts, me, consoleTexts] = await Promise.all([
    referralTexts(lang),
    fetch("/console/api/me", { credentials: "same-origin" }),
    fetch(`/console/api/texts/${lang}`, { credentials: "same-origin" })
      .then((r) =>
        r.ok ? (r.json() as Promise<{ outcomes: Array<{ id: string; label: string }> }>) : undefined,
      )
      .catch(() => undefined),
  ]);
  const t = translator(texts as Texts);
  document.title = t("reports.title");
  const header = el("header");
  const back = el("a", undefined, t("reports.back"));
  back.href = "/console";
  header.append(el("h1", undefined, t("reports.title")), back);
  if (!me.ok) {
    const p = el("p", "panel");
    p.append(back.cloneNode(true));
    root.replaceChildren(header, p);
    root.removeAttribute("aria-busy");
    return;
  }
  const role = ((await me.json()) as { counselor: { role: string } }).counselor.role;
  const outcomeLabels = new Map((consoleTexts?.outcomes ?? []).map((o) => [o.id, o.label]));

  const params = new URLSearchParams(location.search);
  const form = el("form", "panel controls");
  const from = el("input");
  from.type = "date";
  from.id = "report-from";
  from.value = params.get("from") ?? "";
  const to = el("input");
  to.type = "date";
  to.id = "report-to";
  to.value = params.get("to") ?? "";
  const fromLabel = el("label", undefined, t("reports.from"));
  fromLabel.htmlFor = from.id;
  const toLabel = el("label", undefined, t("reports.to"));
  toLabel.htmlFor = to.id;
  const show = el("button", "primary", t("reports.show"));
  show.type = "submit";
  const print = el("button", undefined, t("reports.print"));
  print.type = "button";
  print.addEventListener("click", () => window.print());
  const csv = el("a", "button-link", t("reports.csv"));
  const exact = el("a", "button-link", t("reports.csv_exact"));
  form.append(fromLabel, from, toLabel, to, show, print, csv);
  if (role === "admin") form.append(exact);
  const note = el("p", "note", t("reports.anonymous"));
  const status = el("p", "error");
  status.setAttribute("role", "alert");
  const body = el("div", "report");
  root.replaceChildren(header, form, note, status, body);
  root.removeAttribute("aria-busy");

  const load = async () => {
    status.textContent = "";
    // Without dates the server answers its last 30 days (its own today, in Vietnam time).
    const asked = from.value && to.value ? `?from=${from.value}&to=${to.value}` : "";
    const res = await fetch(`/console/api/reports${asked}`, { credentials: "same-origin" });
    if (!res.ok) {
      status.textContent = res.status === 403 ? t("reports.forbidden") : t("reports.bad_range");
      body.replaceChildren();
      return;
    }
    const report = (await res.json()) as ReportDto;
    from.value = report.from;
    to.value = report.to;
    const query = `from=${report.from}&to=${report.to}`;
    history.replaceState(null, "", `?${query}`);
    csv.href = `/console/api/reports.csv?${query}`;
    exact.href = `/console/api/reports.csv?${query}&exact=1`;
    render(body, t, report, outcomeLabels);
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void load();
  });
  await load();
}

function render(
  body: HTMLElement,
  t: ReturnType<typeof translator>,
  r: ReportDto,
  outcomeLabels: Map<string, string>,
): void {
  const pct = (rate: number | null) => (rate === null ? "—" : `${Math.round(rate * 1000) / 10} %`);
  const summary = el("div", "summary");
  const screened = Object.values(r.screenings).reduce((sum, s) => sum + s.completed, 0);
  for (const [label, value] of [
    [t("reports.reached"), r.reached.total],
    [t("reports.screenings"), screened],
    [t("reports.handoffs"), r.handoffs.total],
    [t("reports.funnel").split(":")[0]!, r.referrals.total],
    [t("reports.supported_rate"), pct(r.referrals.supportedRate)],
  ] as const) {
    const card = el("div", "card");
    card.append(el("span", "value", String(value)), el("span", "label", label));
    summary.append(card);
  }

  const channelName = (c: string) => t(`reports.channels.${c}`);
  const weekly = weeks(r.days);
  const reachedChart = chartBox();
  const reached = section(
    t("reports.weekly_reached"),
    el("p", "note", t("reports.reached_note")),
    reachedChart.box,
    table(
      t("reports.weekly_reached"),
      ["", ...CHANNELS.map(channelName), t("reports.total")],
      weekly.map((w) => [
        t("reports.week_of", { day: w.start }),
        ...CHANNELS.map((c) => w.byChannel[c] ?? 0),
        CHANNELS.reduce((s, c) => s + (w.byChannel[c] ?? 0), 0),
      ]),
    ),
  );

  const levels = ["urgent", "high", "medium", "low", "none"];
  const riskChart = chartBox();
  const screenings = section(
    `${t("reports.screenings")} · ${t("reports.risk")}`,
    riskChart.box,
    table(
      t("reports.risk"),
      ["", ...RISKS.map((l) => t(`reports.levels.${l}`))],
      [[t("reports.total"), ...RISKS.map((l) => r.risk[l] ?? 0)]],
    ),
    table(
      t("reports.screenings"),
      ["", t("reports.total"), ...levels.map((l) => t(`reports.levels.${l}`))],
      [
        ["jobCheck", "job_check"],
        ["needHelp", "need_help"],
      ].map(([key, label]) => {
        const s = r.screenings[key!] ?? { completed: 0, byLevel: {} };
        return [t(`reports.${label}`), s.completed, ...levels.map((l) => s.byLevel[l] ?? 0)];
      }),
    ),
  );

  const handoffChart = chartBox();
  const handoffs = section(
    `${t("reports.handoffs")} · ${t("reports.waits")}`,
    handoffChart.box,
    table(
      t("reports.waits"),
      [t("reports.priority"), t("reports.handoffs"), t("reports.claimed"), "p50", "p90"],
      [
        ...PRIORITIES.map((p) => [
          t(`reports.priorities.${p}`),
          r.handoffs.byPriority[p] ?? 0,
          r.waits.byPriority[p]?.claimed ?? 0,
          seconds(r.waits.byPriority[p]?.p50 ?? null),
          seconds(r.waits.byPriority[p]?.p90 ?? null),
        ]),
        [
          t("reports.total"),
          r.handoffs.total,
          Object.values(r.waits.byPriority).reduce((s, w) => s + w.claimed, 0),
          seconds(r.waits.claimSeconds.p50),
          seconds(r.waits.claimSeconds.p90),
        ],
      ],
    ),
    el("p", "sla", `${t("reports.sla_breaches")}: ${r.waits.slaBreaches}`),
  );

  const outcomeIds = Object.keys(r.outcomes);
  const outcomeChart = chartBox();
  const outcomes = section(
    t("reports.outcomes"),
    ...(outcomeIds.length ? [outcomeChart.box] : [el("p", "note", t("reports.no_data"))]),
    table(
      t("reports.outcomes"),
      ["", t("reports.total")],
      outcomeIds.map((id) => [outcomeLabels.get(id) ?? id, r.outcomes[id] ?? 0]),
    ),
  );

  const funnelBox = chartBox();
  const f = r.referrals.funnel;
  const steps = [
    { label: t("referrals.statuses.referred"), count: f.referred },
    { label: t("referrals.statuses.contacted"), count: f.contacted },
    { label: t("referrals.statuses.supported"), count: f.supported },
  ];
  const targetLabel = t("reports.target", { rate: pct(r.referrals.target) });
  const funnel = section(
    t("reports.funnel"),
    funnelBox.box,
    el("p", "note", `${targetLabel} · ${t("reports.supported_rate")}: ${pct(r.referrals.supportedRate)}`),
    table(
      t("reports.funnel"),
      ["", t("reports.total"), "%"],
      steps.map((s) => [s.label, s.count, f.referred ? pct(s.count / f.referred) : "—"]),
    ),
    table(
      t("reports.by_kind"),
      ["", t("reports.total")],
      Object.entries(r.referrals.byKind).map(([kind, n]) => [t(`referrals.kinds.${kind}`), n]),
    ),
  );

  body.replaceChildren(summary, reached, screenings, handoffs, funnel, outcomes);
  barChart(
    reachedChart.canvas,
    weekly.map((w) => t("reports.week_of", { day: w.start })),
    CHANNELS.map((c) => ({ label: channelName(c), data: weekly.map((w) => w.byChannel[c] ?? 0) })),
    { stacked: true, title: t("reports.weekly_reached") },
  );
  barChart(
    riskChart.canvas,
    RISKS.map((l) => t(`reports.levels.${l}`)),
    [{ label: t("reports.risk"), data: RISKS.map((l) => r.risk[l] ?? 0) }],
    { title: t("reports.risk") },
  );
  barChart(
    handoffChart.canvas,
    PRIORITIES.map((p) => t(`reports.priorities.${p}`)),
    [
      { label: t("reports.handoffs"), data: PRIORITIES.map((p) => r.handoffs.byPriority[p] ?? 0) },
      { label: t("reports.claimed"), data: PRIORITIES.map((p) => r.waits.byPriority[p]?.claimed ?? 0) },
    ],
    { title: t("reports.handoffs") },
  );
  if (outcomeIds.length)
    barChart(
      outcomeChart.canvas,
      outcomeIds.map((id) => outcomeLabels.get(id) ?? id),
      [{ label: t("reports.outcomes"), data: outcomeIds.map((id) => r.outcomes[id] ?? 0) }],
      { horizontal: true, title: t("reports.outcomes") },
    );
  funnelChart(funnelBox.canvas, steps, { rate: r.referrals.target, label: targetLabel }, t("reports.funnel"));
}

void main();
