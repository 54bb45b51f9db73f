import { type CounselorRecord, toCounselor } from "./counselorRepository.js";
import type { PrismaClient } from "./prisma.js";

/** A console login as stored: `id` is a keyed hash of the cookie value, never the cookie. */
export interface ConsoleSessionRecord {
  id: string;
  counselorId: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Console logins (table `ConsoleSession`). */
export class ConsoleSessionRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async create(session: ConsoleSessionRecord): Promise<void> {
    await this.prisma.consoleSession.create({ data: session });
  }

  /** The session with this id and its counselor, or undefined. */
  async findWithCounselor(
    id: string,
  ): Promise<(ConsoleSessionRecord & { counselor: CounselorRecord }) | undefined> {
    const row = await this.prisma.consoleSession.findUnique({ where: { id }, include: { counselor: true } });
    if (!row) return undefined;
    return {
      id: row.id,
      counselorId: row.counselorId,
      csrfToken: row.csrfToken,
      expiresAt: row.expiresAt,
      counselor: toCounselor(row.counselor),
    };
  }

  async delete(id: string): Promise<void> {
    await this.prisma.consoleSession.deleteMany({ where: { id } });
  }

  /** Signs a counselor out everywhere (their account was disabled). */
  async deleteAllOf(counselorId: string): Promise<void> {
    await this.prisma.consoleSession.deleteMany({ where: { counselorId } });
  }

  async deleteExpiredOf(counselorId: string, now: Date): Promise<void> {
    await this.prisma.consoleSession.deleteMany({ where: { counselorId, expiresAt: { lt: now } } });
  }
}
