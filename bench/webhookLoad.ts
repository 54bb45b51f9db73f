// Telegram webhook load: the same updates, in the same order, posted to a bot's webhook with a
// fixed number in flight, as Telegram does; then waits until every user has been answered.
import { performance } from "node:perf_hooks";
import { Agent, request } from "undici";
import type { FakeTelegram } from "../test/support/fakeTelegram.js";
import { privateText } from "../test/support/fakeTelegram.js";

/** What the users write, in turn: greetings, menu commands, risky offers, danger (raises a handoff). */
export const USER_TEXTS = [
  "/start",
  "xin chào",
  "Có người rủ em sang Campuchia làm việc nhẹ lương cao 1000 đô, bao ăn ở, không cần kinh nghiệm",
  "cong ty bat nop 50 trieu tien giu cho truoc khi ky hop dong",
  "menu",
  "cho mình hỏi số điện thoại đường dây nóng",
  "Tôi muốn hỏi về thủ tục đi làm ở Hàn Quốc theo chương trình EPS",
  "em bị giữ hộ chiếu, không được ra ngoài, họ đánh em",
];

export interface WebhookLoadOptions {
  webhookUrl: string;
  secret: string;
  fake: FakeTelegram;
  users: number;
  updatesPerUser: number;
  inFlight: number;
  /** First chat id; each run uses new users so that nothing is remembered from a run before. */
  firstChatId: number;
  /** How long to wait for the last replies after the last webhook answer. */
  answerTimeoutMs?: number;
  /**
   * True when the bot has nothing left to do (every update's turn run, every reply sent). A bot
   * that answers the webhook before the turn and sends several replies per update can reach one
   * reply per update at the fake long before its last turn has run; without this the load would
   * end there.
   */
  idle?: () => Promise<boolean>;
}

export interface WebhookLoadResult {
  updates: number;
  /** Until every webhook was answered. */
  acknowledgedSeconds: number;
  /** Until every webhook was answered and every update had its reply at the fake Bot API. */
  answeredSeconds: number;
  updatesPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** Webhook answers other than 200, by status. */
  errors: Record<string, number>;
  sendMessages: number;
  everyUserAnswered: boolean;
  usersAnswered: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/**
 * Posts `users × updatesPerUser` text updates: user order interleaved (user 1's first message,
 * user 2's first, …), so that one user's messages are rarely in flight together, as on Telegram.
 * A user counts as answered when the fake saw at least one sendMessage to them for each of their
 * updates (every flow answer is at least one message; the echo bot sends exactly one), and the
 * bot says it is idle (`idle`, when given).
 */
export async function runWebhookLoad(options: WebhookLoadOptions): Promise<WebhookLoadResult> {
  const { fake, users, updatesPerUser } = options;
  const updates: Record<string, unknown>[] = [];
  for (let k = 0; k < updatesPerUser; k++)
    for (let u = 0; u < users; u++) {
      const chatId = options.firstChatId + u;
      updates.push({
        update_id: fake.nextUpdateId(),
        ...privateText(chatId, USER_TEXTS[(u + k) % USER_TEXTS.length]!),
      });
    }
  const chatIds = new Set(Array.from({ length: users }, (_, u) => String(options.firstChatId + u)));
  const sendsBefore = fake.calls.length;
  const perUser = () => {
    const counts = new Map<string, number>();
    for (let i = sendsBefore; i < fake.calls.length; i++) {
      const call = fake.calls[i]!;
      if (call.method !== "sendMessage") continue;
      const to = String(call.params.chat_id);
      if (chatIds.has(to)) counts.set(to, (counts.get(to) ?? 0) + 1);
    }
    return counts;
  };

  // One keep-alive connection per update in flight, as Telegram keeps its connections to a webhook
  // (up to max_connections, 40 by default), all open before the measured run, for both bots
  // alike: the first answers do not count opening them, nor an update waiting for one.
  const agent = new Agent({ connections: options.inFlight });
  await Promise.all(
    Array.from({ length: options.inFlight }, () =>
      request(new URL("/healthz", options.webhookUrl), { dispatcher: agent }).then((res) => res.body.dump()),
    ),
  );
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: options.inFlight }, async () => {
      while (next < updates.length) {
        const update = updates[next++]!;
        const start = performance.now();
        const status = await request(options.webhookUrl, {
          dispatcher: agent,
          method: "POST",
          headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": options.secret },
          body: JSON.stringify(update),
        }).then(
          async (res) => {
            await res.body.dump();
            return String(res.statusCode);
          },
          () => "network error",
        );
        latencies.push(performance.now() - start);
        if (status !== "200") errors[status] = (errors[status] ?? 0) + 1;
      }
    }),
  );
  const acknowledgedSeconds = (performance.now() - t0) / 1000;
  await agent.close();

  // Replies may go out after the webhook answer: wait (by polling the fake's record) until each
  // user has one per update, or the timeout.
  const deadline = performance.now() + (options.answerTimeoutMs ?? 60_000);
  let answeredAt = performance.now();
  let counts = perUser();
  const allAnswered = () => [...chatIds].every((id) => (counts.get(id) ?? 0) >= updatesPerUser);
  while (!allAnswered() && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    counts = perUser();
    answeredAt = performance.now();
  }
  while (options.idle && !(await options.idle()) && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    counts = perUser();
    answeredAt = performance.now();
  }
  const answeredSeconds = (answeredAt - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const usersAnswered = [...chatIds].filter((id) => (counts.get(id) ?? 0) >= updatesPerUser).length;
  return {
    updates: updates.length,
    acknowledgedSeconds,
    answeredSeconds: Math.max(answeredSeconds, acknowledgedSeconds),
    updatesPerSecond: updates.length / Math.max(answeredSeconds, acknowledgedSeconds),
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? 0 },
    errors,
    sendMessages: [...counts.values()].reduce((a, b) => a + b, 0),
    everyUserAnswered: usersAnswered === users,
    usersAnswered,
  };
}
