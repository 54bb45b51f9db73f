import { createHash } from "node:crypto";
import { secretsEqual } from "../../../privacy/secretsEqual.js";

/**
 * The `X-ZEvent-Signature` Zalo puts on an OA webhook call, as `mac=<hex>`:
 * sha256 of app id + raw body + the event's timestamp + the OA secret key (not the app secret).
 */
export function oaSignature(appId: string, rawBody: Buffer, timestamp: string, oaSecretKey: string): string {
  const mac = createHash("sha256")
    .update(appId, "utf8")
    .update(rawBody)
    .update(timestamp, "utf8")
    .update(oaSecretKey, "utf8")
    .digest("hex");
  return `mac=${mac}`;
}

/** True when `header` is the right signature for this raw body; compared in constant time. */
export function verifyOaSignature(
  header: string | undefined,
  appId: string,
  rawBody: Buffer,
  timestamp: string,
  oaSecretKey: string,
): boolean {
  if (!header) return false;
  return secretsEqual(header.trim().toLowerCase(), oaSignature(appId, rawBody, timestamp, oaSecretKey));
}
