import { existsSync } from "node:fs";
import path from "node:path";
import { type Config, databaseKind, sqlitePath } from "../config.js";
import { openStore, type Store } from "../store/store.js";

/** An expected failure of a command, shown to the operator as one line. */
export class CliError extends Error {
  override name = "CliError";
}

/**
 * Refuses a missing SQLite file: opening it would create an empty database and fail later with
 * "no such table", which tells the operator nothing. A PostgreSQL database is never created by
 * connecting, so it needs no such check.
 */
function requireExistingDatabase(config: Config): void {
  if (databaseKind(config.DATABASE_URL) === "postgres") return;
  const file = path.resolve(sqlitePath(config.DATABASE_URL));
  if (!existsSync(file))
    throw new CliError(`No database at ${file}: check DATABASE_URL, or run npm run db:migrate first.`);
}

/** The store of the database a command works on (see requireExistingDatabase). */
export async function openMigratedStore(config: Config): Promise<Store> {
  requireExistingDatabase(config);
  return openStore(config.DATABASE_URL);
}

/** Runs a command's `main`, exiting with its code; failures print one line prefixed with `name`. */
export function runCli(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      console.error(`${name} failed: ${message}`);
      process.exit(1);
    },
  );
}
