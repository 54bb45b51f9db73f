import {
  GLOBAL_CHOICES,
  type Locale,
  type OutMessage,
  type Priority,
  type Translate,
} from "../engine/types.js";
import { formatReopening, type OfficeStatus } from "./officeHours.js";
import type { WaitEstimate } from "./waitEstimate.js";

/** Everything the "you are in the queue" message depends on. */
export interface QueueFacts {
  position: number;
  estimate: WaitEstimate;
  priority: Priority;
  office: OfficeStatus;
  timeZone: string;
}

function cancelButton(t: Translate, locale: Locale) {
  return [{ label: t(locale, "handoff:queue.cancel_button"), value: GLOBAL_CHOICES.cancel }];
}

/**
 * The honest queue message, one chat bubble: place, estimate (or plainly none), the office
 * hours when closed, hotlines for urgent chats, and a button to leave the queue.
 */
export function queueMessage(t: Translate, locale: Locale, facts: QueueFacts): OutMessage {
  const lines: string[] = [t(locale, "handoff:queue.position", { position: facts.position })];
  if (!facts.office.open) {
    lines.push(
      facts.office.reopensAt
        ? t(locale, "handoff:closed.back_at", {
            when: formatReopening(facts.office.reopensAt, locale, facts.timeZone),
          })
        : t(locale, "handoff:closed.back_unknown"),
      t(locale, "handoff:closed.leave_message"),
      t(locale, "handoff:closed.call_111"),
    );
  } else {
    lines.push(
      facts.estimate.kind === "minutes"
        ? t(locale, "handoff:queue.estimate", { minutes: facts.estimate.minutes })
        : t(locale, "handoff:queue.no_estimate"),
    );
    if (facts.priority === "urgent") lines.push(t(locale, "handoff:queue.urgent"));
  }
  lines.push(t(locale, "handoff:queue.cancel_hint"));
  return { text: lines.join("\n"), buttons: cancelButton(t, locale) };
}

/** A later update of the place in the queue (sent only when it changed meaningfully). */
export function queueUpdate(
  t: Translate,
  locale: Locale,
  position: number,
  estimate: WaitEstimate,
): OutMessage {
  const lines = [
    position === 1 ? t(locale, "handoff:queue.next") : t(locale, "handoff:queue.update", { position }),
  ];
  if (position > 1 && estimate.kind === "minutes")
    lines.push(t(locale, "handoff:queue.estimate", { minutes: estimate.minutes }));
  return { text: lines.join("\n"), buttons: cancelButton(t, locale) };
}

/** The answer to a message written while waiting: kept for the counselor, place repeated. */
export function messageKept(t: Translate, locale: Locale, position: number): OutMessage {
  return { text: t(locale, "handoff:queue.message_kept", { position }), buttons: cancelButton(t, locale) };
}
