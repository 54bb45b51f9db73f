import type { PrismaClient } from "./prisma.js";
import { type SqlDriver, sql, toDate } from "./sqlDriver.js";

/** An anonymous web chat session as stored: only the bearer token's hash is kept. */
export interface WebSessionRecord {
  id: string;
  tokenHash: string;
  contactId: string;
  createdAt: Date;
}

/** Web chat sessions (table `WebSession`); the lookup every web chat message makes is a prepared statement. */
export class WebSessionRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly db: SqlDriver,
  ) {}

  async create(session: Pick<WebSessionRecord, "id" | "tokenHash" | "contactId">): Promise<void> {
    await this.prisma.webSession.create({ data: session });
  }

  /** The session with this id, or undefined. */
  async find(id: string): Promise<WebSessionRecord | undefined> {
    const [row] = await this.db.query(
      sql(`SELECT "id","tokenHash","contactId","createdAt" FROM "WebSession" WHERE "id" = ?`, id),
    );
    return row
      ? {
          id: row.id as string,
          tokenHash: row.tokenHash as string,
          contactId: row.contactId as string,
          createdAt: toDate(row.createdAt),
        }
      : undefined;
  }
}
