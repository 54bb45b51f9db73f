import type { Logger } from "pino";
import type { ConversationService } from "../../../conversation/conversationService.js";
import type { BotCall } from "./botApi.js";
import { botUpdateSchema, toBotInbound } from "./updates.js";

/** Seconds the platform may hold a `getUpdates` call open. */
export const POLL_TIMEOUT_SECONDS = 30;
const MAX_BACKOFF_MS = 30_000;

/**
 * Long polling: calls `getUpdates` in a loop (one update per call; 408 means "nothing came
 * within the timeout" and is normal) and hands each message to the conversation service,
 * one after the other, so that a user's messages keep their order. `stop()` ends the loop
 * and aborts the call in progress; `start()` can start it again (the instance took the
 * background lock again).
 */
export class BotPoller {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private abort: AbortController | undefined;

  constructor(
    private readonly deps: {
      call: BotCall;
      service: ConversationService;
      logger: Logger;
      clock: () => Date;
    },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    const abort = new AbortController();
    this.abort = abort;
    this.loop = this.run(abort.signal);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort?.abort();
    this.wake?.();
    await this.loop;
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { call, logger } = this.deps;
    let failures = 0;
    while (this.running) {
      const res = await call(
        "getUpdates",
        { timeout: String(POLL_TIMEOUT_SECONDS) },
        (POLL_TIMEOUT_SECONDS + 10) * 1000,
        signal,
      );
      if (!this.running) return;
      if (!res.ok) {
        if (res.code === 408) continue;
        failures += 1;
        // Log the first failure of a streak and then every tenth, not every retry.
        if (failures === 1 || failures % 10 === 0) {
          logger.warn(
            { channel: "zalo_bot", failures, reason: res.description },
            "Zalo Bot getUpdates failed; retrying",
          );
        }
        await this.pause(Math.min(1000 * 2 ** Math.min(failures - 1, 5), MAX_BACKOFF_MS));
        continue;
      }
      failures = 0;
      const updates = Array.isArray(res.result) ? res.result : res.result ? [res.result] : [];
      for (const raw of updates) await this.handle(raw);
    }
  }

  private async handle(raw: unknown): Promise<void> {
    const parsed = botUpdateSchema.safeParse(raw);
    if (!parsed.success) {
      this.deps.logger.warn({ channel: "zalo_bot" }, "Zalo Bot update has an unexpected shape: ignored");
      return;
    }
    const outcome = toBotInbound(parsed.data, this.deps.clock());
    if (outcome.type === "ignore") return;
    try {
      await this.deps.service.handleInbound(outcome.inbound);
    } catch (err) {
      this.deps.logger.error({ err, channel: "zalo_bot" }, "handling a Zalo Bot message failed");
    }
  }

  /** Waits `ms`, or less if `stop()` is called. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
