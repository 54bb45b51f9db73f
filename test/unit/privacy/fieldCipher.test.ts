import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CipherError, FieldCipher } from "../../../src/privacy/fieldCipher.js";

describe("FieldCipher errors", () => {
  const key = randomBytes(32);
  const cipher = new FieldCipher(key);

  it("when a field is encrypted and decrypted, then the text comes back", () => {
    expect(cipher.decrypt(cipher.encrypt("chị ơi"))).toBe("chị ơi");
  });

  it("when a thousand fields are encrypted, then no two share an IV and each decrypts", () => {
    const values = Array.from({ length: 1000 }, (_, i) => `tin nhắn ${i}`);
    const sealed = values.map((v) => cipher.encrypt(v));
    const ivs = sealed.map((s) => s.split(".")[2]!);
    expect(ivs.every((iv) => Buffer.from(iv, "base64url").length === 12)).toBe(true);
    expect(new Set(ivs).size).toBe(1000);
    expect(sealed.map((s) => cipher.decrypt(s))).toEqual(values);
  });

  it("when a field was written with a previous key, then a cipher holding it as previous reads it", () => {
    const old = randomBytes(32);
    const sealed = new FieldCipher(old).encrypt("chị ơi");
    expect(new FieldCipher(randomBytes(32), [old]).decrypt(sealed)).toBe("chị ơi");
  });

  it("when a key is not 32 bytes, then a CipherError says so", () => {
    expect(() => new FieldCipher(randomBytes(16))).toThrow(CipherError);
    expect(() => new FieldCipher(randomBytes(16))).toThrow(/32 bytes/);
  });

  it("when the value is not an encrypted field, then a CipherError, not a guess", () => {
    expect(() => cipher.decrypt("plain text")).toThrow(CipherError);
  });

  it("when the key id is not configured, then a CipherError tells the operator to add it to DATA_KEY_PREVIOUS", () => {
    const other = new FieldCipher(randomBytes(32)).encrypt("x");
    expect(() => cipher.decrypt(other)).toThrow(CipherError);
    expect(() => cipher.decrypt(other)).toThrow(/DATA_KEY_PREVIOUS/);
  });

  it("when a stored value was altered, then a CipherError (the authentication tag fails)", () => {
    const parts = cipher.encrypt("một tin nhắn dài hơn").split(".");
    const ct = Buffer.from(parts[4]!, "base64url");
    ct[0] = ct[0]! ^ 1;
    parts[4] = ct.toString("base64url");
    const altered = parts.join(".");
    expect(() => cipher.decrypt(altered)).toThrow(CipherError);
    expect(() => cipher.decrypt(altered)).toThrow(/does not decrypt/);
  });
});
