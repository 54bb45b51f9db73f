import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createSecretKey,
  type KeyObject,
  randomFillSync,
} from "node:crypto";

const IV_BYTES = 12;

// Random IVs drawn 4 KiB at a time (341 IVs per call into the random generator): one
// randomBytes(12) per field cost a third of an encryption. Every IV is taken once, in order,
// and the pool is refilled before it runs out, so none is ever reused.
const ivPool = Buffer.alloc(IV_BYTES * 341);
let ivOffset = ivPool.length;

/** 12 fresh random bytes, valid until the next call (encrypt uses them at once). */
function freshIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    randomFillSync(ivPool);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}

/**
 * A field cannot be encrypted or decrypted: a key of the wrong size, a value that is not an
 * encrypted field, a key id that is not configured, or a value altered or written with
 * another key. Never read past: a value that does not decrypt is not guessed at.
 */
export class CipherError extends Error {
  override name = "CipherError";
}

/**
 * AES-256-GCM encryption of single fields (message text, channel addresses).
 *
 * Format: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url). The key id lets an operator
 * rotate keys: new writes use the current key, reads find the key by id (see docs/privacy.md).
 */
export class FieldCipher {
  /** Imported once: a raw key passed to createCipheriv is imported again on every call. */
  private readonly keys = new Map<string, KeyObject>();
  private readonly currentId: string;

  /** @param current the key new values are written with; @param previous keys kept to read old values. */
  constructor(current: Buffer, previous: Buffer[] = []) {
    for (const key of [current, ...previous]) {
      if (key.length !== 32) throw new CipherError("FieldCipher keys must be 32 bytes");
      this.keys.set(FieldCipher.keyId(key), createSecretKey(key));
    }
    this.currentId = FieldCipher.keyId(current);
  }

  /** A short, non-secret fingerprint of a key. */
  static keyId(key: Buffer): string {
    return createHash("sha256").update(key).digest("hex").slice(0, 8);
  }

  encrypt(plain: string): string {
    const key = this.keys.get(this.currentId)!;
    const iv = freshIv();
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
    if (parts.length !== 5 || parts[0] !== "v1") throw new CipherError("not an encrypted field");
    const [, keyId, iv, tag, ct] = parts as [string, string, string, string, string];
    const key = this.keys.get(keyId);
    if (!key) throw new CipherError(`no key with id ${keyId}: add it to DATA_KEY_PREVIOUS`);
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    try {
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString(
        "utf8",
      );
    } catch (err) {
      // GCM's authentication failed: the value was altered, or written with another key of the same id.
      throw new CipherError(`field with key id ${keyId} does not decrypt (altered or wrong key)`, {
        cause: err,
      });
    }
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
