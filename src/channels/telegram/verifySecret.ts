import { secretsEqual } from "../../privacy/secretsEqual.js";

/**
 * True when the `X-Telegram-Bot-Api-Secret-Token` header equals the configured secret.
 * Compared in constant time (secretsEqual).
 */
export function secretMatches(header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== "string" || header === "" || secret === "") return false;
  return secretsEqual(header, secret);
}
