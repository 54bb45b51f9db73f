import { z } from "zod";
import { ROLES } from "../handoff/roles.js";
import type { Counselor, PrismaClient } from "./prisma.js";

const counselorSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  alias: z.string(),
  role: z.enum(ROLES),
  passwordHash: z.string(),
  available: z.boolean(),
  maxChats: z.number().int(),
  disabled: z.boolean(),
  createdAt: z.date(),
});

/** A console account as stored, its role parsed. */
export type CounselorRecord = z.infer<typeof counselorSchema>;

/** What may change on an account. */
export type CounselorPatch = Partial<
  Pick<CounselorRecord, "name" | "alias" | "role" | "available" | "maxChats" | "disabled">
>;

/** Parses a stored row; a role the code does not know is a data error, not a silent cast. */
export function toCounselor(row: Counselor): CounselorRecord {
  return counselorSchema.parse(row);
}

/** Console accounts (table `Counselor`). */
export class CounselorRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async findByEmail(email: string): Promise<CounselorRecord | undefined> {
    const row = await this.prisma.counselor.findUnique({ where: { email } });
    return row ? toCounselor(row) : undefined;
  }

  async find(id: string): Promise<CounselorRecord | undefined> {
    const row = await this.prisma.counselor.findUnique({ where: { id } });
    return row ? toCounselor(row) : undefined;
  }

  /** All accounts, or only the enabled ones, ordered by alias. */
  async list(options: { includeDisabled: boolean }): Promise<CounselorRecord[]> {
    const rows = await this.prisma.counselor.findMany({
      where: options.includeDisabled ? {} : { disabled: false },
      orderBy: { alias: "asc" },
    });
    return rows.map(toCounselor);
  }

  async create(
    account: Pick<CounselorRecord, "email" | "name" | "alias" | "role" | "passwordHash"> &
      Partial<Pick<CounselorRecord, "maxChats">>,
  ): Promise<CounselorRecord> {
    return toCounselor(await this.prisma.counselor.create({ data: account }));
  }

  async update(id: string, patch: CounselorPatch): Promise<CounselorRecord> {
    return toCounselor(await this.prisma.counselor.update({ where: { id }, data: patch }));
  }
}
