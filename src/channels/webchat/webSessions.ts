import { createHash, randomBytes } from "node:crypto";
import type { Locale } from "../../engine/types.js";
import { secretsEqual } from "../../privacy/secretsEqual.js";
import type { WebSessionRepository } from "../../store/webSessionRepository.js";

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Anonymous web chat sessions: a random id and bearer token; only the token's hash is stored. */
export class WebSessions {
  constructor(
    private readonly repository: WebSessionRepository,
    private readonly contactIdFor: (sessionId: string, locale: Locale) => Promise<string>,
  ) {}

  async create(locale: Locale): Promise<{ sessionId: string; token: string; contactId: string }> {
    const sessionId = randomBytes(16).toString("base64url");
    const token = randomBytes(32).toString("base64url");
    const contactId = await this.contactIdFor(sessionId, locale);
    await this.repository.create({ id: sessionId, tokenHash: hashToken(token), contactId });
    return { sessionId, token, contactId };
  }

  /** The session's contact id when the token matches, else undefined (unknown id or wrong token). */
  async verify(sessionId: string, token: string): Promise<string | undefined> {
    const session = await this.repository.find(sessionId);
    if (!session) return undefined;
    return secretsEqual(hashToken(token), session.tokenHash) ? session.contactId : undefined;
  }
}
