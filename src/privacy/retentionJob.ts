import type { Logger } from "pino";
import type { PrivacyStore } from "../store/privacyStore.js";
import { type PurgeOptions, type PurgeResult, purgeExpiredConversations } from "./retention.js";

/** How often the server purges expired conversations. */
export const RETENTION_INTERVAL_MS = 24 * 60 * 60 * 1000;

export interface RetentionJobDeps {
  privacy: PrivacyStore;
  retentionDays: number;
  clock: () => Date;
  logger: Logger;
  lock?: PurgeOptions["lock"];
}

/**
 * The scheduled retention purge: once when the server starts, then every day. The timer is
 * unref'd so it never keeps the process alive; `stop` waits for a run in progress.
 */
export class RetentionJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<PurgeResult | undefined> | undefined;

  constructor(private readonly deps: RetentionJobDeps) {}

  /** Runs one purge now (skipped when one is already running). Failures are logged, not thrown. */
  runOnce(): Promise<PurgeResult | undefined> {
    if (this.running) return this.running;
    const { privacy, retentionDays, clock, logger, lock } = this.deps;
    this.running = purgeExpiredConversations(privacy, {
      now: clock(),
      retentionDays,
      ...(lock ? { lock } : {}),
    })
      .then((result) => {
        if (result.conversations > 0)
          logger.info({ ...result, retentionDays }, "retention: expired conversations purged");
        return result;
      })
      .catch((err: unknown) => {
        logger.error(
          { err },
          "retention: purge failed; it runs again tomorrow or with npm run retention:purge",
        );
        return undefined;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async start(): Promise<void> {
    await this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), RETENTION_INTERVAL_MS).unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
