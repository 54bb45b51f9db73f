// npm run bench: measures the bot on this machine, loopback only, bounded in count and time.
//  1. start time of `npm start` (healthy /healthz), on a fresh and on an existing database;
//  2. Telegram webhooks side by side: a bare grammY echo bot and the project (all modules on)
//     against one loopback fake Bot API, the same updates, the same number in flight;
//  3. idle web chat sockets: server RSS with N sessions connected;
//  4. the pure parts (risk model, one bot turn) on one core.
// Every server under test runs in its own process; this one generates the load and hosts the fake.
// Options: --only start,webhook,sockets,pure  --db sqlite,postgres  --users 200 --per-user 6
//          --in-flight 50  --warm-up 100  --api-latency 0  --sockets 5000  --start-runs 3  --repeat 1
// BENCH_CPU_PROF=<dir> writes a CPU profile of each project server there (node --cpu-prof).
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildServer } from "../scripts/build-server.mjs";
import { buildWeb } from "../scripts/build-web.mjs";
import { openSqlDriver, sql } from "../src/store/sqlDriver.js";
import { startFakeTelegram } from "../test/support/fakeTelegram.js";
import {
  createDatabaseFrom,
  dropDatabase,
  TEST_POSTGRES_URL,
  uniqueDatabaseName,
  withDatabase,
} from "../test/support/postgres.js";
import { holdIdleSockets, openSessions } from "./idleSockets.js";
import { cpuSeconds, freePort, rssMiB, spawnUntilReady } from "./processes.js";
import { benchPure } from "./pureParts.js";
import { runWebhookLoad, type WebhookLoadResult } from "./webhookLoad.js";

const { values } = parseArgs({
  options: {
    only: { type: "string", default: "start,webhook,sockets,pure" },
    db: { type: "string", default: "sqlite,postgres" },
    users: { type: "string", default: "200" },
    "per-user": { type: "string", default: "6" },
    "in-flight": { type: "string", default: "50" },
    /** Milliseconds the fake Bot API takes to answer each call (0: on this machine; Telegram is farther). */
    "api-latency": { type: "string", default: "0" },
    /**
     * Updates each bot gets (other users, not counted) before its measured run. 100 leaves both
     * still compiling their hot code (a server just started); 1200 measures them warm.
     */
    "warm-up": { type: "string", default: "100" },
    sockets: { type: "string", default: "5000" },
    "start-runs": { type: "string", default: "3" },
    /** Webhook pairs (echo bot, then the project) per database; more than 1 adds the median ratio. */
    repeat: { type: "string", default: "1" },
  },
});
const parts = new Set(values.only.split(","));
const databases = values.db.split(",") as ("sqlite" | "postgres")[];
const TOKEN = "4242:bench-token";
const SECRET = "bench_webhook_secret_0123456789";
const KEYS = {
  NODE_ENV: "production",
  PSEUDONYM_KEY: randomBytes(24).toString("hex"),
  DATA_KEY: randomBytes(32).toString("hex"),
  SESSION_SECRET: randomBytes(24).toString("hex"),
};

const load = () => `load ${loadavg()[0]!.toFixed(1)}`;
const fixed = (n: number, digits = 0) => n.toFixed(digits);

/** A database for one server: a SQLite file in a temp dir, or a new PostgreSQL database. */
interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

async function newDatabase(kind: "sqlite" | "postgres"): Promise<BenchDatabase> {
  if (kind === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "hotline-bench-"));
    return { url: `file:${path.join(dir, "bench.db")}`, drop: async () => rmSync(dir, { recursive: true }) };
  }
  const name = uniqueDatabaseName("hotline_bench");
  await createDatabaseFrom(TEST_POSTGRES_URL, name);
  return { url: withDatabase(TEST_POSTGRES_URL, name), drop: () => dropDatabase(TEST_POSTGRES_URL, name) };
}

async function postgresAvailable(): Promise<boolean> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** `npm start`'s command line (Node and its flags), run without npm in front. */
function startCommand(): string[] {
  const scripts = JSON.parse(readFileSync("package.json", "utf8")).scripts as Record<string, string>;
  const [node, ...args] = scripts.start!.split(" ");
  if (node !== "node") throw new Error(`npm start is expected to run node, not: ${scripts.start}`);
  return args;
}

/** The project as `npm start` runs it (same Node flags; the build is current, see below). */
async function startProject(env: Record<string, string>) {
  const port = await freePort();
  const server = await spawnUntilReady(
    process.execPath,
    [
      ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      ...startCommand(),
    ],
    { ...KEYS, HOST: "127.0.0.1", PORT: String(port), ...env },
    `http://127.0.0.1:${port}/healthz`,
  );
  return { ...server, base: `http://127.0.0.1:${port}` };
}

async function benchStart(kind: "sqlite" | "postgres", runs: number): Promise<void> {
  const times = { fresh: [] as number[], existing: [] as number[] };
  for (let run = 0; run < runs; run++) {
    const db = await newDatabase(kind);
    try {
      for (const which of ["fresh", "existing"] as const) {
        const port = await freePort();
        const server = await spawnUntilReady(
          "npm",
          ["start"],
          { ...KEYS, DATABASE_URL: db.url, HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn" },
          `http://127.0.0.1:${port}/healthz`,
        );
        times[which].push(server.startSeconds);
        await server.stop();
      }
    } finally {
      await db.drop();
    }
  }
  const show = (list: number[]) => list.map((s) => `${fixed(s, 2)} s`).join(", ");
  console.log(
    `- ${kind}: fresh database ${show(times.fresh)}; existing database ${show(times.existing)} (${load()})`,
  );
}

function showWebhook(name: string, r: WebhookLoadResult & { cpuMsPerUpdate: number }): void {
  const errors = Object.entries(r.errors);
  console.log(
    `| ${name} | ${fixed(r.updatesPerSecond)} | ${fixed(r.latencyMs.p50)} / ${fixed(r.latencyMs.p99)} ms | ` +
      `${errors.length === 0 ? "0" : errors.map(([s, n]) => `${n}× ${s}`).join(", ")} | ` +
      `${r.everyUserAnswered ? "yes" : `no (${r.usersAnswered})`} | ${r.sendMessages} | ${fixed(r.acknowledgedSeconds, 1)} s / ${fixed(r.answeredSeconds, 1)} s | ${fixed(r.cpuMsPerUpdate, 1)} ms | ${load()} |`,
  );
}

async function benchWebhook(kinds: ("sqlite" | "postgres")[]): Promise<void> {
  const apiLatencyMs = Number(values["api-latency"]);
  const fake = await startFakeTelegram(TOKEN, { latencyMs: apiLatencyMs });
  const options = {
    secret: SECRET,
    fake,
    users: Number(values.users),
    updatesPerUser: Number(values["per-user"]),
    inFlight: Number(values["in-flight"]),
  };
  let lastChatId = 7_000_000_000;
  /** Each run talks to new users, so that nothing is remembered from the run before. */
  const newUsers = () => {
    lastChatId += 10_000;
    return lastChatId;
  };
  // A server that has just started compiles its hot code while the first requests come in: both
  // bots get the same updates (other users, not counted) before the measured run. With the
  // default 100 (50 users, 2 each, 10 in flight) both are still compiling during the run; with
  // 1200 (the measured load's own shape) both run warm, as a server that has been up a while.
  const warmUpUpdates = Math.max(1, Number(values["warm-up"]));
  const warmUsers = Math.min(options.users, Math.ceil(warmUpUpdates / 2));
  const warmUp = (webhookUrl: string, idle?: () => Promise<boolean>) =>
    runWebhookLoad({
      ...options,
      users: warmUsers,
      updatesPerUser: Math.ceil(warmUpUpdates / warmUsers),
      inFlight: warmUpUpdates <= 100 ? 10 : options.inFlight,
      webhookUrl,
      firstChatId: newUsers(),
      ...(idle ? { idle } : {}),
    });
  const echo = async () => {
    const port = await freePort();
    const bot = await spawnUntilReady(
      process.execPath,
      ["bench/echoBot.mjs"],
      { BOT_TOKEN: TOKEN, API_ROOT: fake.url, PORT: String(port), SECRET },
      `http://127.0.0.1:${port}/healthz`,
    );
    try {
      await warmUp(`http://127.0.0.1:${port}/telegram/webhook`);
      const cpuBefore = cpuSeconds(bot.child.pid!);
      const result = await runWebhookLoad({
        ...options,
        webhookUrl: `http://127.0.0.1:${port}/telegram/webhook`,
        firstChatId: newUsers(),
      });
      const cpuMsPerUpdate = ((cpuSeconds(bot.child.pid!) - cpuBefore) * 1000) / result.updates;
      return { result: { ...result, cpuMsPerUpdate }, rss: rssMiB(bot.child.pid!) };
    } finally {
      await bot.stop();
    }
  };
  console.log(
    `\n## Telegram webhooks: ${options.users * options.updatesPerUser} updates from ${options.users} users, ${options.inFlight} in flight, after a warm-up of ${warmUsers * Math.ceil(warmUpUpdates / warmUsers)} updates${apiLatencyMs > 0 ? `, the Bot API answering each call after ${apiLatencyMs} ms` : ""}\n`,
  );
  console.log(
    "| bot | updates/s | webhook answer p50 / p99 | errors | every user answered | replies | acknowledged / answered | server CPU per update | machine |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|");
  const repeat = Math.max(1, Number(values.repeat));
  try {
    for (const kind of kinds) {
      const ratios: number[] = [];
      for (let pair = 0; pair < repeat; pair++) ratios.push(await webhookPair(kind));
      if (repeat > 1) {
        const sorted = [...ratios].sort((a, b) => a - b);
        const mid = sorted.length / 2;
        const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
        console.log(
          `| median ratio (${kind}) over ${repeat} pairs | **${fixed(median)} %** (${sorted.map((r) => `${fixed(r)} %`).join(", ")}) | | | | | | | |`,
        );
      }
    }
  } finally {
    await fake.close();
  }

  /** One echo run and one project run on `kind`, one after the other; returns the ratio in %. */
  async function webhookPair(kind: "sqlite" | "postgres"): Promise<number> {
    const bare = await echo();
    showWebhook("bare grammY echo (Express + webhookCallback)", bare.result);
    const db = await newDatabase(kind);
    const project = await startProject({
      DATABASE_URL: db.url,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.url,
      TELEGRAM_WEBHOOK_URL: "https://hotline.example.org/telegram/webhook",
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    });
    // The project answers the webhook once the update is stored and sends 2–3 replies per update:
    // the load ends when its database has no update left to run and no reply left to send.
    const probe = await openSqlDriver(db.url);
    const idle = async () => {
      const [row] = await probe.query(
        sql(
          `SELECT COUNT(*) AS "left" FROM "Message" WHERE ("direction" = 'in' AND "delivery" = 'received') OR ("direction" = 'out' AND "delivery" = 'pending')`,
        ),
      );
      return Number(row?.left ?? 0) === 0;
    };
    try {
      await warmUp(`${project.base}/telegram/webhook`, idle);
      const cpuBefore = cpuSeconds(project.child.pid!);
      const result = await runWebhookLoad({
        ...options,
        webhookUrl: `${project.base}/telegram/webhook`,
        firstChatId: newUsers(),
        idle,
      });
      const cpuMsPerUpdate = ((cpuSeconds(project.child.pid!) - cpuBefore) * 1000) / result.updates;
      showWebhook(`this project, all modules on, ${kind}`, { ...result, cpuMsPerUpdate });
      const ratio = (100 * result.updatesPerSecond) / bare.result.updatesPerSecond;
      console.log(
        `| ratio (${kind}) | **${fixed(ratio)} %** of the echo bot | | | | | | ${fixed(cpuMsPerUpdate / bare.result.cpuMsPerUpdate, 1)}× the echo bot's CPU | |`,
      );
      return ratio;
    } finally {
      await probe.close();
      await project.stop();
      await db.drop();
    }
  }
}

async function benchSockets(count: number): Promise<void> {
  const db = await newDatabase("sqlite");
  const project = await startProject({ DATABASE_URL: db.url, TRUST_PROXY: "1", LOG_LEVEL: "warn" });
  try {
    const pid = project.child.pid!;
    const idle = rssMiB(pid);
    const opened = await openSessions(project.base, count);
    const held = await holdIdleSockets(project.base, opened.sessions, () => rssMiB(pid));
    console.log(`\n## ${count} idle web chat sockets (SQLite)\n`);
    console.log(`- server RSS: ${fixed(idle)} MiB idle after start`);
    console.log(
      `- ${opened.sessions.length} sessions opened at ${fixed(opened.perSecond)} per second (${opened.failed} failed): RSS ${fixed(held.rssBeforeMiB)} MiB`,
    );
    console.log(
      `- ${held.connected} sockets connected and idle (${held.failed} failed): **RSS ${fixed(held.rssAfterMiB)} MiB** (${load()})`,
    );
  } finally {
    await project.stop();
    await db.drop();
  }
}

console.log(`# npm run bench — ${new Date().toISOString()}, Node ${process.version}, ${load()}`);
// What `npm start` would do first: the compiled server and bundles current, then nothing is built below.
await buildWeb();
await buildServer();
const kinds: ("sqlite" | "postgres")[] = databases.filter((kind) => kind === "sqlite");
if (databases.includes("postgres")) {
  if (await postgresAvailable()) kinds.push("postgres");
  else console.log(`(PostgreSQL not reachable at TEST_POSTGRES_URL: its runs are skipped)`);
}
if (parts.has("start")) {
  console.log(`\n## npm start until /healthz answers, ${values["start-runs"]} runs each\n`);
  for (const kind of kinds) await benchStart(kind, Number(values["start-runs"]));
}
if (parts.has("webhook")) await benchWebhook(kinds);
if (parts.has("sockets")) await benchSockets(Number(values.sockets));
if (parts.has("pure")) {
  const pure = benchPure();
  console.log("\n## Pure parts (one core, no I/O)\n");
  console.log(`- risk assessment, short messages: ${fixed(pure.riskPerSecond)} per second`);
  console.log(
    `- risk assessment, 4,000-character message: p50 ${fixed(pure.longMessageMs.p50, 2)} ms, p95 ${fixed(pure.longMessageMs.p95, 2)} ms`,
  );
  console.log(`- one bot turn (risk + engine): ${fixed(pure.turnsPerSecond)} per second (${load()})`);
}
process.exit(0);
