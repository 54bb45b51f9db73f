import { autoRetry } from "@grammyjs/auto-retry";
import { Bot, GrammyError } from "grammy";
import type { BackgroundDuty } from "../../background/backgroundDuty.js";
import { LOCALES } from "../../engine/types.js";
import type { ChannelContext, ChannelFactory, ChannelHandle } from "../channelModule.js";
import { botApiFetch } from "./botApiFetch.js";
import { botCommandsFor } from "./botCommands.js";
import { safeErrorFields } from "./sendError.js";
import { telegramSender } from "./telegramSender.js";
import { ALLOWED_UPDATES } from "./telegramUpdate.js";
import { classifyUpdate } from "./toInbound.js";
import { createUpdateHandler } from "./updateHandler.js";
import { telegramWebhookRouter, WEBHOOK_PATH } from "./webhookRoute.js";

/** How long `start()` waits for Telegram before letting the rest of the server run without it. */
const START_WAIT_MS = 15_000;

/** Thrown at start when Telegram refuses the bot's setup for good; the message says what to fix. */
export class TelegramSetupError extends Error {
  override name = "TelegramSetupError";
}

/**
 * The Telegram channel (grammY). Starts when TELEGRAM_BOT_TOKEN is set: long polling, or a
 * webhook at `POST /telegram/webhook` when TELEGRAM_WEBHOOK_URL is set. Every update becomes
 * one action (see `classifyUpdate`); only private messages reach the conversation service.
 */
export const telegramChannel: ChannelFactory = (ctx) => {
  const { config } = ctx;
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) return undefined;
  const webhook =
    config.TELEGRAM_WEBHOOK_URL && config.TELEGRAM_WEBHOOK_SECRET
      ? { url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET }
      : undefined;
  return createTelegramChannel(ctx, token, webhook);
};

function createTelegramChannel(
  ctx: ChannelContext,
  token: string,
  webhook: { url: string; secret: string } | undefined,
): ChannelHandle {
  const { service, logger, t, clock } = ctx;
  // A request timeout well above the 30 s long poll, so a silently dropped connection (Telegram
  // blocked on the network) cannot hold a send or the shutdown for grammY's default 500 s.
  const bot = new Bot(token, {
    client: {
      apiRoot: ctx.config.TELEGRAM_API_ROOT,
      timeoutSeconds: 60,
      fetch: botApiFetch() as unknown as typeof fetch,
    },
  });
  // 429s are waited out here (briefly); 5xx and network errors go back to the service,
  // which keeps the message pending and retries it from the database.
  bot.api.config.use(
    autoRetry({
      maxRetryAttempts: 3,
      maxDelaySeconds: 30,
      rethrowInternalServerErrors: true,
      rethrowHttpErrors: true,
    }),
  );

  const handleAction = createUpdateHandler({
    api: bot.api,
    service,
    t,
    logger,
    botUsername: () => (bot.isInited() ? bot.botInfo.username : undefined),
  });
  const processUpdate = async (raw: { update_id: number }, onStored?: () => void) => {
    await handleAction(classifyUpdate(raw, clock()), raw.update_id, onStored);
  };

  service.registerSender(
    "telegram",
    telegramSender({
      api: bot.api,
      markBlocked: (chatId) => service.markBlocked("telegram", chatId),
      logger,
    }),
  );

  // The counselor's typing shows as "typing…" in the person's chat (the hub throttles it to one
  // call per chat per 4 s; Telegram shows it for up to 5 s or until the next message).
  ctx.typing.registerChannel("telegram", async ({ address }) => {
    if (address) await bot.api.sendChatAction(address, "typing");
  });

  if (webhook) {
    if (!new URL(webhook.url).pathname.endsWith(WEBHOOK_PATH)) {
      logger.warn(`TELEGRAM_WEBHOOK_URL should end with ${WEBHOOK_PATH} (unless a proxy rewrites the path)`);
    }
    ctx.router.use(
      telegramWebhookRouter({
        secret: webhook.secret,
        handle: processUpdate,
        logger,
        backlogFull: () => service.backlogFull(),
      }),
    );
  } else {
    bot.use(async (c) => processUpdate(c.update));
    // A failed update is logged (without its content) and polling goes on; the message, if
    // stored, is re-run by the service's recovery at the next start.
    bot.catch((err) => {
      logger.error({ err: safeErrorFields(err.error) }, "telegram: update failed");
    });
  }

  const abort = new AbortController();
  const polling = pollingDuty(bot, logger);

  const setCommands = async () => {
    for (const locale of LOCALES) {
      try {
        await bot.api.setMyCommands(
          botCommandsFor(locale, t),
          locale === "vi" ? {} : { language_code: locale },
        );
      } catch (err) {
        logger.warn({ err: safeErrorFields(err), locale }, "telegram: command menu not set");
      }
    }
  };

  const setup = async (): Promise<void> => {
    // getMe, retried on network errors until stop() aborts it.
    await bot.init(abort.signal as Parameters<typeof bot.init>[0]);
    if (webhook) {
      await retryUntilDone(
        () =>
          bot.api.setWebhook(webhook.url, {
            secret_token: webhook.secret,
            allowed_updates: [...ALLOWED_UPDATES],
          }),
        abort.signal,
      );
    }
    await setCommands();
  };

  return {
    name: "telegram",
    async start() {
      const ready = setup().then(
        () => ({ ok: true as const }),
        (err: unknown) => ({ ok: false as const, err }),
      );
      let timer: NodeJS.Timeout | undefined;
      const slow = new Promise<"slow">((resolve) => {
        timer = setTimeout(() => resolve("slow"), START_WAIT_MS).unref();
      });
      const outcome = await Promise.race([ready, slow]);
      clearTimeout(timer);
      if (outcome === "slow") {
        // Telegram may be blocked or down: the web chat and console must still run.
        logger.warn(
          "telegram: Bot API not reachable yet; the rest of the server runs and Telegram keeps trying",
        );
        void ready.then((late) => {
          if (late.ok) logger.info({ mode: webhook ? "webhook" : "polling" }, "telegram: connected");
          else if (!abort.signal.aborted) {
            logger.error({ err: safeErrorFields(late.err) }, `telegram: setup failed. ${hintFor(late.err)}`);
          }
        });
        return;
      }
      if (!outcome.ok) {
        if (abort.signal.aborted) return;
        throw new TelegramSetupError(`Telegram setup failed: ${hintFor(outcome.err)}`);
      }
      logger.info({ mode: webhook ? "webhook" : "polling" }, "telegram: connected");
    },
    async stop() {
      abort.abort();
      await polling.stop();
    },
    // Long polling runs on one instance: Telegram hands each update to one reader only.
    ...(webhook ? {} : { background: [polling] }),
  };
}

/**
 * Long polling as a background duty. `bot.start` deletes any webhook first and then polls;
 * when polling fails (Telegram answers 409 while another process still reads the updates,
 * or the network is down), it starts again after a pause that grows up to a minute.
 */
function pollingDuty(bot: Bot, logger: ChannelContext["logger"]): BackgroundDuty {
  let active = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  return {
    name: "telegram-polling",
    async start() {
      if (active) return;
      active = true;
      let started: () => void = () => undefined;
      const ready = new Promise<void>((resolve) => {
        started = resolve;
      });
      loop = (async () => {
        let delayMs = 1_000;
        while (active) {
          try {
            await bot.start({
              allowed_updates: [...ALLOWED_UPDATES],
              onStart: () => {
                delayMs = 1_000;
                started();
              },
            });
          } catch (err) {
            if (!active) break;
            logger.error({ err: safeErrorFields(err) }, `telegram: polling stopped. ${hintFor(err)}`);
          }
          started();
          if (!active) break;
          await pause(delayMs);
          delayMs = Math.min(delayMs * 2, 60_000);
        }
      })();
      // Telegram may be slow to answer: the rest of the background work must not wait long.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        ready,
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, START_WAIT_MS).unref();
        }),
      ]);
      clearTimeout(timer);
    },
    async stop() {
      active = false;
      wake?.();
      if (bot.isRunning()) await bot.stop().catch(() => undefined);
      await loop;
    },
  };
}

/** What the operator should do about a setup error. */
function hintFor(err: unknown): string {
  if (err instanceof GrammyError) {
    if (err.error_code === 401 || err.error_code === 404) {
      return "Telegram refused TELEGRAM_BOT_TOKEN: copy the token again from @BotFather.";
    }
    if (err.error_code === 409) {
      return "Another process is reading this bot's updates (another deployment of this bot, or a webhook is set): stop it.";
    }
    if (err.method === "setWebhook") {
      return `Telegram refused TELEGRAM_WEBHOOK_URL (${err.description}): it must be a public https URL.`;
    }
    return `Telegram answered ${err.error_code}: ${err.description}.`;
  }
  return "Check that this machine can reach TELEGRAM_API_ROOT.";
}

/** Runs a setup call until it succeeds, waiting longer after each temporary failure. */
async function retryUntilDone<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
  let delayMs = 500;
  for (;;) {
    try {
      return await task();
    } catch (err) {
      const permanent = err instanceof GrammyError && err.error_code < 500 && err.error_code !== 429;
      if (permanent || signal.aborted) throw err;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs);
        signal.addEventListener("abort", () => {
          clearTimeout(timer);
          resolve();
        });
      });
      delayMs = Math.min(delayMs * 2, 60_000);
    }
  }
}
