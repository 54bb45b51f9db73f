import { createHash, timingSafeEqual } from "node:crypto";

/**
 * True when the `X-Telegram-Bot-Api-Secret-Token` header equals the configured secret.
 * Both sides are hashed first so the comparison takes the same time whatever the length
 * of the guess, then compared in constant time.
 */
export function secretMatches(header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== "string" || header === "" || secret === "") return false;
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(header), digest(secret));
}
