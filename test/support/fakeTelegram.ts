// A loopback fake of the Telegram Bot API (the subset the adapter uses), for component tests.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the bot made, with its JSON (or form) parameters. */
export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  /** True when the fake answered it with a programmed failure (nothing was delivered). */
  failed?: boolean;
}

/** A programmed failure for the next call(s) of a method. */
export interface Failure {
  status: number;
  description: string;
  retryAfter?: number;
  /** How many calls fail (default 1). */
  times?: number;
}

export interface FakeTelegram {
  url: string;
  token: string;
  calls: ApiCall[];
  /** Queues an update for getUpdates (long polling); `update_id` is assigned when absent. */
  queueUpdate(update: Record<string, unknown>): number;
  /** Next free update id (to build a webhook update). */
  nextUpdateId(): number;
  /** Makes the next call(s) of `method` fail with a Bot API error. */
  failNext(method: string, failure: Failure): void;
  /** Resolves with the calls of `method` once there are at least `count` (10 s guard). */
  waitForCalls(method: string, count?: number): Promise<ApiCall[]>;
  /**
   * Resolves once the bot confirmed update `updateId` (asked getUpdates for a later offset).
   * grammY's polling handles updates one by one, so by then the update is fully handled.
   */
  handled(updateId: number): Promise<void>;
  /** Resolves with the first truthy result of `check`, re-run after every request. */
  waitFor<T>(what: string, check: () => T | undefined | false): Promise<T>;
  callsOf(method: string): ApiCall[];
  /**
   * From now on, calls of `method` are never answered (the caller waits until it dies or the
   * fake closes) and count as not delivered: they go to `unanswered`, not to `calls`.
   */
  holdAll(method: string): void;
  unanswered: ApiCall[];
  /**
   * From now on, calls of `method` wait (they go to `paused`) until the returned function is
   * called; then they are answered as usual, in order.
   */
  pause(method: string): () => void;
  paused: ApiCall[];
  close(): Promise<void>;
}

const BOT = { id: 4242, is_bot: true, first_name: "Hotline", username: "hotline_test_bot" };
const MAX_HOLD_MS = 1_000;

export interface FakeTelegramOptions {
  /**
   * How long every call (but getUpdates) takes before it is answered, as a Bot API that is not
   * on this machine does (npm run bench -- --api-latency). Default 0.
   */
  latencyMs?: number;
}

/** Starts the fake on 127.0.0.1, port 0. Only requests for `token` are answered. */
export async function startFakeTelegram(
  token = "123:abc",
  options: FakeTelegramOptions = {},
): Promise<FakeTelegram> {
  const latencyMs = options.latencyMs ?? 0;
  const calls: ApiCall[] = [];
  const queue: Record<string, unknown>[] = [];
  const failures = new Map<string, Failure & { left: number }>();
  const held = new Set<() => void>();
  const waiters = new Set<() => void>();
  const holding = new Set<string>();
  const unanswered: ApiCall[] = [];
  const paused: ApiCall[] = [];
  const pauses = new Map<string, Promise<void>>();
  let updateId = 1000;
  let confirmedBelow = 0;
  let messageId = 1;

  const notify = () => {
    for (const wake of [...waiters]) wake();
  };

  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  const readParams = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    if (raw === "") return {};
    const type = req.headers["content-type"] ?? "";
    if (type.includes("application/json")) return JSON.parse(raw) as Record<string, unknown>;
    return Object.fromEntries(new URLSearchParams(raw));
  };

  const takeUpdates = (offset: number) => {
    // Confirmed updates (below offset) are dropped, as Telegram does.
    while (queue.length > 0 && Number(queue[0]?.update_id) < offset) queue.shift();
    return queue.slice(0, 100);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? "");
      if (!match || match[1] !== token) {
        reply(res, 404, { ok: false, error_code: 404, description: "Not Found" });
        return;
      }
      const method = match[2] as string;
      const params = await readParams(req);
      if (holding.has(method)) {
        unanswered.push({ method, params });
        notify();
        return;
      }
      const pause = pauses.get(method);
      if (pause) {
        paused.push({ method, params });
        notify();
        await pause;
      }
      if (latencyMs > 0 && method !== "getUpdates")
        await new Promise((resolve) => setTimeout(resolve, latencyMs));
      const call: ApiCall = { method, params };
      if (method !== "getUpdates") {
        calls.push(call);
        notify();
      }
      const failure = failures.get(method);
      if (failure && failure.left > 0) {
        failure.left -= 1;
        call.failed = true;
        reply(res, failure.status, {
          ok: false,
          error_code: failure.status,
          description: failure.description,
          ...(failure.retryAfter !== undefined ? { parameters: { retry_after: failure.retryAfter } } : {}),
        });
        return;
      }
      switch (method) {
        case "getMe":
          return reply(res, 200, { ok: true, result: BOT });
        case "deleteWebhook":
        case "setWebhook":
        case "setMyCommands":
        case "answerCallbackQuery":
        case "sendChatAction":
          return reply(res, 200, { ok: true, result: true });
        case "sendMessage": {
          const chatId = Number(params.chat_id);
          return reply(res, 200, {
            ok: true,
            result: {
              message_id: messageId++,
              date: Math.floor(Date.now() / 1000),
              chat: { id: chatId, type: "private" },
              text: params.text,
            },
          });
        }
        case "getUpdates": {
          const offset = Number(params.offset ?? 0);
          if (offset > confirmedBelow) {
            confirmedBelow = offset;
            notify();
          }
          const timeoutMs = Math.min(Number(params.timeout ?? 0) * 1000, MAX_HOLD_MS);
          const ready = takeUpdates(offset);
          if (ready.length > 0 || timeoutMs === 0) return reply(res, 200, { ok: true, result: ready });
          // Long poll: hold the request until an update is queued or the hold time ends.
          await new Promise<void>((resolve) => {
            const done = () => {
              clearTimeout(timer);
              held.delete(done);
              res.off("close", done);
              resolve();
            };
            const timer = setTimeout(done, timeoutMs);
            held.add(done);
            // The bot aborts its long poll when it stops.
            res.once("close", done);
          });
          if (res.writableEnded || res.destroyed) return;
          return reply(res, 200, { ok: true, result: takeUpdates(offset) });
        }
        default:
          return reply(res, 404, { ok: false, error_code: 404, description: `Not Found: method ${method}` });
      }
    })().catch((err: unknown) => {
      if (!res.headersSent) reply(res, 500, { ok: false, error_code: 500, description: String(err) });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const callsOf = (method: string) => calls.filter((c) => c.method === method);

  function waitFor<T>(what: string, check: () => T | undefined | false): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const result = check();
        if (result === undefined || result === false) return;
        waiters.delete(attempt);
        clearTimeout(guard);
        resolve(result);
      };
      // A guard, not a sleep: fails the test with what was seen instead of hanging.
      const guard = setTimeout(() => {
        waiters.delete(attempt);
        reject(
          new Error(`timed out waiting for ${what}; calls seen: ${calls.map((c) => c.method).join(", ")}`),
        );
      }, 10_000);
      waiters.add(attempt);
      attempt();
    });
  }

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    calls,
    callsOf,
    nextUpdateId: () => ++updateId,
    queueUpdate(update) {
      const full = { update_id: ++updateId, ...update };
      queue.push(full);
      for (const wake of [...held]) wake();
      return Number(full.update_id);
    },
    failNext(method, failure) {
      failures.set(method, { ...failure, left: failure.times ?? 1 });
    },
    waitFor,
    waitForCalls: (method, count = 1) =>
      waitFor(`${count} ${method} call(s)`, () => {
        const found = callsOf(method);
        return found.length >= count && found;
      }),
    holdAll(method) {
      holding.add(method);
    },
    unanswered,
    pause(method) {
      let resume!: () => void;
      pauses.set(
        method,
        new Promise<void>((resolve) => {
          resume = resolve;
        }),
      );
      return () => {
        pauses.delete(method);
        resume();
      };
    },
    paused,
    handled: async (id) => {
      await waitFor(`update ${id} handled`, () => confirmedBelow > id);
    },
    async close() {
      for (const wake of [...held]) wake();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The env of a server whose Telegram channel uses `fake` as its Bot API and takes updates on a
 * webhook with `secret` (the public URL only has to end in /telegram/webhook).
 */
export function telegramWebhookEnv(
  fake: Pick<FakeTelegram, "token" | "url">,
  secret: string,
  url = "https://hotline.example.org/telegram/webhook",
): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.url,
    TELEGRAM_WEBHOOK_URL: url,
    TELEGRAM_WEBHOOK_SECRET: secret,
  };
}

/** A private text message update from a user (no name or username, as a careful fake). */
export function privateText(chatId: number, text: string, languageCode = "vi"): Record<string, unknown> {
  return {
    message: {
      message_id: Math.floor(Math.random() * 1e6),
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: "private", first_name: "Lan" },
      from: {
        id: chatId,
        is_bot: false,
        first_name: "Lan",
        username: "lan_secret",
        language_code: languageCode,
      },
      text,
      ...(text.startsWith("/")
        ? { entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length }] }
        : {}),
    },
  };
}

/** A button press on a message the bot sent. */
export function buttonPress(chatId: number, data: string, languageCode = "vi"): Record<string, unknown> {
  return {
    callback_query: {
      id: `cq${Math.floor(Math.random() * 1e9)}`,
      from: { id: chatId, is_bot: false, first_name: "Lan", language_code: languageCode },
      message: { message_id: 1, date: 0, chat: { id: chatId, type: "private" }, text: "..." },
      chat_instance: "ci",
      data,
    },
  };
}

/** Keyboard rows of a sendMessage call, as [label, callback_data] pairs. */
export function keyboardOf(call: ApiCall | undefined): [string, string][] {
  const markup = call?.params.reply_markup as
    | { inline_keyboard?: { text: string; callback_data: string }[][] }
    | undefined;
  return (markup?.inline_keyboard ?? []).map((row) => [row[0]?.text ?? "", row[0]?.callback_data ?? ""]);
}
