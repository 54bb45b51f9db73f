// npm run retention:purge: deletes closed conversations older than RETENTION_DAYS now, as the
// server does once a day, and prints how many were purged. Anonymous counters are kept.
import { loadConfigOrExit } from "../config.js";
import { purgeExpiredConversations } from "../privacy/retention.js";
import { openMigratedStore, runCli } from "./runCli.js";

async function main(): Promise<number> {
  const config = loadConfigOrExit();
  const store = await openMigratedStore(config);
  try {
    const result = await purgeExpiredConversations(store.privacy, {
      now: new Date(),
      retentionDays: config.RETENTION_DAYS,
    });
    process.stdout.write(
      `retention: purged ${result.conversations} closed conversation(s) older than ${config.RETENTION_DAYS} days ` +
        `(${result.messages} message(s), ${result.notes} note(s)) and ${result.contacts} contact(s) with nothing left\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

runCli("retention purge", main);
