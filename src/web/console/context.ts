// What every console view is given: the API client, texts and the signed-in counselor.
import type { PublicCounselor, RiskSummary } from "../../shared/consoleDto.js";
import type { ConsoleApi } from "./api.js";
import { el, type Texts } from "./dom.js";

export interface ViewContext {
  api: ConsoleApi;
  lang: "vi" | "en";
  texts: Texts;
  outcomes: Array<{ id: string; label: string }>;
  /** Texts from locales/<lng>/console.json, with {{params}} filled. */
  t(key: string, params?: Record<string, string | number>): string;
  /** Risk indicators in the counselor's language. */
  indicatorsText(ids: string[]): string;
  /** The server's time now (ms): waits and "today" are measured on it, not on this PC's clock. */
  now(): number;
  me: PublicCounselor;
}

/** Priority, channel and risk badges of a queue entry or chat. */
export function badges(
  ctx: Pick<ViewContext, "t">,
  item: { priority: string | null; channel: string; risk: RiskSummary },
): HTMLElement[] {
  const priority = item.priority ?? "normal";
  return [
    el("span", `badge ${priority}`, ctx.t(`priority.${priority}`)),
    el("span", "badge", ctx.t(`channel.${item.channel}`)),
    el("span", "badge", `${ctx.t("risk.label")}: ${ctx.t(`risk.${item.risk.level}`)}`),
  ];
}

/** A `type="button"` button (never submits a form by accident). */
export function button(text: string, cls?: string): HTMLButtonElement {
  const b = el("button", cls, text);
  b.type = "button";
  return b;
}

/** Fired on `document` with `{serviceId}` to open the open chat's referral form with that service chosen. */
export const START_REFERRAL_EVENT = "referral:start";
