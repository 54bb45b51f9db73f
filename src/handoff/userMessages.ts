import type { Whereabouts } from "../engine/places.js";
import {
  type Button,
  GLOBAL_CHOICES,
  type Locale,
  type OutMessage,
  type Priority,
  type Scalar,
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
  /** A counselor is marked available now: then the office-hours notice would contradict it. */
  counselorAvailable: boolean;
  timeZone: string;
  /** Where the person is: which number the call button and the lines give. */
  location: Whereabouts;
}

/** Where the person is, from a conversation's variables. */
export function whereaboutsOf(vars: Record<string, Scalar> | undefined): Whereabouts {
  const value = vars?.location;
  return value === "vietnam" || value === "abroad" ? value : "unknown";
}

/**
 * "Leave the queue" and, next to it, a call button for where the person is: 111 in Vietnam,
 * the citizen-protection line abroad, or the list of numbers when it is not known. The numbers
 * live in the locale files (data), not here.
 */
function queueButtons(t: Translate, locale: Locale, location: Whereabouts): Button[] {
  const phone = t(locale, `handoff:queue.call_phone_${location}`);
  return [
    { label: t(locale, "handoff:queue.cancel_button"), value: GLOBAL_CHOICES.cancel },
    {
      label: t(locale, `handoff:queue.call_button_${location}`),
      value: GLOBAL_CHOICES.call,
      ...(phone.trim() !== "" ? { phone } : {}),
    },
  ];
}

/**
 * The honest queue message, one chat bubble. When nobody is on duty the numbers to call come
 * first, then the place and when the next shift starts; otherwise the place, the estimate (or
 * plainly none) and, for urgent chats, the numbers. Never "soon" when nobody is there.
 */
export function queueMessage(t: Translate, locale: Locale, facts: QueueFacts): OutMessage {
  const params = { location: facts.location };
  const lines: string[] = [];
  const position = t(locale, "handoff:queue.position", { position: facts.position });
  if (!facts.office.open && !facts.counselorAvailable) {
    lines.push(
      t(locale, "common:call_lines", params),
      position,
      facts.office.reopensAt
        ? t(locale, "handoff:closed.back_at", {
            when: formatReopening(facts.office.reopensAt, locale, facts.timeZone),
          })
        : t(locale, "handoff:closed.back_unknown"),
      t(locale, "handoff:closed.leave_message"),
    );
  } else {
    lines.push(
      position,
      facts.estimate.kind === "minutes"
        ? t(locale, "handoff:queue.estimate", { minutes: facts.estimate.minutes })
        : t(locale, "handoff:queue.no_estimate"),
    );
    if (facts.priority === "urgent") lines.push(t(locale, "common:call_lines", params));
  }
  lines.push(t(locale, "handoff:queue.cancel_hint"));
  return { text: lines.join("\n"), buttons: queueButtons(t, locale, facts.location) };
}

/** A later update of the place in the queue (sent only when it changed meaningfully). */
export function queueUpdate(
  t: Translate,
  locale: Locale,
  position: number,
  estimate: WaitEstimate,
  location: Whereabouts = "unknown",
): OutMessage {
  const lines = [
    position === 1 ? t(locale, "handoff:queue.next") : t(locale, "handoff:queue.update", { position }),
  ];
  if (position > 1 && estimate.kind === "minutes")
    lines.push(t(locale, "handoff:queue.estimate", { minutes: estimate.minutes }));
  return { text: lines.join("\n"), buttons: queueButtons(t, locale, location) };
}

/** The answer to a message written while waiting: kept for the counselor, place repeated. */
export function messageKept(
  t: Translate,
  locale: Locale,
  position: number,
  location: Whereabouts = "unknown",
): OutMessage {
  return {
    text: t(locale, "handoff:queue.message_kept", { position }),
    buttons: queueButtons(t, locale, location),
  };
}
