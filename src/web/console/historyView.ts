// History: closed conversations filtered by date, risk, outcome, channel and handle; read-only.
import type { ClosedConversationDto } from "../../shared/consoleDto.js";
import { badges, button, type ViewContext } from "./context.js";
import { el } from "./dom.js";
import { dayText } from "./timeText.js";

const RISKS = ["urgent", "high", "medium", "low", "none"];
const CHANNELS = ["webchat", "telegram", "zalo_oa", "zalo_bot"];

function field(label: string, input: HTMLElement): HTMLLabelElement {
  const l = el("label", undefined, label);
  l.append(input);
  return l;
}

function choice(ctx: ViewContext, name: string, options: Array<[string, string]>): HTMLSelectElement {
  const select = el("select");
  select.name = name;
  const any = el("option", undefined, ctx.t("history.any"));
  any.value = "";
  select.append(any);
  for (const [value, label] of options) {
    const option = el("option", undefined, label);
    option.value = value;
    select.append(option);
  }
  return select;
}

/** Renders the history search into `panel`; `open` shows one conversation (read-only when closed). */
export function renderHistory(panel: HTMLElement, ctx: ViewContext, open: (id: string) => void): void {
  const { t } = ctx;
  const form = el("form", "history-filters");
  const date = (name: string) => {
    const input = el("input");
    input.type = "date";
    input.name = name;
    return input;
  };
  const q = el("input");
  q.name = "q";
  q.maxLength = 40;
  const search = el("button", "primary", t("history.search"));
  search.type = "submit";
  form.append(
    field(t("history.from"), date("from")),
    field(t("history.to"), date("to")),
    field(
      t("history.risk"),
      choice(
        ctx,
        "risk",
        RISKS.map((r) => [r, t(`risk.${r}`)]),
      ),
    ),
    field(
      t("history.outcome"),
      choice(
        ctx,
        "outcome",
        ctx.outcomes.map((o) => [o.id, o.label]),
      ),
    ),
    field(
      t("history.channel"),
      choice(
        ctx,
        "channel",
        CHANNELS.map((c) => [c, t(`channel.${c}`)]),
      ),
    ),
    field(t("history.q"), q),
    search,
  );
  const list = el("ul", "list history");
  const more = button(t("history.more"));
  more.hidden = true;
  const error = el("p", "error");
  let cursor: string | null = null;

  const row = (c: ClosedConversationDto) => {
    const li = el("li");
    li.dataset.id = c.id;
    const openButton = button(c.handle, "handle");
    openButton.addEventListener("click", () => open(c.id));
    const outcome = ctx.outcomes.find((o) => o.id === c.outcome)?.label ?? c.outcome ?? "";
    li.append(
      openButton,
      ...badges(ctx, c),
      el("span", "badge", `${dayText(c.openedAt)} – ${dayText(c.closedAt)}`),
      el("span", "badge", outcome),
    );
    if (c.counselor) li.append(el("span", "badge", t("history.by", { alias: c.counselor.alias })));
    return li;
  };

  const load = async (append: boolean) => {
    const query = new URLSearchParams();
    for (const [k, v] of new FormData(form).entries())
      if (typeof v === "string" && v.trim()) query.set(k, v.trim());
    if (append && cursor) query.set("cursor", cursor);
    const res = await ctx.api.history(query);
    if (!res.ok) {
      error.textContent = res.status === 0 ? t("offline") : (res.error?.message ?? t("chat.error"));
      return;
    }
    error.textContent = "";
    cursor = res.value.nextCursor;
    more.hidden = cursor === null;
    const rows = res.value.conversations.map(row);
    if (append) list.append(...rows);
    else list.replaceChildren(...(rows.length ? rows : [el("li", undefined, t("history.empty"))]));
  };
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void load(false);
  });
  more.addEventListener("click", () => void load(true));
  panel.replaceChildren(el("h2", undefined, t("history.heading")), form, error, list, more);
  void load(false);
}
