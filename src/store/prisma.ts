import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.js";

export type { Contact, Conversation, Counselor, Message, Prisma } from "../generated/prisma/client.js";
export { PrismaClient };

/**
 * Opens the SQLite database named by a `file:` URL through the better-sqlite3 driver adapter
 * (no query-engine binary), with WAL journaling so readers never block the writer.
 */
export async function openDatabase(databaseUrl: string): Promise<PrismaClient> {
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

/** True when `err` is Prisma's unique-constraint violation (P2002). */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}
