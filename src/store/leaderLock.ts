// Background work (see src/background/) runs on one live instance at a time. On PostgreSQL the instances elect it with a session advisory lock:
// the lock lives as long as the holder's connection, so when that instance dies PostgreSQL
// frees it and the next instance that asks takes over. SQLite means one instance: always held.
import type { Logger } from "pino";
import { databaseKind } from "../config.js";

/** Who runs the background work. */
export interface LeaderLock {
  /** Takes the lock if it is free, or checks that this instance still holds it; true when held. */
  acquire(): Promise<boolean>;
  /** Gives the lock up (shutdown), so another instance takes over at once. */
  release(): Promise<void>;
  /** Calls `listener` as soon as a held lock is lost (its connection died), between checks. */
  onLost?(listener: () => void): void;
}

/** Advisory lock key of the background work ("hotl" in ASCII, as a number; Prisma migrations use 72707369). */
export const BACKGROUND_LOCK_KEY = 0x686f746c;

/** The lock for the database in `databaseUrl`. */
export function leaderLockFor(databaseUrl: string, logger: Logger): LeaderLock {
  return databaseKind(databaseUrl) === "postgres"
    ? new PostgresLeaderLock(databaseUrl, logger)
    : { acquire: async () => true, release: async () => undefined };
}

type PgClient = InstanceType<typeof import("pg").Client>;

class PostgresLeaderLock implements LeaderLock {
  private client: PgClient | undefined;
  private held = false;
  private readonly lostListeners: (() => void)[] = [];

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
  ) {}

  async acquire(): Promise<boolean> {
    try {
      const client = await this.connection();
      if (this.held) {
        await client.query("SELECT 1"); // still connected, so still held
        return true;
      }
      const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [
        BACKGROUND_LOCK_KEY,
      ]);
      this.held = rows[0]?.ok === true;
      if (this.held) this.logger.info("this instance now runs the background work");
      return this.held;
    } catch (err) {
      this.logger.warn({ err }, "background lock: database connection lost; retrying");
      this.drop();
      return false;
    }
  }

  onLost(listener: () => void): void {
    this.lostListeners.push(listener);
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.held = false;
    await client?.end().catch(() => undefined);
  }

  private async connection(): Promise<PgClient> {
    if (this.client) return this.client;
    const { default: pg } = await import("pg");
    const client = new pg.Client({
      connectionString: this.databaseUrl,
      connectionTimeoutMillis: 5_000,
      // A check that hangs (network cut without a reset) counts as lost within seconds, long
      // before the server frees the lock (keepalives below), so two holders never overlap.
      query_timeout: 5_000,
      keepAlive: true,
    });
    client.on("error", () => {
      if (this.client === client) this.drop();
    });
    try {
      await client.connect();
      // A holder whose machine vanishes (no TCP close) is noticed by the server within ~30 s.
      await client.query(
        "SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 4",
      );
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    this.client = client;
    return client;
  }

  private drop(): void {
    const client = this.client;
    this.client = undefined;
    const wasHeld = this.held;
    this.held = false;
    void client?.end().catch(() => undefined);
    if (wasHeld) {
      this.logger.warn("this instance no longer holds the background lock");
      for (const listener of this.lostListeners) listener();
    }
  }
}
