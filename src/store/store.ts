// The one door to the database. Services get a Store and speak its repositories' domain types;
// only src/store imports Prisma (test/unit/store/storeBoundary.test.ts holds that). The turn's
// hot path has its own store over prepared statements (turnStore.ts); so do the statistics and the
// queue reads a person's message causes (statStore.ts), on a connection of the store's own.

import type { FieldCipher } from "../privacy/fieldCipher.js";
import { AuditLog } from "./auditLog.js";
import { ConsoleSessionRepository } from "./consoleSessionRepository.js";
import { ConversationRepository } from "./conversationRepository.js";
import { CounselorRepository } from "./counselorRepository.js";
import { openDatabase, type PrismaClient } from "./prisma.js";
import { PrivacyStore } from "./privacyStore.js";
import { QueueReads } from "./queueReads.js";
import { ReadMarkRepository } from "./readMarks.js";
import { ReferralStore } from "./referralStore.js";
import { SettingRepository } from "./settingRepository.js";
import { openSqlDriver, type SqlDriver } from "./sqlDriver.js";
import { StatStore } from "./statStore.js";
import { WebSessionRepository } from "./webSessionRepository.js";

/** Every repository, over one database connection. */
export interface Store {
  webSessions: WebSessionRepository;
  conversations: ConversationRepository;
  /** The waiting queue, handling times and seats (prepared statements: a person's message reads them). */
  queue: QueueReads;
  audit: AuditLog;
  readMarks: ReadMarkRepository;
  /** Named settings with a lease (the Zalo OA tokens). */
  settings: SettingRepository;
  /** Anonymous statistics. */
  stats: StatStore;
  /** Referrals; their notes are sealed with `cipher`. */
  referrals(cipher: FieldCipher): ReferralStore;
  counselors: CounselorRepository;
  consoleSessions: ConsoleSessionRepository;
  /** Erasure on request and the retention purge. */
  privacy: PrivacyStore;
  /** Resolves when the database answers (health checks). */
  ping(): Promise<void>;
  /** Closes the connection (command-line tools; the server closes its client itself). */
  close(): Promise<void>;
}

/** Opens the database in `databaseUrl` (SQLite or PostgreSQL) and returns its store. */
export async function openStore(databaseUrl: string): Promise<Store> {
  const prisma = await openDatabase(databaseUrl);
  return createStore(prisma, await openSqlDriver(databaseUrl));
}

/**
 * The store over an open Prisma client (see openDatabase) and a prepared-statement connection to
 * the same database (see openSqlDriver); closing the store closes both.
 */
export function createStore(prisma: PrismaClient, db: SqlDriver): Store {
  const queue = new QueueReads(db);
  return {
    webSessions: new WebSessionRepository(prisma, db),
    conversations: new ConversationRepository(prisma, queue),
    queue,
    audit: new AuditLog(db),
    readMarks: new ReadMarkRepository(prisma),
    settings: new SettingRepository(prisma, db),
    stats: new StatStore(db),
    referrals: (cipher) => new ReferralStore(prisma, cipher),
    counselors: new CounselorRepository(prisma),
    consoleSessions: new ConsoleSessionRepository(prisma),
    privacy: new PrivacyStore(prisma),
    async ping() {
      await prisma.$queryRawUnsafe("SELECT 1");
    },
    async close() {
      await Promise.all([prisma.$disconnect(), db.close()]);
    },
  };
}
