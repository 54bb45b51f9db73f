// The two lists beside the chat: the queue (waiting chats) and "my chats" (chats in progress).
import type { HeldConversation, QueueEntry } from "../../shared/consoleDto.js";
import { badges, button, type ViewContext } from "./context.js";
import { el } from "./dom.js";

export interface ListActions {
  open(id: string): void;
  claim(id: string): void;
}

/** The waiting chats in queue order, each with a preview button and "Nhận". */
export function renderQueue(
  list: HTMLElement,
  ctx: ViewContext,
  items: QueueEntry[],
  state: { openId: string | undefined; now: number },
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
      const minutes = Math.max(0, Math.floor((state.now - Date.parse(item.waitingSince)) / 60_000));
      const open = button(item.handle, "handle");
      open.addEventListener("click", () => actions.open(item.id));
      const claim = button(ctx.t("queue.claim"), "primary");
      claim.addEventListener("click", () => actions.claim(item.id));
      li.append(open, ...badges(ctx, item), el("span", "badge", ctx.t("queue.waited", { minutes })), claim);
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
  state: { openId: string | undefined },
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
      li.append(open, ...badges(ctx, c));
      return li;
    }),
  );
}
