import { createHmac, randomBytes } from "node:crypto";
import type { Staff } from "../handoff/roles.js";
import type { PublicCounselor } from "../shared/consoleDto.js";
import type { ConsoleSessionRepository } from "../store/consoleSessionRepository.js";
import type { CounselorRecord } from "../store/counselorRepository.js";

/** How long a console login lasts. */
export const SESSION_HOURS = 12;

export type { PublicCounselor };

export function publicCounselor(c: CounselorRecord): PublicCounselor {
  return {
    id: c.id,
    email: c.email,
    name: c.name,
    alias: c.alias,
    role: c.role,
    available: c.available,
    maxChats: c.maxChats,
    disabled: c.disabled,
  };
}

export function staffOf(c: CounselorRecord): Staff {
  return { id: c.id, role: c.role, alias: c.alias, maxChats: c.maxChats };
}

/**
 * Console sessions: the cookie holds a random value; the database keeps only its SHA-256, so
 * a copy of the database does not let anyone sign in.
 */
export class ConsoleSessions {
  constructor(
    private readonly repository: ConsoleSessionRepository,
    private readonly clock: () => Date,
    private readonly secret: Buffer,
  ) {}

  /** The stored id of a session: HMAC-SHA256(SESSION_SECRET, cookie), so a copied database holds no usable cookie. */
  private sessionId(cookieValue: string): string {
    return createHmac("sha256", this.secret).update(cookieValue).digest("hex");
  }

  async create(counselorId: string): Promise<{ cookieValue: string; csrfToken: string; expiresAt: Date }> {
    const cookieValue = randomBytes(32).toString("base64url");
    const csrfToken = randomBytes(24).toString("base64url");
    const expiresAt = new Date(this.clock().getTime() + SESSION_HOURS * 3_600_000);
    await this.repository.deleteExpiredOf(counselorId, this.clock());
    await this.repository.create({ id: this.sessionId(cookieValue), counselorId, csrfToken, expiresAt });
    return { cookieValue, csrfToken, expiresAt };
  }

  /** The live session and its counselor for a cookie value, or undefined (expired, disabled, unknown). */
  async lookup(cookieValue: string | undefined) {
    if (!cookieValue || cookieValue.length > 200) return undefined;
    const session = await this.repository.findWithCounselor(this.sessionId(cookieValue));
    if (!session || session.expiresAt <= this.clock() || session.counselor.disabled) return undefined;
    return session;
  }

  async destroy(cookieValue: string): Promise<void> {
    await this.repository.delete(this.sessionId(cookieValue));
  }
}
