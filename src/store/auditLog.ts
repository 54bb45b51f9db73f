import type { PrismaClient } from "./prisma.js";

/** One line of the audit log: who did what to which conversation (never message text). */
export interface AuditEntry {
  counselorId: string | null;
  action: string;
  conversationId: string;
  detail?: Record<string, string>;
  at: Date;
}

/** The audit log (table `AuditLog`): appended to, never read by the code. */
export class AuditLog {
  constructor(private readonly prisma: PrismaClient) {}

  /** Appends one entry. */
  async record(entry: AuditEntry): Promise<void> {
    await this.prisma.auditLog.create({
      data: {
        counselorId: entry.counselorId,
        action: entry.action,
        conversationId: entry.conversationId,
        detail: entry.detail ? JSON.stringify(entry.detail) : null,
        at: entry.at,
      },
    });
  }
}
