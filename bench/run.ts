// npm run bench: measures the bot on this machine. Loopback only, bounded in count and time.
// 1) pure parts: risk assessment and engine steps per second;
// 2) the whole server over HTTP: web chat sessions sending messages concurrently (latency, throughput, memory).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.js";
import { riskAssessorFromModel } from "../src/conversation/riskAssessor.js";
import { runTurn } from "../src/conversation/runTurn.js";
import { initialState } from "../src/engine/engine.js";
import { loadFlows } from "../src/flows/loadFlows.js";
import { createTranslator } from "../src/i18n.js";
import { createLogger } from "../src/logger.js";
import { loadRiskModel } from "../src/risk/loadRiskModel.js";
import { startServer } from "../src/server.js";

const { values } = parseArgs({
  options: {
    sessions: { type: "string", default: "50" },
    messages: { type: "string", default: "20" },
    concurrency: { type: "string", default: "25" },
  },
});
const SESSIONS = Number(values.sessions);
const MESSAGES = Number(values.messages);
const CONCURRENCY = Number(values.concurrency);

const SAMPLE_TEXTS = [
  "xin chào",
  "Có người rủ em sang Campuchia làm việc nhẹ lương cao 1000 đô, bao ăn ở, không cần kinh nghiệm",
  "cong ty bat nop 50 trieu tien giu cho truoc khi ky hop dong",
  "menu",
  "1",
  "Tôi muốn hỏi về thủ tục đi làm ở Hàn Quốc theo chương trình EPS",
  "em bị giữ hộ chiếu, không được ra ngoài, họ đánh em",
  "cho mình hỏi số điện thoại đường dây nóng",
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
const ms = (n: number) => `${n.toFixed(2)} ms`;

function benchPure(): void {
  const bundle = loadFlows("flows", "locales");
  const { t } = createTranslator(bundle.resources, { retentionDays: 90 });
  const ctx = { flows: bundle.flows, intents: bundle.intents, t };
  const assess = riskAssessorFromModel(loadRiskModel("flows/risk"));
  const long = `${SAMPLE_TEXTS.join(". ")} `.repeat(20).slice(0, 4000);

  let n = 0;
  let start = performance.now();
  while (performance.now() - start < 2000) {
    assess(SAMPLE_TEXTS[n % SAMPLE_TEXTS.length]!);
    n++;
  }
  const riskPerSec = n / ((performance.now() - start) / 1000);

  const longTimes: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    assess(long);
    longTimes.push(performance.now() - t0);
  }
  longTimes.sort((a, b) => a - b);

  n = 0;
  start = performance.now();
  let state = initialState("vi", ctx);
  while (performance.now() - start < 2000) {
    const r = runTurn(state, { type: "text", text: SAMPLE_TEXTS[n % SAMPLE_TEXTS.length]! }, ctx, assess);
    state = r.state.awaiting ? r.state : initialState("vi", ctx);
    n++;
  }
  const turnsPerSec = n / ((performance.now() - start) / 1000);

  console.log("## Pure parts (single core)");
  console.log(`- risk assessment, short messages: ${Math.round(riskPerSec)} per second`);
  console.log(
    `- risk assessment, 4,000-character message: p50 ${ms(percentile(longTimes, 50))}, p95 ${ms(percentile(longTimes, 95))}`,
  );
  console.log(`- one bot turn (risk + engine): ${Math.round(turnsPerSec)} per second`);
}

async function benchServer(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "hotline-bench-"));
  const url = `file:${path.join(dir, "bench.db")}`;
  const migrated = spawnSync(process.execPath, ["--import", "tsx", "scripts/migrate.ts"], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  if (migrated.status !== 0) throw new Error(migrated.stderr);
  // Each simulated person gets its own client address (X-Forwarded-For behind one trusted proxy),
  // as real users do, so the per-IP rate limits apply per person.
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: url,
    LOG_LEVEL: "warn",
    TRUST_PROXY: "1",
  });
  const server = await startServer(config, { logger: createLogger("warn"), channels: [] });
  const base = server.url;
  const rssBefore = process.memoryUsage().rss;

  const latencies: number[] = [];
  let errors = 0;
  const t0 = performance.now();
  const sessions = Array.from({ length: SESSIONS }, (_, i) => i);
  const statuses = new Map<number, number>();
  const runSession = async (i: number) => {
    const client = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const created = await fetch(`${base}/webchat/api/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": client },
      body: "{}",
    });
    const { sessionId, token } = (await created.json()) as { sessionId: string; token: string };
    for (let m = 0; m < MESSAGES; m++) {
      const start = performance.now();
      const res = await fetch(`${base}/webchat/api/sessions/${sessionId}/messages`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${token}`,
          "x-forwarded-for": client,
        },
        body: JSON.stringify({ text: SAMPLE_TEXTS[(i + m) % SAMPLE_TEXTS.length] }),
      });
      await res.arrayBuffer();
      if (res.status !== 200) errors++;
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      latencies.push(performance.now() - start);
    }
  };
  const queue = [...sessions];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (queue.length > 0) await runSession(queue.shift()!);
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  // One person alone: the latency of a message without queueing behind others.
  const alone: number[] = [];
  const solo = await fetch(`${base}/webchat/api/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": "10.255.255.254" },
    body: "{}",
  });
  const soloSession = (await solo.json()) as { sessionId: string; token: string };
  for (let m = 0; m < 25; m++) {
    const start = performance.now();
    const res = await fetch(`${base}/webchat/api/sessions/${soloSession.sessionId}/messages`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${soloSession.token}`,
        "x-forwarded-for": "10.255.255.254",
      },
      body: JSON.stringify({ text: SAMPLE_TEXTS[m % SAMPLE_TEXTS.length] }),
    });
    await res.arrayBuffer();
    alone.push(performance.now() - start);
  }
  alone.sort((a, b) => a - b);
  const rssAfter = process.memoryUsage().rss;
  const stored = await server.prisma.message.count();
  await server.close();
  rmSync(dir, { recursive: true, force: true });

  console.log("\n## Whole server over HTTP (web chat, SQLite file, loopback)");
  console.log(
    `- ${SESSIONS} sessions × ${MESSAGES} messages, ${CONCURRENCY} concurrent clients: ${latencies.length} messages in ${elapsed.toFixed(1)} s`,
  );
  console.log(
    `- throughput: ${Math.round(latencies.length / elapsed)} user messages per second (each stored, assessed, answered, replies stored)`,
  );
  console.log(
    `- latency: p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(latencies.at(-1) ?? 0)}`,
  );
  console.log(
    `- one client alone, 25 messages: p50 ${ms(percentile(alone, 50))}, p95 ${ms(percentile(alone, 95))}`,
  );
  console.log(
    `- errors: ${errors} (statuses: ${JSON.stringify(Object.fromEntries(statuses))}); messages stored: ${stored}`,
  );
  console.log(
    `- memory (RSS, server and load generator in one process): ${(rssBefore / 2 ** 20).toFixed(0)} MiB before, ${(rssAfter / 2 ** 20).toFixed(0)} MiB after`,
  );
}

benchPure();
await benchServer();
