import { createHmac } from "node:crypto";

/** Keyed pseudonym of a channel user: HMAC-SHA256(key, channel + ":" + user id), hex. */
export function pseudonymFor(key: Buffer, channel: string, channelUserId: string): string {
  return createHmac("sha256", key).update(`${channel}:${channelUserId}`).digest("hex");
}

/** Short handle staff see, e.g. "Khách 7F3A": derived from the pseudonym, never from the person. */
export function handleFor(pseudonym: string): string {
  return `Khách ${pseudonym.slice(0, 4).toUpperCase()}`;
}
