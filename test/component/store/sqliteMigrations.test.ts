// SQLite migrations are applied in-process (no Prisma CLI at the first start) and recorded as
// Prisma's engine records them: Prisma's own `migrate status`/`deploy` find the database up to
// date, and the schema is the one Prisma's `migrate deploy` builds.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIRS, migrateDatabase, readMigrations } from "../../../src/store/migrate.js";

const work = mkdtempSync(path.join(tmpdir(), "hotline-migrations-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Prisma's CLI on a SQLite file (offline, js-engine mode). */
function prisma(file: string, ...args: string[]) {
  return spawnSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), ...args], {
    encoding: "utf8",
    env: {
      ...process.env,
      DATABASE_URL: `file:${file}`,
      PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
    },
  });
}

/** Every table and index of a SQLite file, as SQLite keeps their definitions. */
function schemaOf(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").all();
  } finally {
    db.close();
  }
}

describe("SQLite migrations applied in-process", () => {
  it("when a fresh SQLite file is migrated by npm start's runner, then Prisma's own CLI finds it up to date and the schema is the one its migrate deploy builds", async () => {
    const ours = path.join(work, "ours.db");
    const theirs = path.join(work, "theirs.db");
    const names = readMigrations(MIGRATIONS_DIRS.sqlite).map((m) => m.name);
    expect(await migrateDatabase(`file:${ours}`)).toEqual(names);
    expect(await migrateDatabase(`file:${ours}`)).toEqual([]);

    const status = prisma(ours, "migrate", "status");
    expect(status.status, status.stderr).toBe(0);
    expect(status.stdout).toContain("Database schema is up to date");
    const deploy = prisma(ours, "migrate", "deploy");
    expect(deploy.status, deploy.stderr).toBe(0);
    expect(deploy.stdout).toContain("No pending migrations to apply");

    const built = prisma(theirs, "migrate", "deploy");
    expect(built.status, built.stderr).toBe(0);
    expect(schemaOf(ours)).toEqual(schemaOf(theirs));
    const db = new Database(ours, { readonly: true });
    const recorded = db
      .prepare("SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations")
      .all() as {
      migration_name: string;
      checksum: string;
      finished_at: string;
      applied_steps_count: number;
    }[];
    db.close();
    expect(recorded.map((r) => r.migration_name)).toEqual(names);
    for (const row of recorded) {
      expect(row.applied_steps_count).toBe(1);
      expect(row.finished_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    }
  }, 60_000);

  it("when a migration failed earlier, then the next start refuses to run and says how to resolve it", async () => {
    const file = path.join(work, "failed.db");
    await migrateDatabase(`file:${file}`);
    const db = new Database(file);
    db.prepare("UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = ?").run(
      readMigrations(MIGRATIONS_DIRS.sqlite).at(-1)!.name,
    );
    db.close();
    await expect(migrateDatabase(`file:${file}`)).rejects.toThrow(/prisma migrate resolve/);
  });
});
