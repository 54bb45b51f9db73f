import type { PrismaClient } from "./prisma.js";

/** One line of the audit log: who did what to which conversation (never message text). */
export interface AuditEntry {
  counselorId: string | null;
  action: string;
  conversationId: string;
  detail?: Record<string, string>;
  at: Date;
}

/** Appends one entry to the audit log. */
export async function recordAudit(prisma: PrismaClient, entry: AuditEntry): Promise<void> {
  await prisma.auditLog.create({
    data: {
      counselorId: entry.counselorId,
      action: entry.action,
      conversationId: entry.conversationId,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
      at: entry.at,
    },
  });
}
