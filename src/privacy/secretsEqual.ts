import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Compares a received secret (token, signature, webhook secret, CSRF token) with the expected
 * one in constant time. Both sides are hashed first, so neither the content nor the length of
 * the expected value leaks through timing; `crypto.timingSafeEqual` compares the digests.
 * The one comparison of secrets in the project: never compare them with `===`.
 */
export function secretsEqual(received: string, expected: string): boolean {
  const a = createHash("sha256").update(received, "utf8").digest();
  const b = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(a, b);
}
