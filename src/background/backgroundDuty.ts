import type { Logger } from "pino";

/**
 * Work that must run on exactly one live instance: long polling, retries, reminders, purges.
 * `BackgroundWork` starts it on the instance that takes the background lock and stops it
 * when that instance loses the lock or shuts down.
 */
export interface BackgroundDuty {
  /** Short name for logs and tests ("outbox", "telegram-polling", …). */
  readonly name: string;
  /** Starts the work on this instance; resolves once it runs. */
  start(): Promise<void>;
  /** Stops the work and waits for a run in progress; the duty can be started again later. */
  stop(): Promise<void>;
}

export interface PeriodicDutyOptions {
  /** Run once at start, before the first interval (default false). */
  immediately?: boolean;
  /** Failures of one run are logged here (without the data it worked on) and the next run goes on. */
  logger: Logger;
}

/**
 * A duty that runs `task` every `intervalMs` while this instance holds the lock. Runs never
 * overlap: a run still busy when the next is due makes that one a no-op.
 */
export function periodicDuty(
  name: string,
  intervalMs: number,
  task: () => Promise<unknown>,
  options: PeriodicDutyOptions,
): BackgroundDuty {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const runOnce = (): Promise<void> => {
    running ??= task()
      .then(() => undefined)
      .catch((err: unknown) => options.logger.error({ err, duty: name }, "background work failed; retrying"))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  return {
    name,
    async start() {
      if (timer) return;
      timer = setInterval(() => void runOnce(), intervalMs).unref();
      if (options.immediately) await runOnce();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
