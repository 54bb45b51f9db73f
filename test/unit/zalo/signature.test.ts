import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { oaSignature, verifyOaSignature } from "../../../src/channels/zalo/oa/signature.js";

const appId = "4321";
const secret = "oa-secret";
const raw = Buffer.from(
  '{"event_name":"user_send_text","timestamp":"1700000000000","message":{"text":"Chào"}}',
);
const ts = "1700000000000";
// Computed by hand from the documented recipe, not with the code under test.
const expected = `mac=${createHash("sha256")
  .update(`${appId}${raw.toString("utf8")}${ts}${secret}`)
  .digest("hex")}`;

describe("OA webhook signature", () => {
  it("when computed, then it is mac= + sha256 hex of app id + raw body + timestamp + OA secret key", () => {
    expect(oaSignature(appId, raw, ts, secret)).toBe(expected);
  });

  it("when the header matches, then it verifies, whatever the case of the hex", () => {
    expect(verifyOaSignature(expected, appId, raw, ts, secret)).toBe(true);
    expect(verifyOaSignature(expected.toUpperCase().replace("MAC=", "mac="), appId, raw, ts, secret)).toBe(
      true,
    );
  });

  it("when anything differs (body byte, timestamp, key, app id, missing header), then it does not verify", () => {
    const other = Buffer.from(raw);
    other[other.length - 3] = 0x61;
    expect(verifyOaSignature(expected, appId, other, ts, secret)).toBe(false);
    expect(verifyOaSignature(expected, appId, raw, "1700000000001", secret)).toBe(false);
    expect(verifyOaSignature(expected, appId, raw, ts, "app-secret-instead")).toBe(false);
    expect(verifyOaSignature(expected, "9999", raw, ts, secret)).toBe(false);
    expect(verifyOaSignature(undefined, appId, raw, ts, secret)).toBe(false);
    expect(verifyOaSignature(expected.slice(4), appId, raw, ts, secret)).toBe(false);
  });
});
