import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Locale } from "../../engine/types.js";
import type { PrismaClient } from "../../store/prisma.js";

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Anonymous web chat sessions: a random id and bearer token; only the token's hash is stored. */
export class WebSessions {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly contactIdFor: (sessionId: string, locale: Locale) => Promise<string>,
  ) {}

  async create(locale: Locale): Promise<{ sessionId: string; token: string; contactId: string }> {
    const sessionId = randomBytes(16).toString("base64url");
    const token = randomBytes(32).toString("base64url");
    const contactId = await this.contactIdFor(sessionId, locale);
    await this.prisma.webSession.create({ data: { id: sessionId, tokenHash: hashToken(token), contactId } });
    return { sessionId, token, contactId };
  }

  /** The session's contact id when the token matches, else undefined (unknown id or wrong token). */
  async verify(sessionId: string, token: string): Promise<string | undefined> {
    const session = await this.prisma.webSession.findUnique({ where: { id: sessionId } });
    if (!session) return undefined;
    const a = Buffer.from(session.tokenHash, "hex");
    const b = Buffer.from(hashToken(token), "hex");
    return a.length === b.length && timingSafeEqual(a, b) ? session.contactId : undefined;
  }
}
