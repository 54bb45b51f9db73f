// npm run db:derive-postgres: writes prisma/migrations-postgres/<name>/migration.sql for every
// SQLite migration in prisma/migrations that has no PostgreSQL counterpart yet.
//
// The SQL is Prisma's own (`prisma migrate diff --script`) between two derived PostgreSQL schemas:
// prisma/schema.prisma as of the previous migration (the commit that last changed
// prisma/migrations-postgres; empty for the first) and as of the commit that added the SQLite
// migration (the working copy when it is not committed yet). Add the SQLite migration, run this,
// commit both; test/component/store/schemaParity.test.ts fails while they disagree.
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { derivePostgresSchema, prisma, SQLITE_SCHEMA, writePostgresSchema } from "./dbGenerate.mjs";

const SQLITE_DIR = path.join("prisma", "migrations");
const POSTGRES_DIR = path.join("prisma", "migrations-postgres");

const folders = (dir) =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort()
    : [];

const missing = folders(SQLITE_DIR).filter((name) => !folders(POSTGRES_DIR).includes(name));
if (missing.length === 0) {
  console.log("prisma/migrations-postgres is up to date with prisma/migrations.");
  process.exit(0);
}
const git = (...args) => execFileSync("git", args, { encoding: "utf8" }).trim();
/** prisma/schema.prisma as of the commit that added `name`, or the working copy when not committed. */
const schemaWith = (name) => {
  const added = git("log", "--diff-filter=A", "--format=%H", "-1", "--", path.join(SQLITE_DIR, name));
  return added ? git("show", `${added}:${SQLITE_SCHEMA}`) : readFileSync(SQLITE_SCHEMA, "utf8");
};
const work = mkdtempSync(path.join(tmpdir(), "hotline-derive-"));
try {
  writePostgresSchema();
  let previous;
  if (folders(POSTGRES_DIR).length > 0) {
    const commit = git("log", "-1", "--format=%H", "--", POSTGRES_DIR);
    previous = git("show", `${commit}:${SQLITE_SCHEMA}`);
  }
  for (const [i, name] of missing.entries()) {
    const next = schemaWith(name);
    const toFile = path.join(work, `to-${i}.prisma`);
    writeFileSync(toFile, derivePostgresSchema(next));
    let from = ["--from-empty"];
    if (previous !== undefined) {
      const fromFile = path.join(work, `from-${i}.prisma`);
      writeFileSync(fromFile, derivePostgresSchema(previous));
      from = ["--from-schema-datamodel", fromFile];
    }
    const result = prisma(
      ["migrate", "diff", ...from, "--to-schema-datamodel", toFile, "--script"],
      // The CLI opens the SQLite database of prisma.config.ts even for a schema-to-schema diff.
      `file:${path.join(work, "scratch.db")}`,
      { capture: true },
    );
    if (result.status !== 0) {
      console.error(result.stderr);
      process.exit(1);
    }
    mkdirSync(path.join(POSTGRES_DIR, name), { recursive: true });
    writeFileSync(path.join(POSTGRES_DIR, name, "migration.sql"), result.stdout);
    console.log(`wrote ${path.join(POSTGRES_DIR, name, "migration.sql")}`);
    previous = next;
  }
  const lock = path.join(POSTGRES_DIR, "migration_lock.toml");
  if (!existsSync(lock)) {
    writeFileSync(
      lock,
      readFileSync(path.join(SQLITE_DIR, "migration_lock.toml"), "utf8").replace(/"sqlite"/, '"postgresql"'),
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
