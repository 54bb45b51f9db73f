import { isUniqueViolation, type PrismaClient } from "./prisma.js";
import { type SqlDriver, sql } from "./sqlDriver.js";

/**
 * Named settings (table `Setting`): one value per key, with a lease (`leaseOwner`/`leaseUntil`)
 * that one instance at a time may hold, taken with a conditional update.
 */
export class SettingRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly db: SqlDriver,
  ) {}

  /** The value under `key`, or undefined when there is none (a prepared statement: Zalo OA reads its token per send). */
  async get(key: string): Promise<string | undefined> {
    const [row] = await this.db.query(sql(`SELECT "value" FROM "Setting" WHERE "key" = ?`, key));
    return (row?.value as string | undefined) ?? undefined;
  }

  /** Stores `value` under `key` unless the key exists; false when it did (another writer won). */
  async createIfAbsent(key: string, value: string): Promise<boolean> {
    try {
      await this.prisma.setting.create({ data: { key, value } });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  /** Replaces the value under an existing `key`. */
  async put(key: string, value: string): Promise<void> {
    await this.prisma.setting.update({ where: { key }, data: { value } });
  }

  /** Takes the lease of `key` for `owner` if it is free or expired at `now`; true when taken. */
  async takeLease(key: string, owner: string, now: Date, leaseMs: number): Promise<boolean> {
    const taken = await this.prisma.setting.updateMany({
      where: { key, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
      data: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs) },
    });
    return taken.count === 1;
  }

  /** Gives the lease of `key` back, if `owner` still holds it. */
  async releaseLease(key: string, owner: string): Promise<void> {
    await this.prisma.setting.updateMany({
      where: { key, leaseOwner: owner },
      data: { leaseOwner: null, leaseUntil: null },
    });
  }
}
