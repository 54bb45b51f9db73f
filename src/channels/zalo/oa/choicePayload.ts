/**
 * A pressed `oa.query.show` button comes back to the webhook as an ordinary `user_send_text`
 * event whose text is the button's payload (and the user sees that text in the chat).
 * We mark payloads with a leading "#" so that a button press is recognised as a choice
 * rather than free text; button values are short machine words such as `job_check`.
 */
const PAYLOAD = /^#([A-Za-z0-9_.:-]{1,64})$/;

/** The payload for a button whose choice value is `value`. */
export function toButtonPayload(value: string): string {
  return `#${value}`;
}

/** The choice value a text carries when it is one of our button payloads, else undefined. */
export function fromButtonPayload(text: string): string | undefined {
  return PAYLOAD.exec(text.trim())?.[1];
}

/** True when every value can travel as a payload (else the buttons fall back to numbered text). */
export function canCarry(value: string): boolean {
  return PAYLOAD.test(toButtonPayload(value));
}
