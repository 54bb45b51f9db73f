// Bad-input tests: fast-check throws random and malformed requests at every public endpoint.
// Whatever comes in, the server answers below 500 with a JSON error, stays up, and leaves no
// half-written turn behind.
import { createHash } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { telegramChannel } from "../../src/channels/telegram/index.js";
import { zaloBotChannel, zaloOaChannel } from "../../src/channels/zalo/index.js";
import { hashPassword } from "../../src/handoff/password.js";
import { type FakeTelegram, startFakeTelegram } from "../support/fakeTelegram.js";
import { FakeZalo } from "../support/fakeZalo.js";
import { startTestServer, type TestServer, webchatSession } from "../support/testServer.js";

const RUNS = 200;
const TIMEOUT = 180_000;
const TELEGRAM_SECRET = "fuzz_secret_0123456789abcdef";
const BOT_SECRET = "fuzz-bot-secret";
const OA_SECRET = "fuzz-oa-secret";
const APP_ID = "app-fuzz";

let server: TestServer;
let telegram: FakeTelegram;
let zalo: FakeZalo;
let counselor: { cookie: string; csrf: string };
let ipCounter = 0;

/** A different client address per request, so per-IP limits do not hide the routes. */
const nextIp = () => {
  ipCounter += 1;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
};

// A pool of real sessions, renewed before the per-session message limit is reached.
let pool: { sessionId: string; token: string; uses: number } | undefined;
async function validSession() {
  if (!pool || pool.uses >= 20) {
    const s = await webchatSession(server.url);
    pool = { sessionId: s.sessionId, token: s.token, uses: 0 };
  }
  pool.uses += 1;
  return pool;
}

interface Sent {
  status: number;
  text: string;
}

async function send(
  method: string,
  path: string,
  init: { body?: string | Uint8Array; headers?: Record<string, string | undefined> },
): Promise<Sent> {
  const headers: Record<string, string> = { "x-forwarded-for": nextIp() };
  for (const [k, v] of Object.entries(init.headers ?? {})) if (v !== undefined) headers[k] = v;
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers,
    ...(init.body !== undefined && method !== "GET" && method !== "HEAD"
      ? { body: init.body as BodyInit }
      : {}),
  });
  return { status: res.status, text: await res.text() };
}

/** The invariant of every answer. */
function expectSafe(res: Sent, what: string): void {
  if (res.status >= 500) throw new Error(`${what} answered ${res.status}: ${res.text.slice(0, 300)}`);
  expect(res.text).not.toMatch(/\n\s+at .+:\d+:\d+|node_modules/);
  if (res.status >= 400 && res.text) {
    const body = JSON.parse(res.text) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code).toBe("string");
    expect(typeof body.error?.message).toBe("string");
  }
}

// ---- arbitraries -------------------------------------------------------------------------

const nasty = fc.constantFrom(
  "",
  " ",
  "\u0000",
  "\ud800",
  "💥".repeat(1500),
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "'; DROP TABLE Message;--",
  "../../etc/passwd",
  "%00",
  "__proto__",
  "constructor",
  "xóa dữ liệu",
  "có",
  "tôi bị đánh, cứu tôi",
  "0912345678",
);
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }),
  nasty,
  fc.string({ minLength: 3990, maxLength: 4010 }),
  fc.string({ minLength: 20_000, maxLength: 70_000, unit: fc.constantFrom("a", "ă", "🙂") }),
);
const scalar = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
);
const json = fc.jsonValue({ maxDepth: 3 });
/** Lone surrogates become U+FFFD, as a browser would send them. */
const wellFormed = (s: string) => Buffer.from(s, "utf8").toString("utf8");
const headerSafe = (s: string) => s.replace(/[^\x20-\x7e]/g, "").slice(0, 300);
const contentType = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "application/json; charset=utf-16",
  "application/json; charset=koi8-r",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  undefined,
);
/** A request body: JSON of any shape, near-miss objects, raw bytes, or nothing. */
const body = (shapes: fc.Arbitrary<Record<string, unknown>>) =>
  fc.oneof(
    shapes.map((o) => JSON.stringify(o)),
    json.map((v) => JSON.stringify(v)),
    fc.string({ unit: "binary" }),
    fc.uint8Array({ maxLength: 2000 }),
    fc.constantFrom("{", "[]", "null", '"x"', '{"__proto__": {"polluted": 1}}', '{"text": "a", "text": 5}'),
    fc.constant(undefined),
  );
const pathPart = fc.oneof(
  fc.string().map((s) => encodeURIComponent(wellFormed(s))),
  fc.stringMatching(/^[A-Za-z0-9_-]{10,64}$/),
  fc.constantFrom(
    "..",
    "%2e%2e",
    "%",
    "%zz",
    "a".repeat(600),
    "0",
    "-1",
    "1e309",
    "null",
    "%00",
    "%F0%9F%92%A5",
  ),
);
const query = fc.oneof(
  fc.constant(""),
  fc.string().map((s) => `?after=${encodeURIComponent(wellFormed(s))}`),
  fc.nat().map((n) => `?after=${n}`),
  fc.constantFrom(
    "?after=",
    "?after[]=1&after=2",
    "?after[$gt]=0",
    "?after=99999999999999999999",
    "?after=-1",
    "?after=1.5",
    "?%zz",
    "?after=%",
  ),
);

// ---- set-up ------------------------------------------------------------------------------

beforeAll(async () => {
  telegram = await startFakeTelegram("123:abc");
  zalo = await FakeZalo.start({ appId: APP_ID, accessToken: "AT-0", refreshToken: "RT-0" });
  server = await startTestServer({
    channels: [telegramChannel, zaloBotChannel, zaloOaChannel],
    timers: false,
    env: {
      TRUST_PROXY: "1",
      LOG_LEVEL: "warn",
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.url,
      TELEGRAM_WEBHOOK_URL: "https://hotline.example.org/telegram/webhook",
      TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
      ZALO_BOT_TOKEN: zalo.botToken,
      ZALO_BOT_API_ROOT: zalo.url,
      ZALO_BOT_WEBHOOK_SECRET: BOT_SECRET,
      PUBLIC_URL: "https://hotline.example.org",
      ZALO_APP_ID: APP_ID,
      ZALO_APP_SECRET: zalo.appSecret,
      ZALO_OA_SECRET_KEY: OA_SECRET,
      ZALO_OA_ACCESS_TOKEN: "AT-0",
      ZALO_OA_REFRESH_TOKEN: "RT-0",
      ZALO_API_ROOT: zalo.url,
      ZALO_OAUTH_ROOT: zalo.url,
    },
  });
  await server.prisma.counselor.create({
    data: {
      email: "fuzz@example.org",
      name: "Fuzz",
      alias: "F",
      role: "admin",
      passwordHash: await hashPassword("fuzz password 123"),
    },
  });
  const login = await fetch(`${server.url}/console/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "fuzz@example.org", password: "fuzz password 123" }),
  });
  expect(login.status).toBe(200);
  counselor = {
    cookie: (login.headers.get("set-cookie") ?? "").split(";")[0]!,
    csrf: ((await login.json()) as { csrfToken: string }).csrfToken,
  };
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await telegram?.close();
  await zalo?.close();
});

/** Waits for every turn in progress (webhooks that answer before the turn ends). */
async function turnsDone(): Promise<void> {
  for (const c of await server.prisma.conversation.findMany({ select: { id: true } })) {
    await server.service.withConversationLock(c.id, async () => undefined);
  }
}

// ---- properties --------------------------------------------------------------------------

describe("random and malformed requests at every public endpoint", () => {
  it(
    "when POST /webchat/api/sessions gets anything, then never a 5xx",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          body(fc.record({ locale: scalar }, { requiredKeys: [] })),
          contentType,
          async (b, type) => {
            expectSafe(
              await send("POST", "/webchat/api/sessions", { body: b, headers: { "content-type": type } }),
              "create session",
            );
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "when POST /webchat/api/sessions/:id/messages gets any id, token and body, then never a 5xx",
    async () => {
      const auth = fc.oneof(
        fc.constant("valid"),
        fc.constant("valid"),
        fc.constant(undefined),
        fc.string().map((s) => `Bearer ${headerSafe(s)}`),
        fc.constantFrom("Bearer ", "Basic YTpi", "bearer abcdefghijklmnop", `Bearer ${"A".repeat(129)}`),
      );
      const id = fc.oneof(fc.constant("valid"), pathPart);
      const shapes = fc.oneof(
        fc.record({ text: scalar, clientMessageId: scalar }, { requiredKeys: [] }),
        fc.record({ choice: scalar, clientMessageId: scalar }, { requiredKeys: [] }),
        fc.record({ text: scalar, choice: scalar }, { requiredKeys: [] }),
      );
      await fc.assert(
        fc.asyncProperty(id, auth, body(shapes), contentType, async (rawId, rawAuth, b, type) => {
          const session = rawId === "valid" || rawAuth === "valid" ? await validSession() : undefined;
          const sessionId = rawId === "valid" ? session!.sessionId : rawId;
          const authorization = rawAuth === "valid" ? `Bearer ${session!.token}` : rawAuth;
          const res = await send("POST", `/webchat/api/sessions/${sessionId}/messages`, {
            body: b,
            headers: { "content-type": type, authorization },
          });
          expectSafe(res, "post message");
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "when GET /webchat/api/sessions/:id/messages gets any id, token and query, then never a 5xx",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.constant("valid"), pathPart),
          fc.boolean(),
          query,
          async (rawId, withToken, q) => {
            const session = await validSession();
            const sessionId = rawId === "valid" ? session.sessionId : rawId;
            const res = await send("GET", `/webchat/api/sessions/${sessionId}/messages${q}`, {
              headers: withToken ? { authorization: `Bearer ${session.token}` } : {},
            });
            expectSafe(res, "get messages");
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "when unknown paths, methods and query strings hit the web chat API, config and health check, then never a 5xx",
    async () => {
      const method = fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD");
      const path = fc.oneof(
        fc.constantFrom(
          "/webchat/api/config",
          "/healthz",
          "/webchat/api",
          "/webchat/api/sessions",
          "/",
          "/console",
        ),
        pathPart.map((p) => `/webchat/api/${p}`),
        pathPart.map((p) => `/${p}`),
      );
      await fc.assert(
        fc.asyncProperty(method, path, query, body(fc.record({ x: scalar })), async (m, p, q, b) => {
          const res = await send(m, `${p}${q}`, { body: b, headers: { "content-type": "application/json" } });
          if (res.status >= 500)
            throw new Error(`${m} ${p}${q} answered ${res.status}: ${res.text.slice(0, 200)}`);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "when the Telegram webhook gets any body, with or without the secret, then never a 5xx",
    async () => {
      const chat = fc.record({
        id: fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
        type: fc.constantFrom("private", "group", "channel", 5),
      });
      const update = fc.record(
        {
          update_id: fc.oneof(fc.nat({ max: 2 ** 31 }), fc.integer(), fc.string(), fc.double()),
          message: fc.record(
            {
              message_id: fc.oneof(fc.nat(), fc.string()),
              date: fc.oneof(fc.nat(), fc.string()),
              chat,
              from: fc.record(
                { id: fc.oneof(fc.integer(), fc.string()), is_bot: fc.boolean(), language_code: scalar },
                { requiredKeys: [] },
              ),
              text: scalar,
              entities: fc.array(
                fc.record({ type: fc.string(), offset: fc.integer(), length: fc.integer() }),
                { maxLength: 2 },
              ),
              photo: fc.array(fc.record({ file_id: fc.string() }), { maxLength: 2 }),
            },
            { requiredKeys: [] },
          ),
          callback_query: fc.record(
            {
              id: fc.string(),
              from: fc.record({ id: fc.integer() }),
              data: scalar,
              message: fc.record({ chat, message_id: fc.nat() }),
            },
            { requiredKeys: [] },
          ),
          edited_message: json,
        },
        { requiredKeys: [] },
      );
      const secret = fc.oneof(
        fc.constant(TELEGRAM_SECRET),
        fc.constant(TELEGRAM_SECRET),
        fc.constant(undefined),
        fc.string().map(headerSafe),
      );
      await fc.assert(
        fc.asyncProperty(body(update), secret, contentType, async (b, s, type) => {
          const res = await send("POST", "/telegram/webhook", {
            body: b,
            headers: { "content-type": type, "x-telegram-bot-api-secret-token": s },
          });
          expectSafe(res, "telegram webhook");
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "when the Zalo Bot webhook gets any body, with or without the secret, then never a 5xx",
    async () => {
      const update = fc.record(
        {
          event_name: fc.oneof(
            fc.constantFrom("message.text.received", "message.image.received", "message.sticker.received"),
            fc.string(),
          ),
          message: fc.record(
            {
              message_id: scalar,
              from: fc.record(
                { id: scalar, display_name: scalar, is_bot: fc.boolean() },
                { requiredKeys: [] },
              ),
              chat: fc.record({ id: scalar, chat_type: scalar }, { requiredKeys: [] }),
              date: scalar,
              text: scalar,
            },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: [] },
      );
      const secret = fc.oneof(
        fc.constant(BOT_SECRET),
        fc.constant(BOT_SECRET),
        fc.constant(undefined),
        fc.string().map(headerSafe),
      );
      await fc.assert(
        fc.asyncProperty(body(update), secret, contentType, async (b, s, type) => {
          const res = await send("POST", "/zalo/bot/webhook", {
            body: b,
            headers: { "content-type": type, "x-bot-api-secret-token": s },
          });
          expectSafe(res, "zalo bot webhook");
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "when the Zalo OA webhook gets any body, signed or not, then never a 5xx",
    async () => {
      const event = fc.record(
        {
          app_id: fc.oneof(fc.constant(APP_ID), scalar),
          event_name: fc.oneof(
            fc.constantFrom("user_send_text", "user_send_image", "follow", "user_submit_info"),
            fc.string(),
          ),
          timestamp: fc.oneof(fc.nat().map(String), scalar),
          sender: fc.record({ id: scalar }, { requiredKeys: [] }),
          recipient: fc.record({ id: scalar }, { requiredKeys: [] }),
          message: fc.record({ text: scalar, msg_id: scalar }, { requiredKeys: [] }),
          user_id_by_app: scalar,
        },
        { requiredKeys: [] },
      );
      const signing = fc.constantFrom("valid", "valid", "none", "wrong");
      await fc.assert(
        fc.asyncProperty(body(event), signing, async (b, sign) => {
          const raw = typeof b === "string" ? b : b === undefined ? "" : Buffer.from(b).toString("utf8");
          let timestamp = "";
          try {
            timestamp = String((JSON.parse(raw) as { timestamp?: unknown })?.timestamp ?? "");
          } catch {
            // not JSON: sign with an empty timestamp
          }
          const mac = `mac=${createHash("sha256").update(`${APP_ID}${raw}${timestamp}${OA_SECRET}`, "utf8").digest("hex")}`;
          const signature = sign === "valid" ? mac : sign === "wrong" ? "mac=00" : undefined;
          const res = await send("POST", "/zalo/oa/webhook", {
            body: raw,
            headers: { "content-type": "application/json", "x-zevent-signature": signature },
          });
          expectSafe(res, "zalo oa webhook");
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "when the console API gets any login, id and body, signed in or not, then never a 5xx",
    async () => {
      const route = fc.constantFrom(
        ["POST", "/console/api/login"],
        ["GET", "/console/api/me"],
        ["GET", "/console/api/queue"],
        ["GET", "/console/api/conversations"],
        ["POST", "/console/api/availability"],
        ["GET", "/console/api/conversations/:id"],
        ["POST", "/console/api/conversations/:id/claim"],
        ["POST", "/console/api/conversations/:id/messages"],
        ["POST", "/console/api/conversations/:id/notes"],
        ["POST", "/console/api/conversations/:id/transfer"],
        ["POST", "/console/api/conversations/:id/close"],
        ["GET", "/console/api/counselors"],
        ["POST", "/console/api/counselors"],
        ["PATCH", "/console/api/counselors/:id"],
        ["GET", "/console/api/texts/:id"],
      );
      const realId = fc.constant("real");
      const shapes = fc.record(
        {
          email: scalar,
          password: scalar,
          text: scalar,
          outcome: scalar,
          to: scalar,
          available: scalar,
          name: scalar,
          role: scalar,
          alias: scalar,
          maxChats: scalar,
          disabled: scalar,
        },
        { requiredKeys: [] },
      );
      const signedIn = fc.constantFrom("yes", "yes", "no-csrf", "no");
      await fc.assert(
        fc.asyncProperty(
          route,
          fc.oneof(realId, pathPart),
          body(shapes),
          signedIn,
          async ([method, template], rawId, b, who) => {
            let id = rawId;
            if (rawId === "real") {
              const any = await server.prisma.conversation.findFirst({
                orderBy: { createdAt: "desc" },
                select: { id: true },
              });
              id = any?.id ?? "none";
            }
            const headers: Record<string, string | undefined> = { "content-type": "application/json" };
            if (who !== "no") headers.cookie = counselor.cookie;
            if (who === "yes") headers["x-csrf-token"] = counselor.csrf;
            const res = await send(method!, template!.replace(":id", id), { body: b, headers });
            expectSafe(res, `${method} ${template}`);
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it("when the fuzzing is over, then the server is up and no inbound message is left half-processed", async () => {
    await turnsDone();
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    const inbound = await server.prisma.message.count({ where: { direction: "in" } });
    expect(inbound).toBeGreaterThan(0);
    const stuck = await server.prisma.message.findMany({
      where: { direction: "in", delivery: { not: "processed" } },
      select: { id: true, channel: true, delivery: true },
    });
    expect(stuck).toEqual([]);
    // Conversations are whole: every one has a parseable engine state.
    for (const c of await server.prisma.conversation.findMany({ select: { state: true } }))
      expect(() => server.service.readState(c)).not.toThrow();
  });
});
