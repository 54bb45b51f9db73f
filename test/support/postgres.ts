// PostgreSQL for the test suites: one migrated template database per test run (globalSetup),
// copied into a fresh database for each test server and dropped after it.
import { randomBytes } from "node:crypto";
import pg from "pg";

/** The admin URL: a role that may create and drop databases. */
export const TEST_POSTGRES_URL =
  process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** `url` with its database name replaced by `database`. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs `work` on one admin connection. */
export async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A database name no other test uses. */
export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
}

/** Creates `name` as a copy of `template` (fast: a file copy inside PostgreSQL). */
export async function createDatabaseFrom(adminUrl: string, name: string, template?: string): Promise<string> {
  await withAdmin(adminUrl, async (client) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
        return;
      } catch (err) {
        // Two copies of one template at the same instant: PostgreSQL refuses the second; retry.
        if (attempt >= 20 || !String(err).includes("being accessed by other users")) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100 + attempt * 50));
      }
    }
  });
  return withDatabase(adminUrl, name);
}

/** Drops `name`, closing any connection still open to it. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
