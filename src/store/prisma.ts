import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { databaseKind } from "../config.js";
import { PrismaClient } from "../generated/prisma/client.js";

export type { Contact, Conversation, Counselor, Message, Prisma } from "../generated/prisma/client.js";
export { PrismaClient };

/**
 * Opens the database named by `databaseUrl`: a SQLite `file:` URL through the better-sqlite3
 * driver adapter, or a `postgresql://` URL through the pg driver adapter (no query-engine binary
 * either way).
 *
 * Both clients are generated from the one schema (`npm run db:generate` derives the PostgreSQL
 * one) and expose the same model API at run time; the code is typed against the SQLite client
 * (the PostgreSQL one only adds options, such as case-insensitive filters, that the code does not
 * use). The component suites run on both databases to hold that.
 */
export async function openDatabase(databaseUrl: string): Promise<PrismaClient> {
  return databaseKind(databaseUrl) === "postgres" ? openPostgres(databaseUrl) : openSqlite(databaseUrl);
}

/** SQLite with WAL journaling so readers never block the writer. */
async function openSqlite(databaseUrl: string): Promise<PrismaClient> {
  const file = databaseUrl.replace(/^file:/, "");
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const prisma = new PrismaClient({
    adapter: new PrismaBetterSQLite3({ url: databaseUrl, timeout: 10_000 }),
  });
  await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await prisma.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  await prisma.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  // Erased and expired rows are overwritten on disk, not left in free pages.
  await prisma.$queryRawUnsafe("PRAGMA secure_delete = ON");
  return prisma;
}

/** PostgreSQL through a pg pool; the client module is loaded only when PostgreSQL is used. */
async function openPostgres(databaseUrl: string): Promise<PrismaClient> {
  const [{ PrismaPg }, generated] = await Promise.all([
    import("@prisma/adapter-pg"),
    import("../generated/prisma-postgres/client.js").catch((err: unknown) => {
      throw new Error(
        `The PostgreSQL client is not generated (run npm run db:generate): ${err instanceof Error ? err.message : err}`,
      );
    }),
  ]);
  const prisma = new generated.PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 10_000 }),
  });
  await prisma.$queryRawUnsafe("SELECT 1");
  // Same model API, generated from the same schema (see openDatabase).
  return prisma as unknown as PrismaClient;
}

/** True when `err` is Prisma's unique-constraint violation (P2002). */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}
