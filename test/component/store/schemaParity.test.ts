// One schema, two databases: a fresh SQLite and a fresh PostgreSQL end with the same tables,
// columns, keys and indexes; the committed PostgreSQL migrations are what Prisma derives from
// prisma/schema.prisma; the runner records migrations as Prisma's engine does.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { MIGRATIONS_DIRS, readMigrations } from "../../../src/store/migrate.js";
import { createTestDatabase, freshDatabase, testDatabases } from "../../support/testServer.js";

interface Column {
  name: string;
  type: string;
  nullable: boolean;
}
interface Table {
  columns: Column[];
  primaryKey: string[];
  indexes: { name: string; columns: string[]; unique: boolean }[];
  foreignKeys: { columns: string[]; table: string; onDelete: string }[];
}
type Catalog = Record<string, Table>;

const BOOKKEEPING = "_prisma_migrations";

function sqliteCatalog(file: string): Catalog {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != ?",
      )
      .all(BOOKKEEPING) as { name: string }[];
    const catalog: Catalog = {};
    for (const { name } of tables) {
      const info = db.prepare(`PRAGMA table_info("${name}")`).all() as {
        name: string;
        type: string;
        notnull: number;
        pk: number;
      }[];
      const indexes = (
        db.prepare(`PRAGMA index_list("${name}")`).all() as { name: string; unique: number; origin: string }[]
      )
        .filter((i) => i.origin !== "pk")
        .map((i) => ({
          name: i.name,
          unique: i.unique === 1,
          columns: (db.prepare(`PRAGMA index_info("${i.name}")`).all() as { seqno: number; name: string }[])
            .sort((a, b) => a.seqno - b.seqno)
            .map((c) => c.name),
        }));
      const keys = db.prepare(`PRAGMA foreign_key_list("${name}")`).all() as {
        from: string;
        table: string;
        on_delete: string;
      }[];
      catalog[name] = {
        columns: info.map((c) => ({
          name: c.name,
          type: c.type.toUpperCase(),
          nullable: c.notnull === 0 && c.pk === 0,
        })),
        primaryKey: info
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name),
        indexes: indexes.sort((a, b) => a.name.localeCompare(b.name)),
        foreignKeys: keys
          .map((k) => ({
            columns: [k.from],
            table: k.table,
            onDelete: k.on_delete.toUpperCase(),
          }))
          .sort(byKey),
      };
    }
    return catalog;
  } finally {
    db.close();
  }
}

/** PostgreSQL column types as the SQLite schema names them. */
const PG_TYPES: Record<string, string> = {
  text: "TEXT",
  integer: "INTEGER",
  boolean: "BOOLEAN",
  "timestamp without time zone": "DATETIME",
};

async function postgresCatalog(url: string): Promise<Catalog> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query<{
      table_name: string;
      column_name: string;
      data_type: string;
      is_nullable: string;
    }>(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name != $1 ORDER BY table_name, ordinal_position`,
      [BOOKKEEPING],
    );
    const indexes = await client.query<{
      table: string;
      name: string;
      unique: boolean;
      primary: boolean;
      columns: string[];
    }>(
      `SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
              array_agg(a.attname ORDER BY k.ord)::text[] AS columns
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
       CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
       WHERE t.relname != $1
       GROUP BY t.relname, i.relname, ix.indisunique, ix.indisprimary`,
      [BOOKKEEPING],
    );
    const keys = await client.query<{ table: string; column: string; target: string; on_delete: string }>(
      `SELECT tc.table_name AS table, kcu.column_name AS column, ccu.table_name AS target, rc.delete_rule AS on_delete
       FROM information_schema.table_constraints tc
       JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name
       JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name
       JOIN information_schema.referential_constraints rc ON rc.constraint_name = tc.constraint_name
       WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'`,
    );
    const catalog: Catalog = {};
    for (const c of columns.rows) {
      catalog[c.table_name] ??= { columns: [], primaryKey: [], indexes: [], foreignKeys: [] };
      catalog[c.table_name]!.columns.push({
        name: c.column_name,
        type: PG_TYPES[c.data_type] ?? c.data_type,
        nullable: c.is_nullable === "YES",
      });
    }
    for (const i of indexes.rows) {
      const table = catalog[i.table]!;
      if (i.primary) table.primaryKey = i.columns;
      else table.indexes.push({ name: i.name, columns: i.columns, unique: i.unique });
    }
    for (const table of Object.values(catalog)) table.indexes.sort((a, b) => a.name.localeCompare(b.name));
    for (const k of keys.rows) {
      catalog[k.table]!.foreignKeys.push({ columns: [k.column], table: k.target, onDelete: k.on_delete });
    }
    // A table with two foreign keys lists them in a different order in each database.
    for (const table of Object.values(catalog)) table.foreignKeys.sort(byKey);
    return catalog;
  } finally {
    await client.end();
  }
}

const folders = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

/** Foreign keys in one order, whatever order the database lists them in. */
const byKey = (a: { columns: string[]; table: string }, b: { columns: string[]; table: string }) =>
  `${a.table}.${a.columns.join()}`.localeCompare(`${b.table}.${b.columns.join()}`);

describe("one schema for SQLite and PostgreSQL", () => {
  it("when a SQLite migration is added, then a PostgreSQL one of the same name exists (npm run db:derive-postgres)", () => {
    expect(folders(MIGRATIONS_DIRS.postgres)).toEqual(folders(MIGRATIONS_DIRS.sqlite));
  });

  it("when Prisma migrates SQLite, then it records the checksum the PostgreSQL runner computes (SHA-256 of the file)", () => {
    const db = new Database(inject("templateDb"), { readonly: true });
    const rows = db
      .prepare("SELECT migration_name, checksum FROM _prisma_migrations ORDER BY migration_name")
      .all();
    db.close();
    expect(rows).toEqual(
      readMigrations(MIGRATIONS_DIRS.sqlite).map((m) => ({ migration_name: m.name, checksum: m.checksum })),
    );
  });

  if (testDatabases().includes("postgres")) {
    it("when both are migrated from scratch, then they have the same tables, columns, keys and indexes", async () => {
      const sqlite = freshDatabase();
      const postgres = await createTestDatabase("postgres");
      try {
        const fromSqlite = sqliteCatalog(sqlite.url.replace(/^file:/, ""));
        const fromPostgres = await postgresCatalog(postgres.url);
        expect(Object.keys(fromSqlite).length).toBeGreaterThan(5);
        expect(fromPostgres).toEqual(fromSqlite);
      } finally {
        await sqlite.drop();
        await postgres.drop();
      }
    }, 60_000);

    it("when the committed PostgreSQL migrations are compared with prisma/schema.prisma, then they agree", async () => {
      // What Prisma derives from the schema now, applied to an empty database...
      const work = mkdtempSync(path.join(tmpdir(), "hotline-parity-"));
      const empty = await createTestDatabase("postgres");
      const migrated = await createTestDatabase("postgres");
      try {
        const schema = path.join("src", "generated", "postgres", "schema.prisma");
        expect(existsSync(schema)).toBe(true);
        const cli = path.resolve("node_modules/prisma/build/index.js");
        const diff = spawnSync(
          process.execPath,
          [cli, "migrate", "diff", "--from-empty", "--to-schema-datamodel", schema, "--script"],
          {
            encoding: "utf8",
            env: {
              ...process.env,
              DATABASE_URL: `file:${path.join(work, "scratch.db")}`,
              PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
              PRISMA_HIDE_UPDATE_MESSAGE: "1",
            },
          },
        );
        expect(diff.status, diff.stderr).toBe(0);
        writeFileSync(path.join(work, "derived.sql"), diff.stdout);
        const client = new pg.Client({ connectionString: empty.url });
        await client.connect();
        await client.query('DROP TABLE IF EXISTS "_prisma_migrations"');
        for (const table of Object.keys(await postgresCatalog(empty.url))) {
          await client.query(`DROP TABLE "${table}" CASCADE`);
        }
        await client.query(readFileSync(path.join(work, "derived.sql"), "utf8"));
        await client.end();
        // ...must equal what the committed migrations build (the template is migrated by them).
        expect(
          await postgresCatalog(migrated.url),
          "prisma/migrations-postgres disagrees with prisma/schema.prisma: run npm run db:derive-postgres",
        ).toEqual(await postgresCatalog(empty.url));
        const rows = await new pg.Client({ connectionString: migrated.url });
        await rows.connect();
        const recorded = await rows.query(
          `SELECT migration_name, checksum, applied_steps_count, finished_at IS NOT NULL AS finished
           FROM "_prisma_migrations" ORDER BY migration_name`,
        );
        await rows.end();
        expect(recorded.rows).toEqual(
          readMigrations(MIGRATIONS_DIRS.postgres).map((m) => ({
            migration_name: m.name,
            checksum: createHash("sha256")
              .update(readFileSync(path.join(MIGRATIONS_DIRS.postgres, m.name, "migration.sql")))
              .digest("hex"),
            applied_steps_count: 1,
            finished: true,
          })),
        );
      } finally {
        rmSync(work, { recursive: true, force: true });
        await empty.drop();
        await migrated.drop();
      }
    }, 120_000); // starts the Prisma CLI: slow on a loaded machine
  }
});
