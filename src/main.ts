// Composition root: config -> migrations -> server -> channels.
import { loadConfigOrExit } from "./config.js";
import { createLogger } from "./logger.js";
import { startServer } from "./server.js";
import { migrateDatabase } from "./store/migrate.js";

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL);
  // In-process: an up-to-date database costs one read, no Prisma CLI start.
  const applied = await migrateDatabase(config.DATABASE_URL);
  if (applied.length > 0) logger.info({ migrations: applied }, "applied database migrations");
  const server = await startServer(config, { logger });
  const shown = config.PUBLIC_URL ?? `http://localhost:${server.port}`;
  logger.info(`web chat demo at ${shown}/ and counselor console at ${shown}/console`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    await server.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
