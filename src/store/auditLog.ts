import { type SqlDriver, sql } from "./sqlDriver.js";

/** One line of the audit log: who did what to which conversation (never message text). */
export interface AuditEntry {
  counselorId: string | null;
  action: string;
  conversationId: string;
  detail?: Record<string, string>;
  at: Date;
}

/**
 * The audit log (table `AuditLog`): appended to, never read by the code. A prepared statement: a
 * person leaving the queue by message appends to it in their own turn.
 */
export class AuditLog {
  constructor(private readonly db: SqlDriver) {}

  /** Appends one entry. */
  async record(entry: AuditEntry): Promise<void> {
    await this.db.query(
      sql(
        `INSERT INTO "AuditLog" ("at","counselorId","action","conversationId","detail") VALUES (?,?,?,?,?)`,
        entry.at,
        entry.counselorId,
        entry.action,
        entry.conversationId,
        entry.detail ? JSON.stringify(entry.detail) : null,
      ),
    );
  }
}
