// Applies pending migrations on either database, recorded in `_prisma_migrations` as Prisma does.
//
// This small runner applies prisma/migrations (SQLite) and prisma/migrations-postgres the way
// Prisma's schema engine does: the same `_prisma_migrations` table, the same SHA-256 checksum of
// each file, one script at a time (on PostgreSQL under Prisma's advisory lock), so that
// `prisma migrate deploy`/`status` agree with what it recorded. On PostgreSQL the WebAssembly
// engine cannot apply migrations at all (prisma/prisma#27403); on SQLite it can, but starting the
// Prisma CLI for it costs seconds at the first start. A general runner (umzug, node-pg-migrate)
// would keep its own bookkeeping table that Prisma knows nothing about.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { databaseKind, sqlitePath } from "../config.js";

const PRISMA_DIR = fileURLToPath(new URL("../../prisma/", import.meta.url));
/** Migration folders: SQLite ones are written by hand, PostgreSQL ones derived from them. */
export const MIGRATIONS_DIRS = {
  sqlite: path.join(PRISMA_DIR, "migrations"),
  postgres: path.join(PRISMA_DIR, "migrations-postgres"),
} as const;

/** Prisma's advisory lock key: two instances starting at once migrate one after the other. */
const PRISMA_ADVISORY_LOCK = 72707369;

/** A migration could not be applied; `message` says which and what to do. */
export class MigrationError extends Error {
  override name = "MigrationError";
}

export interface MigrationFile {
  name: string;
  sql: string;
  /** Hex SHA-256 of the file, as Prisma records it. */
  checksum: string;
}

/** The migrations in `dir`, oldest first (folder names start with a timestamp). */
export function readMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/** Names of migrations still to apply; throws on a failed one (Prisma's P3009). */
function pendingMigrations(files: MigrationFile[], rows: MigrationRow[]): MigrationFile[] {
  const failed = rows.find((r) => r.finished_at == null && r.rolled_back_at == null);
  if (failed) {
    throw new MigrationError(
      `The migration ${failed.migration_name} failed earlier and blocks new ones: fix the database, then mark it ` +
        `with \`prisma migrate resolve --rolled-back ${failed.migration_name}\` (or --applied) and start again.`,
    );
  }
  const done = new Set(rows.filter((r) => r.finished_at != null).map((r) => r.migration_name));
  return files.filter((f) => !done.has(f.name));
}

/**
 * Brings the database named by `databaseUrl` up to date and returns the names of the migrations
 * it applied (none when it was up to date).
 * @throws MigrationError when a migration fails or an earlier one is marked failed.
 */
export async function migrateDatabase(databaseUrl: string): Promise<string[]> {
  return databaseKind(databaseUrl) === "postgres" ? migratePostgres(databaseUrl) : migrateSqlite(databaseUrl);
}

/** Prisma's own definition of its bookkeeping table on SQLite. */
const SQLITE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/** Times as Prisma's engine records them on SQLite (ISO 8601, "+00:00"). */
const sqliteNow = () => new Date().toISOString().replace("Z", "+00:00");

function migrateSqlite(databaseUrl: string): string[] {
  const file = path.resolve(sqlitePath(databaseUrl));
  const files = readMigrations(MIGRATIONS_DIRS.sqlite);
  if (existsSync(file) && sqlitePending(file, files).length === 0) return [];
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 10_000 });
  try {
    db.exec(SQLITE_MIGRATIONS_TABLE);
    const rows = db
      .prepare("SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations")
      .all() as MigrationRow[];
    const pending = pendingMigrations(files, rows);
    for (const migration of pending) {
      const id = randomUUID();
      db.prepare(
        "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, 0)",
      ).run(id, migration.checksum, migration.name, sqliteNow());
      try {
        // The script as it is, as Prisma's engine runs it (a table redefinition sets PRAGMAs of its own).
        db.exec(migration.sql);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        db.prepare("UPDATE _prisma_migrations SET logs = ? WHERE id = ?").run(reason, id);
        throw new MigrationError(`Migration ${migration.name} failed: ${reason}`);
      }
      db.prepare("UPDATE _prisma_migrations SET finished_at = ?, applied_steps_count = 1 WHERE id = ?").run(
        sqliteNow(),
        id,
      );
    }
    return pending.map((m) => m.name);
  } finally {
    db.close();
  }
}

/** Pending migrations of an existing SQLite file, read-only (an up-to-date start writes nothing). */
function sqlitePending(file: string, files: MigrationFile[]): MigrationFile[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'")
      .get();
    if (!table) return files;
    const rows = db
      .prepare("SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations")
      .all() as MigrationRow[];
    return pendingMigrations(files, rows);
  } finally {
    db.close();
  }
}

async function migratePostgres(databaseUrl: string): Promise<string[]> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(${PRISMA_ADVISORY_LOCK})`);
    try {
      return await applyPostgres(client);
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${PRISMA_ADVISORY_LOCK})`);
    }
  } finally {
    await client.end();
  }
}

type PgClient = InstanceType<typeof import("pg").Client>;

async function applyPostgres(client: PgClient): Promise<string[]> {
  // Prisma's own definition of its bookkeeping table.
  await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`);
  const { rows } = await client.query<MigrationRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
  );
  const pending = pendingMigrations(readMigrations(MIGRATIONS_DIRS.postgres), rows);
  for (const migration of pending) {
    const id = randomUUID();
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), 0)`,
      [id, migration.checksum, migration.name],
    );
    try {
      // One simple-protocol query: PostgreSQL runs the whole script in one implicit transaction.
      await client.query(migration.sql);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      await client.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, reason]);
      throw new MigrationError(`Migration ${migration.name} failed: ${reason}`);
    }
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
  }
  return pending.map((m) => m.name);
}
