// The two lists beside the chat: the queue (waiting chats) and "my chats" (chats in progress).
import type { HeldConversation, QueueEntry } from "../../shared/consoleDto.js";
import { badges, button, type ViewContext } from "./context.js";
import { el } from "./dom.js";
import { waitText } from "./waitText.js";

export interface ListActions {
  open(id: string): void;
  claim(id: string): void;
}

/** What the page knows about a chat beyond the server's list: unread messages, an unanswered wait. */
export interface ChatMarks {
  unread: number;
  /** How long the person has waited for an answer (held chats, ms on the server's clock), if they wrote last. */
  awaitingMs?: number;
  /** Urgent and unanswered past URGENT_SLA_SECONDS. */
  overdue: boolean;
}
export type MarksOf = (id: string) => ChatMarks;

function unreadBadge(ctx: ViewContext, unread: number): HTMLElement[] {
  if (unread === 0) return [];
  const badge = el("span", "badge unread", String(unread));
  badge.setAttribute("aria-label", ctx.t("mine.unread", { count: unread }));
  badge.title = ctx.t("mine.unread", { count: unread });
  return [badge];
}

/** The waiting chats in queue order, each with a preview button and "Nhận". */
export function renderQueue(
  list: HTMLElement,
  ctx: ViewContext,
  items: QueueEntry[],
  /** `now`: the server's time (ms), so a PC whose clock is off still shows the right wait. */
  state: { openId: string | undefined; now: number; marks: MarksOf },
  actions: ListActions,
): void {
  if (items.length === 0) {
    list.replaceChildren(el("li", undefined, ctx.t("queue.empty")));
    return;
  }
  list.replaceChildren(
    ...items.map((item) => {
      const li = el("li");
      li.dataset.id = item.id;
      if (item.id === state.openId) li.classList.add("selected");
      const wait = waitText(state.now - Date.parse(item.waitingSince), ctx.t);
      const open = button(item.handle, "handle");
      open.addEventListener("click", () => actions.open(item.id));
      const claim = button(ctx.t("queue.claim"), "primary");
      claim.addEventListener("click", () => actions.claim(item.id));
      li.append(
        open,
        ...unreadBadge(ctx, state.marks(item.id).unread),
        ...badges(ctx, item),
        el("span", "badge", ctx.t("queue.waited", { wait })),
        claim,
      );
      if (item.risk.indicators.length)
        li.append(
          el(
            "span",
            "indicators",
            `${ctx.t("chat.indicators")}: ${ctx.indicatorsText(item.risk.indicators)}`,
          ),
        );
      return li;
    }),
  );
}

/** The chats in progress this counselor holds (supervisors: all). */
export function renderHeld(
  list: HTMLElement,
  ctx: ViewContext,
  items: HeldConversation[],
  state: { openId: string | undefined; marks: MarksOf },
  actions: ListActions,
): void {
  if (items.length === 0) {
    list.replaceChildren(el("li", undefined, ctx.t("mine.empty")));
    return;
  }
  list.replaceChildren(
    ...items.map((c) => {
      const li = el("li");
      li.dataset.id = c.id;
      if (c.id === state.openId) li.classList.add("selected");
      const open = button(c.handle, "handle");
      open.addEventListener("click", () => actions.open(c.id));
      const marks = state.marks(c.id);
      if (marks.overdue) li.classList.add("overdue");
      li.append(open, ...unreadBadge(ctx, marks.unread), ...badges(ctx, c));
      if (marks.awaitingMs !== undefined)
        li.append(
          el(
            "span",
            marks.overdue ? "badge awaiting overdue" : "badge awaiting",
            ctx.t("mine.awaiting", { wait: waitText(marks.awaitingMs, ctx.t) }),
          ),
        );
      return li;
    }),
  );
}
