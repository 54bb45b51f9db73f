import type { ChatMessage } from "../../../conversation/types.js";
import { splitText } from "../../splitText.js";
import { numberedChoices } from "../shared/numberedChoices.js";
import { canCarry, toButtonPayload } from "./choicePayload.js";

/**
 * Limits of the OA "cs" message as we apply them. Not verified against Zalo's live
 * documentation here (see docs/zalo.md): 2,000 characters of text (Zalo answers -210 above),
 * at most 5 buttons, button titles of at most 100 characters.
 */
export const OA_LIMITS = { text: 2000, buttons: 5, title: 100 } as const;

export type OaButton =
  | { title: string; type: "oa.query.show"; payload: string }
  /** Opens the phone's dialler (CONTENT.md: `oa.open.phone`); the number travels as digits. */
  | { title: string; type: "oa.open.phone"; payload: { phone_code: string } };

/** The `message` object of `POST /v3.0/oa/message/cs`. */
export interface OaMessage {
  text: string;
  attachment?: { type: "template"; payload: { buttons: OaButton[] } };
}

/**
 * Turns one of our messages into the OA messages that carry it: long text is split, and the
 * options become `oa.query.show` buttons on the last part (`oa.open.phone` for a button with a
 * number to dial), or numbered lines when they do
 * not fit (too many, titles too long, values that cannot travel as a payload).
 *
 * @param hint the translated "type the number" line used for numbered options
 */
export function toOaMessages(message: Pick<ChatMessage, "text" | "buttons">, hint: string): OaMessage[] {
  const buttons = message.buttons ?? [];
  const fits =
    buttons.length <= OA_LIMITS.buttons &&
    buttons.every((b) => b.label.trim() !== "" && b.label.length <= OA_LIMITS.title && canCarry(b.value));
  if (buttons.length === 0 || !fits) {
    const text = numberedChoices(message.text, buttons, hint);
    return splitText(text, OA_LIMITS.text).map((part) => ({ text: part }));
  }
  const parts: OaMessage[] = splitText(message.text, OA_LIMITS.text).map((part) => ({ text: part }));
  const last = parts[parts.length - 1]!;
  last.attachment = {
    type: "template",
    payload: {
      buttons: buttons.map(
        (b): OaButton =>
          b.phone
            ? {
                title: b.label,
                type: "oa.open.phone",
                payload: { phone_code: b.phone.replace(/[^\d]/g, "") },
              }
            : { title: b.label, type: "oa.query.show", payload: toButtonPayload(b.value) },
      ),
    },
  };
  return parts;
}
