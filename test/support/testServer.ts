import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { inject } from "vitest";
import type { ChannelFactory } from "../../src/channels/channelModule.js";
import { type Config, loadConfig } from "../../src/config.js";
import type { RiskAssessor } from "../../src/conversation/runTurn.js";
import { createLogger } from "../../src/logger.js";
import { type RunningServer, startServer } from "../../src/server.js";

/** Log lines a test server wrote, as parsed JSON, for privacy assertions. */
export type LogLines = Record<string, unknown>[];

export interface TestServer extends RunningServer {
  config: Config;
  dir: string;
  logs: LogLines;
  /** The raw log text, to search for things that must never be logged. */
  rawLogs(): string;
  stop(): Promise<void>;
}

/** A fresh migrated SQLite file in a temp dir (a copy of the template migrated in globalSetup). */
export function freshDatabase(): { dir: string; url: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "hotline-test-"));
  const file = path.join(dir, "hotline.db");
  copyFileSync(inject("templateDb"), file);
  return { dir, url: `file:${file}` };
}

export interface TestServerOptions {
  env?: Record<string, string>;
  clock?: () => Date;
  assessRisk?: RiskAssessor;
  timers?: boolean;
  channels?: ChannelFactory[];
  /** Reuse a database (e.g. after a restart). */
  database?: { dir: string; url: string };
}

/** Starts the real server on port 0 with a real SQLite file in a temp dir. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const db = options.database ?? freshDatabase();
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: db.url,
    LOG_LEVEL: "info",
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
  const server = await startServer(config, {
    logger,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.assessRisk ? { assessRisk: options.assessRisk } : {}),
    ...(options.timers !== undefined ? { timers: options.timers } : {}),
    channels: options.channels ?? [],
  });
  return {
    ...server,
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
      await server.close();
      if (!options.database) rmSync(db.dir, { recursive: true, force: true });
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
