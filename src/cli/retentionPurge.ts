// npm run retention:purge: deletes closed conversations older than RETENTION_DAYS now, as the
// server does once a day, and prints how many were purged. Anonymous counters are kept.
import { existsSync } from "node:fs";
import path from "node:path";
import { loadConfigOrExit, sqlitePath } from "../config.js";
import { purgeExpiredConversations } from "../privacy/retention.js";
import { openDatabase } from "../store/prisma.js";

async function main(): Promise<number> {
  const config = loadConfigOrExit();
  const file = path.resolve(sqlitePath(config.DATABASE_URL));
  if (!existsSync(file)) {
    console.error(`No database at ${file}: check DATABASE_URL, or run npm run db:migrate first.`);
    return 1;
  }
  const prisma = await openDatabase(config.DATABASE_URL);
  try {
    const result = await purgeExpiredConversations(prisma, {
      now: new Date(),
      retentionDays: config.RETENTION_DAYS,
    });
    process.stdout.write(
      `retention: purged ${result.conversations} closed conversation(s) older than ${config.RETENTION_DAYS} days ` +
        `(${result.messages} message(s), ${result.notes} note(s)) and ${result.contacts} contact(s) with nothing left\n`,
    );
    return 0;
  } finally {
    await prisma.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`retention purge failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
