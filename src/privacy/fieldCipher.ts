import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * AES-256-GCM encryption of single fields (message text, channel addresses).
 *
 * Format: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url). The key id lets an operator
 * rotate keys: new writes use the current key, reads find the key by id (see docs/privacy.md).
 */
export class FieldCipher {
  private readonly keys = new Map<string, Buffer>();
  private readonly currentId: string;

  /** @param current the key new values are written with; @param previous keys kept to read old values. */
  constructor(current: Buffer, previous: Buffer[] = []) {
    for (const key of [current, ...previous]) {
      if (key.length !== 32) throw new Error("FieldCipher keys must be 32 bytes");
      this.keys.set(FieldCipher.keyId(key), key);
    }
    this.currentId = FieldCipher.keyId(current);
  }

  /** A short, non-secret fingerprint of a key. */
  static keyId(key: Buffer): string {
    return createHash("sha256").update(key).digest("hex").slice(0, 8);
  }

  encrypt(plain: string): string {
    const key = this.keys.get(this.currentId)!;
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [
      "v1",
      this.currentId,
      iv.toString("base64url"),
      tag.toString("base64url"),
      ct.toString("base64url"),
    ].join(".");
  }

  decrypt(stored: string): string {
    const parts = stored.split(".");
    if (parts.length !== 5 || parts[0] !== "v1") throw new Error("not an encrypted field");
    const [, keyId, iv, tag, ct] = parts as [string, string, string, string, string];
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`no key with id ${keyId}: add it to DATA_KEY_PREVIOUS`);
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
  }

  /** Encrypts a value that may be absent. */
  seal(plain: string | null | undefined): string | null {
    return plain == null ? null : this.encrypt(plain);
  }

  /** Decrypts a value that may be absent. */
  open(stored: string | null | undefined): string | null {
    return stored == null ? null : this.decrypt(stored);
  }
}
