// The hot path's own connection to the database: plain SQL through prepared statements, no
// query compiler. One SQL text serves both databases (`?` placeholders, quoted identifiers);
// a unit of work is written once as a generator that yields its statements, and each driver
// runs it: SQLite synchronously inside one transaction (nothing else runs on the event loop
// meanwhile; units asked for together share one commit), PostgreSQL on one pooled client between
// BEGIN and COMMIT.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";

/** A row as the driver returns it: column name to value (dates and booleans not yet mapped). */
export type Row = Record<string, unknown>;

/** One statement with its parameters, in order. */
export interface Statement {
  sql: string;
  params: readonly unknown[];
}

/** A unit of work: yields statements, receives each one's rows, returns its result. */
export type Work<T> = Generator<Statement, T, Row[]>;

export const sql = (text: string, ...params: unknown[]): Statement => ({ sql: text, params });

export interface SqlDriver {
  readonly kind: "sqlite" | "postgres";
  /** Runs `work` in one transaction; a throw inside rolls everything back and is rethrown. */
  transaction<T>(work: () => Work<T>): Promise<T>;
  /** Runs one statement on its own (autocommit). */
  query(statement: Statement): Promise<Row[]>;
  close(): Promise<void>;
}

/** A column value read back as a Date (ISO text, epoch milliseconds, or a Date already). */
export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === "number" || typeof value === "bigint") return new Date(Number(value));
  const text = String(value);
  // SQLite's CURRENT_TIMESTAMP has no zone: it is UTC.
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(" ", "T")}Z`);
}

export const toDateOrNull = (value: unknown): Date | null => (value == null ? null : toDate(value));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A unit of work waiting for the next group commit, with its caller's promise. */
interface Pending {
  work: () => Work<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** At most this many units of work share one commit (bounds how long the event loop is held). */
const GROUP_LIMIT = 64;

/**
 * SQLite through better-sqlite3: one connection, WAL, statements prepared once. Its busy timeout
 * is 0 and a busy database is waited for asynchronously: Prisma's own connection in the same
 * process may hold the write lock across awaits (an interactive transaction), and a synchronous
 * wait here would stop the very event loop that has to finish it.
 *
 * Group commit: the units of work asked for in one turn of the event loop run at the next turn,
 * in the order they were asked for, in one IMMEDIATE transaction, each inside a savepoint of its
 * own: one that throws is rolled back alone and its caller gets the error; the others commit
 * together, and every caller's promise settles after that COMMIT. Under load the inbound stores
 * and turns of many people share one commit instead of one each.
 */
export class SqliteDriver implements SqlDriver {
  readonly kind = "sqlite" as const;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private pending: Pending[] = [];
  private scheduled = false;
  private flushing = false;
  /** One unit of work; nested inside `group`, better-sqlite3 runs it in a savepoint. */
  private readonly one: (work: () => Work<unknown>) => unknown;
  private readonly group: BetterSqlite3.Transaction<(items: Pending[]) => Outcome[]>;

  private constructor(private readonly db: BetterSqlite3.Database) {
    this.one = db.transaction((work: () => Work<unknown>) => this.runWork(work()));
    this.group = db.transaction((items: Pending[]) => {
      const outcomes: Outcome[] = [];
      for (const item of items) {
        try {
          outcomes.push({ ok: true, value: this.one(item.work) });
        } catch (error) {
          // SQLite rolled the whole transaction back (a full disk, say): nothing in it stands.
          if (!db.inTransaction) throw error;
          outcomes.push({ ok: false, error });
        }
      }
      return outcomes;
    });
  }

  static async open(databaseUrl: string): Promise<SqliteDriver> {
    const { default: Database } = await import("better-sqlite3");
    const file = databaseUrl.replace(/^file:/, "");
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const db = new Database(file, { timeout: 0 });
    db.pragma("journal_mode = WAL");
    db.pragma("foreign_keys = ON");
    db.pragma("synchronous = NORMAL");
    // This connection never deletes a row (erasure and retention run on Prisma's connection,
    // with secure_delete ON: test/component/privacy/erasureLeavesNoTrace.test.ts). FAST still
    // zeroes what an update replaces inside a page; only a page an update frees keeps its last
    // (encrypted) content until reused. It costs a tenth less CPU per webhook turn than ON.
    db.pragma("secure_delete = FAST");
    return new SqliteDriver(db);
  }

  private prepared(text: string): BetterSqlite3.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  private run({ sql: text, params }: Statement): Row[] {
    const statement = this.prepared(text);
    const values = params.map(sqliteValue);
    if (statement.reader) return statement.all(...values) as Row[];
    statement.run(...values);
    return [];
  }

  private runWork<T>(work: Work<T>): T {
    let step = work.next([]);
    while (!step.done) step = work.next(this.run(step.value));
    return step.value;
  }

  transaction<T>(work: () => Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  /** One group commit; the next waits for it, so units of work commit in the order asked. */
  private async flush(): Promise<void> {
    this.scheduled = false;
    this.flushing = true;
    const items = this.pending.splice(0, GROUP_LIMIT);
    try {
      // IMMEDIATE takes the write lock at BEGIN, so "busy" can only come before any work ran.
      const outcomes = await this.whenNotBusy(() => this.group.immediate(items));
      outcomes.forEach((outcome, i) => {
        if (outcome.ok) items[i]!.resolve(outcome.value);
        else items[i]!.reject(outcome.error);
      });
    } catch (err) {
      for (const item of items) item.reject(err);
    } finally {
      this.flushing = false;
      if (this.pending.length > 0) this.schedule();
    }
  }

  async query(statement: Statement): Promise<Row[]> {
    return this.whenNotBusy(() => this.run(statement));
  }

  private async whenNotBusy<T>(task: () => T): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return task();
      } catch (err) {
        if (!isBusy(err) || attempt >= 2_000) throw err;
        await sleep(Math.min(1 + attempt, 20));
      }
    }
  }

  /** Closes once the units of work already asked for are committed (or failed). */
  async close(): Promise<void> {
    while (this.scheduled || this.flushing || this.pending.length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.db.close();
  }
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

/** Dates as Prisma's SQLite adapter writes them (ISO 8601, "+00:00"), booleans as 0/1. */
function sqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value ?? null;
}

/**
 * PostgreSQL through a pg pool of its own: every statement is a named prepared statement (parsed
 * once per connection). Timestamps are `timestamp(3)` without time zone holding UTC, as Prisma
 * writes them: they are sent as UTC text and read back as UTC.
 */
export class PostgresDriver implements SqlDriver {
  readonly kind = "postgres" as const;
  private readonly names = new Map<string, { name: string; text: string }>();

  private constructor(private readonly pool: pg.Pool) {}

  static async open(databaseUrl: string): Promise<PostgresDriver> {
    const { default: pgModule } = await import("pg");
    const utc = (text: string) => new Date(`${text.replace(" ", "T")}Z`);
    const types = {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === 1114
          ? utc
          : pgModule.types.getTypeParser(oid, format)) as typeof pgModule.types.getTypeParser,
    };
    const pool = new pgModule.Pool({
      connectionString: databaseUrl,
      max: 5,
      connectionTimeoutMillis: 10_000,
      types,
    });
    // An idle client that loses its server must not take the process down.
    pool.on("error", () => undefined);
    return new PostgresDriver(pool);
  }

  /** The statement's name and its text with `$n` placeholders, made once per SQL text. */
  private named(text: string): { name: string; text: string } {
    let entry = this.names.get(text);
    if (!entry) {
      let n = 0;
      entry = { name: `hot_${this.names.size + 1}`, text: text.replace(/\?/g, () => `$${++n}`) };
      this.names.set(text, entry);
    }
    return entry;
  }

  private async run(client: pg.PoolClient | pg.Pool, statement: Statement): Promise<Row[]> {
    const { name, text } = this.named(statement.sql);
    const result = await client.query({ name, text, values: statement.params.map(postgresValue) });
    return result.rows as Row[];
  }

  async transaction<T>(work: () => Work<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query("BEGIN");
      try {
        const steps = work();
        let step = steps.next([]);
        while (!step.done) step = steps.next(await this.run(client, step.value));
        await client.query("COMMIT");
        return step.value;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {
          broken = true;
        });
        throw err;
      }
    } finally {
      client.release(broken);
    }
  }

  async query(statement: Statement): Promise<Row[]> {
    return this.run(this.pool, statement);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function postgresValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value ?? null;
}

/** Opens the hot path's connection to the database of `databaseUrl`. */
export async function openSqlDriver(databaseUrl: string): Promise<SqlDriver> {
  return /^postgres(ql)?:\/\//.test(databaseUrl)
    ? PostgresDriver.open(databaseUrl)
    : SqliteDriver.open(databaseUrl);
}
