import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { expect, inject } from "vitest";
import type { ChannelFactory } from "../../src/channels/channelModule.js";
import { type Config, type DatabaseKind, databaseKind, loadConfig } from "../../src/config.js";
import type { RiskAssessor } from "../../src/conversation/runTurn.js";
import { createLogger } from "../../src/logger.js";
import { type RunningServer, startServer } from "../../src/server.js";
import { openDatabase, type PrismaClient } from "../../src/store/prisma.js";
import { createDatabaseFrom, dropDatabase, uniqueDatabaseName } from "./postgres.js";

/** Log lines a test server wrote, as parsed JSON, for privacy assertions. */
export type LogLines = Record<string, unknown>[];

export interface TestServer extends RunningServer {
  /** A Prisma client of the test's own on the server's database, to seed and inspect rows. */
  prisma: PrismaClient;
  config: Config;
  dir: string;
  logs: LogLines;
  /** The raw log text, to search for things that must never be logged. */
  rawLogs(): string;
  stop(): Promise<void>;
}

export type TestDatabaseKind = DatabaseKind;

/** Keys for servers on PostgreSQL (see startTestServer). */
export const TEST_KEYS = {
  PSEUDONYM_KEY: "test-pseudonym-key-0123456789abcdef",
  DATA_KEY: "0f".repeat(32),
  SESSION_SECRET: "test-session-secret-0123456789abcdef",
};

/** A fresh migrated database and a temp dir for a test's other files. */
export interface TestDatabase {
  kind: TestDatabaseKind;
  dir: string;
  url: string;
  /** Removes the database and the temp dir. */
  drop(): Promise<void>;
}

/**
 * The databases the component, crash and transcript suites run on: SQLite always, PostgreSQL
 * too when globalSetup reached it (`TEST_POSTGRES_URL`).
 */
export function testDatabases(): TestDatabaseKind[] {
  return inject("postgres") ? ["sqlite", "postgres"] : ["sqlite"];
}

/** A fresh migrated SQLite file in a temp dir (a copy of the template migrated in globalSetup). */
export function freshDatabase(): TestDatabase {
  const dir = mkdtempSync(path.join(tmpdir(), "hotline-test-"));
  const file = path.join(dir, "hotline.db");
  copyFileSync(inject("templateDb"), file);
  return {
    kind: "sqlite",
    dir,
    url: `file:${file}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A fresh migrated database of `kind`: PostgreSQL ones are copies of globalSetup's template. */
export async function createTestDatabase(kind: TestDatabaseKind = "sqlite"): Promise<TestDatabase> {
  if (kind === "sqlite") return freshDatabase();
  const postgres = inject("postgres");
  if (!postgres) throw new Error("PostgreSQL is not available to this test run (see testDatabases())");
  const dir = mkdtempSync(path.join(tmpdir(), "hotline-test-"));
  const name = uniqueDatabaseName("hotline_test");
  const url = await createDatabaseFrom(postgres.adminUrl, name, postgres.template);
  return {
    kind,
    dir,
    url,
    async drop() {
      await dropDatabase(postgres.adminUrl, name);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestServerOptions {
  env?: Record<string, string>;
  clock?: () => Date;
  assessRisk?: RiskAssessor;
  timers?: boolean;
  backgroundIntervalMs?: number;
  slowSendMs?: number;
  channels?: ChannelFactory[];
  /** Reuse a database (e.g. after a restart); the caller drops it. */
  database?: { dir: string; url: string };
  /** The kind of fresh database when `database` is not given (default SQLite). */
  db?: TestDatabaseKind;
}

/**
 * Starts the real server on port 0 with a real database: a SQLite file in a temp dir, or a fresh
 * PostgreSQL database with `db: "postgres"`.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const fresh = options.database ? undefined : await createTestDatabase(options.db ?? "sqlite");
  const db = options.database ?? fresh!;
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: db.url,
    LOG_LEVEL: "info",
    // SQLite runs keep generated development keys beside the file; PostgreSQL has no such
    // folder (the server would use ./data), so its runs get fixed keys.
    ...(databaseKind(db.url) === "postgres" ? TEST_KEYS : {}),
    ...options.env,
  });
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = createLogger(config.LOG_LEVEL, sink);
  let server: RunningServer;
  try {
    server = await startServer(config, {
      logger,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.assessRisk ? { assessRisk: options.assessRisk } : {}),
      ...(options.timers !== undefined ? { timers: options.timers } : {}),
      ...(options.backgroundIntervalMs ? { backgroundIntervalMs: options.backgroundIntervalMs } : {}),
      ...(options.slowSendMs ? { slowSendMs: options.slowSendMs } : {}),
      channels: options.channels ?? [],
    });
  } catch (err) {
    await fresh?.drop();
    throw err;
  }
  const prisma = await openDatabase(db.url);
  const close = async () => {
    await prisma.$disconnect();
    await server.close();
  };
  return {
    ...server,
    prisma,
    close,
    config,
    dir: db.dir,
    get logs() {
      return chunks
        .join("")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    rawLogs: () => chunks.join(""),
    async stop() {
      await close();
      await fresh?.drop();
    },
  };
}

/** JSON request helper over real HTTP. */
export async function api(
  base: string,
  method: string,
  pathname: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)["content-type"] ??= "application/json";
  }
  const res = await fetch(`${base}${pathname}`, init);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** Opens a web chat session and returns an authorized message helper. */
export async function webchatSession(base: string, locale?: "vi" | "en") {
  const created = await api(base, "POST", "/webchat/api/sessions", locale ? { locale } : {});
  if (created.status !== 201)
    throw new Error(`session not created: ${created.status} ${JSON.stringify(created.body)}`);
  const { sessionId, token } = created.body as { sessionId: string; token: string };
  const auth = { authorization: `Bearer ${token}` };
  return {
    sessionId,
    token,
    say: (text: string, extra: Record<string, unknown> = {}) =>
      api(base, "POST", `/webchat/api/sessions/${sessionId}/messages`, { text, ...extra }, auth),
    press: (choice: string) =>
      api(base, "POST", `/webchat/api/sessions/${sessionId}/messages`, { choice }, auth),
    history: (after?: string) =>
      api(
        base,
        "GET",
        `/webchat/api/sessions/${sessionId}/messages${after ? `?after=${after}` : ""}`,
        undefined,
        auth,
      ),
  };
}

/**
 * Resolves once no conversation turn is running or queued on `server`. Messenger webhooks are
 * answered as soon as the message is stored and the bot's turn and replies follow: a test that
 * looks at the replies waits for this first.
 */
export async function turnsSettled(server: Pick<RunningServer, "service">): Promise<void> {
  await expect.poll(() => server.service.busy, { interval: 5, timeout: 20_000 }).toBe(0);
}
