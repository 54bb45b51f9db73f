import type { PrismaClient } from "./prisma.js";

/** An anonymous web chat session as stored: only the bearer token's hash is kept. */
export interface WebSessionRecord {
  id: string;
  tokenHash: string;
  contactId: string;
  createdAt: Date;
}

/** Web chat sessions (table `WebSession`). */
export class WebSessionRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async create(session: Pick<WebSessionRecord, "id" | "tokenHash" | "contactId">): Promise<void> {
    await this.prisma.webSession.create({ data: session });
  }

  /** The session with this id, or undefined. */
  async find(id: string): Promise<WebSessionRecord | undefined> {
    const row = await this.prisma.webSession.findUnique({ where: { id } });
    return row
      ? { id: row.id, tokenHash: row.tokenHash, contactId: row.contactId, createdAt: row.createdAt }
      : undefined;
  }
}
