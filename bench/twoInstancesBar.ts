// The bar of issue #11 by hand: two `npm start` on one fresh PostgreSQL database and Redis.
// Run from the checkout (ports 3101 and 3102, database hotline_bar2 created and dropped):
//   npx tsx bench/twoInstancesBar.ts              a plain SIGKILL of the lock holder
//   MODE=held npx tsx bench/twoInstancesBar.ts    its sends held first, as test/crash/killOneOfTwo does
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { io } from "socket.io-client";
import { type FakeTelegram, privateText, startFakeTelegram } from "../test/support/fakeTelegram.js";

const ROOT = process.cwd();
const DB = "hotline_bar2";
const DATABASE_URL = `postgresql://postgres@127.0.0.1:5432/${DB}`;
const REDIS_URL = "redis://127.0.0.1:6379";
const SECRET = "s3cret_for-the-webhook_0123456789";
const KEYS = { PSEUDONYM_KEY: "k".repeat(32), DATA_KEY: "ab".repeat(32), SESSION_SECRET: "s".repeat(32) };
const PASSWORD = "correct horse battery staple";
const t0 = Date.now();
const say = (...args: unknown[]) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...args);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Instance {
  name: string;
  port: number;
  url: string;
  child: ChildProcess;
  logs: Record<string, unknown>[];
  exited: Promise<number | null>;
  fake: FakeTelegram;
  bgStartedAt?: number;
}

function envFor(port: number, fake: FakeTelegram) {
  return {
    ...process.env,
    ...KEYS,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL,
    REDIS_URL,
    LOG_LEVEL: "info",
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.url,
    TELEGRAM_WEBHOOK_URL: "https://hotline.example.org/telegram/webhook",
    TELEGRAM_WEBHOOK_SECRET: SECRET,
  };
}

function start(name: string, port: number, fake: FakeTelegram): Promise<Instance> {
  const child = spawn("npm", ["start"], {
    cwd: ROOT,
    env: envFor(port, fake),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group: SIGKILL reaches npm, sh and node at once
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const inst: Instance = { name, port, url: `http://127.0.0.1:${port}`, child, logs: [], exited, fake };
  let stderr = "";
  child.stderr!.on("data", (c) => {
    stderr += String(c);
  });
  child.once("exit", (code, signal) =>
    say(`${name} exited: code ${code} signal ${signal}; stderr tail: ${stderr.slice(-600)}`),
  );
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line);
      } catch {
        return;
      }
      inst.logs.push(entry);
      if (entry.level && Number(entry.level) >= 50)
        say(`${name} log error:`, JSON.stringify(entry).slice(0, 400));
      if (entry.msg === "background work started on this instance") {
        inst.bgStartedAt = Date.now();
        say(`${name}: background work started on this instance`, JSON.stringify(entry.duties));
      }
      if (entry.msg === "hotline bot listening") resolve(inst);
    });
    void exited.then((code) => reject(new Error(`${name} exited ${code} before listening: ${stderr}`)));
  });
}

async function api(
  base: string,
  method: string,
  p: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  }
  const res = await fetch(`${base}${p}`, init);
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: the answers' JSON, read field by field below
  let parsed: any = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {}
  return { status: res.status, body: parsed, headers: res.headers };
}

async function signIn(base: string, email: string) {
  const res = await api(base, "POST", "/console/api/login", { email, password: PASSWORD });
  if (res.status !== 200) throw new Error(`login ${res.status} ${JSON.stringify(res.body)}`);
  const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  const csrf = res.body.csrfToken as string;
  return (b: string, method: string, p: string, body?: unknown) =>
    api(b, method, p, body, { cookie, "x-csrf-token": csrf });
}

const webhook = (inst: Instance, body: unknown) =>
  fetch(`${inst.url}/telegram/webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
    body: JSON.stringify(body),
  }).then((r) => r.status);

async function waitUntil<T>(
  what: string,
  check: () => T | undefined | false,
  timeoutMs = 30_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await sleep(50);
  }
}

const results: [string, string][] = [];
const record = (point: string, seen: string) => {
  results.push([point, seen]);
  say(`RESULT ${point}: ${seen}`);
};

async function main() {
  try {
    execFileSync("dropdb", ["-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB]);
  } catch {}
  execFileSync("createdb", ["-h", "127.0.0.1", "-U", "postgres", DB]);
  say(`git HEAD ${execFileSync("git", ["rev-parse", "--short", "HEAD"]).toString().trim()}`);
  const fakeA = await startFakeTelegram("123:abc");
  const fakeB = await startFakeTelegram("123:abc");
  const all: Instance[] = [];
  try {
    // Both at the same instant, from one checkout (the dist/ race of 1 December).
    const startedAt = Date.now();
    const [a, b] = await Promise.all([start("A", 3101, fakeA), start("B", 3102, fakeB)]);
    all.push(a, b);
    say(`both listening after ${Date.now() - startedAt} ms`);
    for (const inst of [a, b]) say(inst.name, "healthz", (await api(inst.url, "GET", "/healthz")).status);

    for (const [email, name] of [
      ["an@example.org", "An"],
      ["binh@example.org", "Binh"],
    ]) {
      // Not execFileSync: a blocked event loop keeps fetch's idle sockets past the server's keep-alive.
      const out = await promisify(execFile)(
        "npm",
        ["run", "-s", "counselor:add", "--", "--email", email!, "--name", name!, "--role", "counselor"],
        { cwd: ROOT, env: { ...envFor(3199, fakeA), COUNSELOR_PASSWORD: PASSWORD } },
      );
      say(out.stdout.trim());
    }

    const delivered = (chatId: number) =>
      [...fakeA.callsOf("sendMessage"), ...fakeB.callsOf("sendMessage")].filter(
        (c) => !c.failed && String(c.params.chat_id) === String(chatId),
      );

    // 1. web chat across instances
    {
      const created = await api(a.url, "POST", "/webchat/api/sessions", {});
      const { sessionId, token } = created.body;
      const onB = await api(
        b.url,
        "POST",
        `/webchat/api/sessions/${sessionId}/messages`,
        { text: "menu" },
        { authorization: `Bearer ${token}` },
      );
      record(
        "web chat A→B",
        `session ${created.status} on A; message on B ${onB.status} with ${onB.body?.messages?.length} bot message(s)`,
      );
    }

    // 2. same Telegram update to both at once
    {
      expect200(await webhook(a, { update_id: 1, ...privateText(880001, "/start") }));
      const once = (
        await waitUntil("menu once", () => {
          const s = delivered(880001);
          return s.at(-1)?.params.reply_markup ? s : undefined;
        })
      ).length;
      const update = { update_id: 2, ...privateText(880002, "/start") };
      const statuses = await Promise.all([webhook(a, update), webhook(b, update)]);
      await waitUntil("menu twice-posted", () => delivered(880002).at(-1)?.params.reply_markup);
      await sleep(3000);
      record(
        "same update to both",
        `${statuses.join(" and ")}; ${delivered(880002).length} sendMessage at the fakes (A ${fakeA.callsOf("sendMessage").filter((c) => String(c.params.chat_id) === "880002").length}, B ${fakeB.callsOf("sendMessage").filter((c) => String(c.params.chat_id) === "880002").length}), as for the update posted once: ${once}`,
      );
    }

    // 3 and 4. two claims at once; a counselor's reply through A reaching the socket on B
    {
      const created = await api(a.url, "POST", "/webchat/api/sessions", {});
      const { sessionId, token } = created.body;
      const asked = await api(
        a.url,
        "POST",
        `/webchat/api/sessions/${sessionId}/messages`,
        { text: "tư vấn viên" },
        { authorization: `Bearer ${token}` },
      );
      say("asked for a counselor", asked.status);
      const an = await signIn(a.url, "an@example.org");
      const binh = await signIn(b.url, "binh@example.org");
      const queue = await an(a.url, "GET", "/console/api/queue");
      const waiting = queue.body.conversations;
      say("queue length", waiting.length);
      const id = waiting[0].id as string;
      const claims = await Promise.all([
        an(a.url, "POST", `/console/api/conversations/${id}/claim`),
        binh(b.url, "POST", `/console/api/conversations/${id}/claim`),
      ]);
      record("two claims at once", `A ${claims[0]!.status}, B ${claims[1]!.status}`);
      const winner = claims[0]!.status === 200 ? an : binh;

      const socket = io(`${b.url}/webchat`, { auth: { sessionId, token }, transports: ["websocket"] });
      await new Promise<void>((resolve, reject) => {
        socket.on("connect", () => resolve());
        socket.on("connect_error", reject);
      });
      const text = "Chào bạn, mình là tư vấn viên.";
      const pushed = new Promise<number>((resolve) =>
        socket.on("message", (m: { text?: string }) => {
          if (m.text === text) resolve(Date.now());
        }),
      );
      const sentAt = Date.now();
      const reply = await winner(a.url, "POST", `/console/api/conversations/${id}/messages`, { text });
      const got = await Promise.race([pushed, sleep(10_000).then(() => 0)]);
      record(
        "counselor reply A → socket on B",
        `reply ${reply.status}; ${got ? `message event on B ${got - sentAt} ms after the POST` : "NO event on B in 10 s"}`,
      );
      socket.close();
    }

    // 5. SIGKILL of the lock holder during a burst of 60 webhooks
    const holder = a.bgStartedAt ? a : b.bgStartedAt ? b : undefined;
    if (!holder) throw new Error("no instance started the background work");
    const other = holder === a ? b : a;
    say(`lock holder: ${holder.name}`);
    {
      const perUpdate = delivered(880001).length;
      holder.fake.failNext("sendMessage", { status: 500, description: "Internal Server Error", times: 4 });
      const UPDATES = 60;
      const updates = Array.from({ length: UPDATES }, (_, index) => {
        const chatId = 5_550_000 + index;
        return { index, chatId, body: { update_id: 100 + index, ...privateText(chatId, "/start") } };
      });
      const ackedBy = new Map<number, string>();
      const unacked: typeof updates = [];
      let killedAt = 0;
      let killing: Promise<void> | undefined;
      const inFlightToHolder = new Set<number>();
      const HELD = process.env.MODE === "held";
      let draining = false; // held mode: the load balancer stops sending to the holder
      const killHolder = async () => {
        if (HELD) {
          draining = true;
          // As test/crash/killOneOfTwo does: sends through the holder never get Telegram's answer
          // from now on, and the kill waits until each request it works on is answered or stuck in
          // such a send, so the kill does not land between Telegram's answer and its record.
          holder.fake.holdAll("sendMessage");
          const stuck = () => new Set(holder.fake.unanswered.map((c) => Number(c.params.chat_id)));
          await waitUntil(
            "in-flight stuck",
            () => [...inFlightToHolder].every((c) => stuck().has(c)),
            20_000,
          );
        }
        killedAt = Date.now();
        process.kill(-holder.child.pid!, "SIGKILL");
        say(`SIGKILL ${holder.name} (process group)${HELD ? " with its sends held" : ""}`);
      };
      let next = 0;
      const worker = async () => {
        while (next < updates.length) {
          const u = updates[next++]!;
          const target: Instance = u.index % 2 === 0 ? holder : other;
          if (target === holder && (killedAt > 0 || draining)) {
            unacked.push(u);
            continue;
          }
          if (target === holder) inFlightToHolder.add(u.chatId);
          try {
            const status = await webhook(target, u.body);
            if (status === 200) ackedBy.set(u.index, target.name);
            else {
              say(`update ${u.index} got ${status} from ${target.name}`);
              unacked.push(u);
            }
          } catch {
            unacked.push(u);
          } finally {
            inFlightToHolder.delete(u.chatId);
          }
          const fromHolder = [...ackedBy.values()].filter((n) => n === holder.name).length;
          if (fromHolder >= 12) killing ??= killHolder();
        }
      };
      await Promise.all(Array.from({ length: 6 }, worker));
      await killing;
      await holder.exited;
      const ackedHolder = [...ackedBy.values()].filter((n) => n === holder.name).length;
      const ackedOther = [...ackedBy.values()].filter((n) => n === other.name).length;
      for (const u of unacked) expect200(await webhook(other, u.body));
      let allAt = 0;
      const answeredAt = new Map<number, number>();
      try {
        await waitUntil(
          "all answered",
          () => {
            for (const u of updates)
              if (!answeredAt.has(u.index) && delivered(u.chatId).length >= perUpdate)
                answeredAt.set(u.index, Date.now());
            return updates.every((u) => answeredAt.has(u.index));
          },
          90_000 - (Date.now() - killedAt),
        );
        allAt = Date.now();
      } catch {}
      await sleep(5000);
      const short = updates.filter((u) => delivered(u.chatId).length < perUpdate).map((u) => u.index);
      const twice = updates.filter((u) => delivered(u.chatId).length > perUpdate).map((u) => u.index);
      for (const index of twice) {
        const u = updates[index]!;
        const of = (f: FakeTelegram) =>
          f
            .callsOf("sendMessage")
            .filter((c) => String(c.params.chat_id) === String(u.chatId))
            .map(
              (c) => `${c.failed ? "FAILED " : ""}${String(c.params.text).slice(0, 28).replace(/\n/g, " ")}`,
            );
        say(
          `twice ${index} (acked by ${ackedBy.get(index) ?? "nobody"}): ${holder.name} sent ${JSON.stringify(of(holder.fake))}; ${other.name} sent ${JSON.stringify(of(other.fake))}`,
        );
      }
      const late = (who: string | undefined) =>
        updates
          .filter((u) => ackedBy.get(u.index) === who)
          .map((u) => ((answeredAt.get(u.index) ?? Number.NaN) - killedAt) / 1000)
          .filter((x) => x > 0)
          .sort((x, y) => x - y);
      say(
        `answered after the kill (s), acked by ${holder.name}: ${late(holder.name)
          .map((x) => x.toFixed(1))
          .join(" ")}`,
      );
      say(
        `answered after the kill (s), sent again: ${updates
          .filter((u) => !ackedBy.has(u.index))
          .map((u) => (((answeredAt.get(u.index) ?? Number.NaN) - killedAt) / 1000).toFixed(1))
          .join(" ")}`,
      );
      const failedAtHolder = holder.fake.callsOf("sendMessage").filter((c) => c.failed).length;
      const owed = updates.filter(
        (u) =>
          ackedBy.get(u.index) === holder.name &&
          holder.fake
            .callsOf("sendMessage")
            .some((c) => c.failed && String(c.params.chat_id) === String(u.chatId)),
      );
      const owedByOther = owed.filter(
        (u) =>
          other.fake.callsOf("sendMessage").filter((c) => String(c.params.chat_id) === String(u.chatId))
            .length > 0,
      );
      record(
        "SIGKILL during burst",
        `${holder.name} answered ${ackedHolder} with 200, ${other.name} ${ackedOther}; ${unacked.length} without an answer sent again to ${other.name}; ` +
          `${allAt ? `all 60 answered (${perUpdate} messages each) ${((allAt - killedAt) / 1000).toFixed(1)} s after the kill` : `NOT all answered within 90 s: ${short.join(",")}`}; ` +
          `more than once: ${twice.length ? twice.join(",") : "none"}; ${failedAtHolder} sends failed (500) at ${holder.name}, ${owed.length} of its acknowledged updates affected, ${owedByOther.length} of them answered by ${other.name}; ` +
          `${other.name} background started ${other.bgStartedAt ? `${((other.bgStartedAt - killedAt) / 1000).toFixed(1)} s after the kill` : "NOT"}`,
      );
    }

    // 6. the background work moves back: restart the killed one, kill the other
    {
      const restarted = await start(`${holder.name}2`, holder.port, holder.fake);
      all.push(restarted);
      await sleep(2000);
      const waitedFirst = !restarted.bgStartedAt;
      const killAt = Date.now();
      process.kill(-other.child.pid!, "SIGKILL");
      await other.exited;
      await waitUntil("background moves", () => restarted.bgStartedAt, 60_000);
      const health = (await api(restarted.url, "GET", "/healthz")).status;
      record(
        "background work moves",
        `${holder.name} restarted (${waitedFirst ? "waited: the other held the lock" : "STARTED background work at once"}); ${other.name} killed with SIGKILL; ${holder.name} started the background work ${((restarted.bgStartedAt! - killAt) / 1000).toFixed(1)} s later; /healthz ${health}`,
      );
    }
  } finally {
    for (const inst of all) {
      if (inst.child.exitCode === null && inst.child.signalCode === null) {
        try {
          process.kill(-inst.child.pid!, "SIGTERM");
        } catch {}
        await Promise.race([inst.exited, sleep(10_000)]);
      }
    }
    await fakeA.close();
    await fakeB.close();
    execFileSync("dropdb", ["-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB]);
    say("database dropped");
    console.log("\n| bar point | seen |\n|---|---|");
    for (const [p, s] of results) console.log(`| ${p} | ${s} |`);
  }
}

function expect200(status: number) {
  if (status !== 200) throw new Error(`expected 200, got ${status}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
