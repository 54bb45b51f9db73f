// Referrals in the console: "Chuyển tuyến / Refer" in a chat the counselor holds (service, the
// person's consent, note, follow-up date), and the list of referrals due with their status
// changes. The person gets the service's details from the server, on their own channel.
import { type ChatSectionContext, registerChatSection } from "./chatView.js";
import { button, START_REFERRAL_EVENT, type ViewContext } from "./context.js";
import { el } from "./dom.js";
import { addDays, referralTexts, todayInVietnam, translator } from "./referralTexts.js";

interface ServiceItem {
  id: string;
  name: string;
  kind: string;
  province?: string;
}

interface DueReferral {
  id: string;
  serviceName: string;
  serviceKind: string;
  status: string;
  next: string[];
  followUpOn: string | null;
  handle: string | null;
  conversationStatus: string | null;
  notes: Array<{ text: string; at: string }>;
}

/** Fired on `document` when a referral was made or moved, so the due list reloads. */
const CHANGED = "referrals:changed";
/** Today as the server counts it (Asia/Ho_Chi_Minh), from the last due list; until then, by the server's clock. */
let serverToday: string | undefined;
const today = (ctx: Pick<ViewContext, "now">) => serverToday ?? todayInVietnam(new Date(ctx.now()));
/** The due list on the page now (the shell is re-rendered on language and availability changes). */
let redrawDue: (() => void) | undefined;
document.addEventListener(CHANGED, () => redrawDue?.());

/** Opens the referral form of the chat on screen with a service chosen (set by the latest section). */
let openReferral: ((serviceId: string) => void) | undefined;

// A referral started elsewhere ("Chuyển tuyến: …" in the suggestions): the form opens with the
// service chosen, at the consent box.
document.addEventListener(START_REFERRAL_EVENT, (e) => {
  const serviceId = (e as CustomEvent<{ serviceId?: unknown }>).detail?.serviceId;
  if (typeof serviceId === "string") openReferral?.(serviceId);
});

/** The "Chuyển tuyến" section of a chat the signed-in counselor holds. */
export function referralSection(ctx: ChatSectionContext): HTMLElement | undefined {
  openReferral = undefined;
  if (!ctx.mine || ctx.detail.status !== "active") return undefined;
  const box = el("div", "referral");
  let pending: string | undefined;
  openReferral = (serviceId) => {
    pending = serviceId;
  };
  void referralTexts(ctx.lang).then((texts) => {
    const t = translator(texts);
    const open = button(t("referrals.refer"));
    open.setAttribute("aria-expanded", "false");
    const form = referralForm(ctx, t, () => {
      form.hidden = true;
      open.setAttribute("aria-expanded", "false");
      open.focus();
    });
    form.hidden = true;
    open.addEventListener("click", () => {
      form.hidden = !form.hidden;
      open.setAttribute("aria-expanded", String(!form.hidden));
      if (!form.hidden) form.querySelector("select")?.focus();
    });
    box.replaceChildren(open, form);
    const choose = (serviceId: string) => {
      form.hidden = false;
      open.setAttribute("aria-expanded", "true");
      void (form as ReferralForm).choose(serviceId);
    };
    openReferral = choose;
    if (pending) choose(pending);
  });
  return box;
}

/** The referral form, which can be opened with a service chosen. */
type ReferralForm = HTMLFormElement & { choose(serviceId: string): Promise<void> };

function referralForm(
  ctx: ChatSectionContext,
  t: ReturnType<typeof translator>,
  done: () => void,
): HTMLFormElement {
  const form = el("form", "referral-form");
  form.noValidate = true;
  form.append(el("h3", undefined, t("referrals.refer_title")));

  const service = el("select");
  service.id = `referral-service-${ctx.detail.id}`;
  service.required = true;
  service.append(el("option", undefined, t("referrals.choose_service")));
  service.options[0]!.value = "";
  const loaded = ctx.api
    .call<{ services: ServiceItem[] }>("GET", `/console/api/services?lang=${ctx.lang}`)
    .then((res) => {
      if (!res.ok) return;
      const groups = new Map<string, HTMLOptGroupElement>();
      for (const s of res.value.services) {
        let group = groups.get(s.kind);
        if (!group) {
          group = el("optgroup");
          group.label = t(`referrals.kinds.${s.kind}`);
          groups.set(s.kind, group);
          service.append(group);
        }
        const option = el("option", undefined, s.province ? `${s.name} (${s.province})` : s.name);
        option.value = s.id;
        group.append(option);
      }
    });
  const serviceLabel = el("label", undefined, t("referrals.service"));
  serviceLabel.htmlFor = service.id;

  const consent = el("input");
  consent.type = "checkbox";
  consent.required = true;
  consent.id = `referral-consent-${ctx.detail.id}`;
  const consentLabel = el("label", "consent");
  consentLabel.htmlFor = consent.id;
  consentLabel.append(consent, document.createTextNode(` ${t("referrals.consent")}`));
  const hint = el("p", "hint", t("referrals.consent_hint"));

  const note = el("textarea");
  note.maxLength = 2000;
  note.id = `referral-note-${ctx.detail.id}`;
  const noteLabel = el("label", undefined, t("referrals.note"));
  noteLabel.htmlFor = note.id;

  const followUp = el("input");
  followUp.type = "date";
  followUp.id = `referral-date-${ctx.detail.id}`;
  followUp.min = today(ctx);
  followUp.value = addDays(today(ctx), 7);
  const followUpLabel = el("label", undefined, t("referrals.follow_up"));
  followUpLabel.htmlFor = followUp.id;

  const error = el("p", "error");
  error.setAttribute("role", "alert");
  const save = el("button", "primary", t("referrals.save"));
  save.type = "submit";
  const cancel = button(t("referrals.cancel"));
  cancel.addEventListener("click", done);
  const actions = el("div", "row");
  actions.append(save, cancel);

  form.append(
    serviceLabel,
    service,
    consentLabel,
    hint,
    noteLabel,
    note,
    followUpLabel,
    followUp,
    error,
    actions,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    if (!service.value) {
      error.textContent = t("referrals.errors.service");
      service.focus();
      return;
    }
    if (!consent.checked) {
      error.textContent = t("referrals.errors.consent");
      consent.focus();
      return;
    }
    save.disabled = true;
    const res = await ctx.api.call<{ referral: { id: string } }>(
      "POST",
      `/console/api/conversations/${ctx.detail.id}/referrals`,
      {
        serviceId: service.value,
        consent: true,
        ...(note.value.trim() ? { note: note.value.trim() } : {}),
        ...(followUp.value ? { followUpOn: followUp.value } : {}),
      },
    );
    save.disabled = false;
    if (!res.ok) {
      error.textContent = res.error?.message ?? ctx.t("chat.error");
      return;
    }
    form.reset();
    followUp.value = addDays(today(ctx), 7);
    ctx.notice(t("referrals.saved"));
    document.dispatchEvent(new CustomEvent(CHANGED));
    done();
  });
  (form as ReferralForm).choose = async (serviceId) => {
    await loaded;
    service.value = serviceId;
    form.scrollIntoView({ block: "nearest" });
    consent.focus();
  };
  return form;
}

/** The referrals due for follow-up (today, overdue, all), each with its possible next statuses. */
export function dueReferralsPanel(ctx: ViewContext): HTMLElement {
  const panel = el("div", "due-referrals");
  let filter: "today" | "overdue" | "all" = "today";
  const list = el("ul", "list");
  const tabs = el("div", "row tabs");
  let t = translator({});

  const draw = async () => {
    const res = await ctx.api.call<{ today: string; referrals: DueReferral[] }>(
      "GET",
      `/console/api/referrals?due=${filter}&lang=${ctx.lang}`,
    );
    if (!res.ok) return;
    serverToday = res.value.today;
    const items = res.value.referrals;
    if (items.length === 0) {
      list.replaceChildren(el("li", undefined, t("referrals.none_due")));
      return;
    }
    list.replaceChildren(...items.map((r) => dueItem(ctx, t, r, () => void draw())));
  };

  void referralTexts(ctx.lang).then((texts) => {
    t = translator(texts);
    const heading = el("h2", undefined, t("referrals.due_title"));
    const buttons = (["today", "overdue", "all"] as const).map((f) => {
      const b = button(t(`referrals.due_${f}`));
      b.setAttribute("aria-pressed", String(f === filter));
      b.addEventListener("click", () => {
        filter = f;
        for (const other of buttons) other.setAttribute("aria-pressed", String(other === b));
        void draw();
      });
      return b;
    });
    tabs.replaceChildren(...buttons);
    const parts: HTMLElement[] = [heading, tabs, list];
    if (ctx.me.role !== "counselor") {
      const link = el("a", "reports-link", t("reports.title"));
      link.href = "/console/reports";
      parts.push(link);
    }
    panel.replaceChildren(...parts);
    void draw();
  });
  redrawDue = () => void draw();
  return panel;
}

function dueItem(
  ctx: ViewContext,
  t: ReturnType<typeof translator>,
  r: DueReferral,
  redraw: () => void,
): HTMLElement {
  const li = el("li", "referral-item");
  li.dataset.id = r.id;
  li.append(
    el("span", "handle", r.handle ?? t("referrals.erased")),
    el("span", undefined, r.serviceName),
    el("span", `badge status-${r.status}`, t(`referrals.statuses.${r.status}`)),
  );
  if (r.followUpOn) li.append(el("span", "badge", `${t("referrals.due_on")}: ${r.followUpOn}`));
  for (const n of r.notes) li.append(el("span", "indicators", n.text));
  if (r.next.length > 0) {
    const note = el("input");
    note.placeholder = t("referrals.status_note");
    note.setAttribute("aria-label", t("referrals.status_note"));
    note.maxLength = 2000;
    const row = el("div", "row");
    row.append(el("span", undefined, `${t("referrals.move_to")}:`));
    for (const status of r.next) {
      const b = button(t(`referrals.statuses.${status}`), status === "supported" ? "primary" : undefined);
      b.addEventListener("click", async () => {
        b.disabled = true;
        const res = await ctx.api.call("PATCH", `/console/api/referrals/${r.id}`, {
          status,
          ...(note.value.trim() ? { note: note.value.trim() } : {}),
        });
        b.disabled = false;
        if (res.ok) redraw();
        else li.append(el("span", "error", res.error?.message ?? ctx.t("chat.error")));
      });
      row.append(b);
    }
    li.append(note, row);
  }
  return li;
}

registerChatSection(referralSection);
