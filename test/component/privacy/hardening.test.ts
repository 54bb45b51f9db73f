import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RATE_LIMITS } from "../../../src/privacy/rateLimits.js";
import { api, startTestServer, type TestServer, webchatSession } from "../../support/testServer.js";

const viText = JSON.parse(readFileSync("locales/vi/privacy.json", "utf8")) as { rateLimited: string };
const enText = JSON.parse(readFileSync("locales/en/privacy.json", "utf8")) as { rateLimited: string };

/** No answer may carry a stack trace or an internal file path. */
function expectNoInternals(body: unknown): void {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/\bat .+\(.+:\d+:\d+\)|node_modules|src\/|\.ts:\d+/);
}

describe("request hardening", () => {
  let server: TestServer;
  beforeAll(async () => {
    // Each test speaks from its own address (X-Forwarded-For through one trusted proxy).
    server = await startTestServer({ env: { TRUST_PROXY: "1" } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("when one web session posts more messages than allowed in a minute, then 429 with a friendly Vietnamese error", async () => {
    const chat = await webchatSession(server.url);
    const auth = { authorization: `Bearer ${chat.token}`, "x-forwarded-for": "198.51.100.1" };
    for (let i = 0; i < RATE_LIMITS.messagesPerSession; i++) {
      const ok = await api(
        server.url,
        "POST",
        `/webchat/api/sessions/${chat.sessionId}/messages`,
        { choice: "g_menu" },
        auth,
      );
      expect(ok.status).toBe(200);
    }
    const limited = await api(
      server.url,
      "POST",
      `/webchat/api/sessions/${chat.sessionId}/messages`,
      { text: "còn đó không" },
      auth,
    );
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ error: { code: "rate_limited", message: viText.rateLimited } });
    expect(limited.headers.get("ratelimit-policy")).toContain(`${RATE_LIMITS.messagesPerSession}`);
    // The limited message was not stored.
    const stored = await server.prisma.message.count({
      where: {
        conversation: { contact: { pseudonym: server.service.pseudonymOf("webchat", chat.sessionId) } },
        direction: "in",
        kind: "text",
      },
    });
    expect(stored).toBe(0);
    // Another person is not affected.
    const other = await webchatSession(server.url);
    expect((await other.say("xin chào")).status).toBe(200);
  });

  it("when the client prefers English, then the 429 message is in English", async () => {
    const chat = await webchatSession(server.url);
    const headers = {
      authorization: `Bearer ${chat.token}`,
      "x-forwarded-for": "198.51.100.2",
      "accept-language": "en-GB,en;q=0.9",
    };
    let last = await api(
      server.url,
      "POST",
      `/webchat/api/sessions/${chat.sessionId}/messages`,
      { choice: "g_menu" },
      headers,
    );
    for (let i = 0; i < RATE_LIMITS.messagesPerSession && last.status !== 429; i++)
      last = await api(
        server.url,
        "POST",
        `/webchat/api/sessions/${chat.sessionId}/messages`,
        { choice: "g_menu" },
        headers,
      );
    expect(last.status).toBe(429);
    expect(last.body.error.message).toBe(enText.rateLimited);
  });

  it("when one address opens too many sessions in a minute, then 429 while other addresses still get in", async () => {
    const from = { "x-forwarded-for": "203.0.113.7" };
    for (let i = 0; i < RATE_LIMITS.sessionsPerIp; i++) {
      const created = await api(server.url, "POST", "/webchat/api/sessions", {}, from);
      expect(created.status).toBe(201);
    }
    const limited = await api(server.url, "POST", "/webchat/api/sessions", {}, from);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("rate_limited");
    const elsewhere = await api(
      server.url,
      "POST",
      "/webchat/api/sessions",
      {},
      { "x-forwarded-for": "203.0.113.8" },
    );
    expect(elsewhere.status).toBe(201);
  });

  it("when one address calls the web chat API too often, then 429, and the health check is not limited", async () => {
    const from = { "x-forwarded-for": "192.0.2.44" };
    const calls = await Promise.all(
      Array.from({ length: RATE_LIMITS.webchatPerIp + 1 }, () =>
        api(server.url, "GET", "/webchat/api/config", undefined, from),
      ),
    );
    expect(calls.filter((c) => c.status === 200)).toHaveLength(RATE_LIMITS.webchatPerIp);
    expect(calls.filter((c) => c.status === 429)).toHaveLength(1);
    expect((await api(server.url, "GET", "/healthz", undefined, from)).status).toBe(200);
  });

  it("when one address posts to a webhook path too often, then 429", async () => {
    const from = { "x-forwarded-for": "192.0.2.99" };
    const calls = await Promise.all(
      Array.from({ length: RATE_LIMITS.webhooksPerIp + 1 }, () =>
        api(server.url, "POST", "/telegram/webhook", {}, from),
      ),
    );
    expect(calls.filter((c) => c.status === 429)).toHaveLength(1);
    expect(calls.every((c) => c.status < 500)).toBe(true);
  });

  it("when a body is over 64 kb, then 413 with a JSON error and no stack trace", async () => {
    const chat = await webchatSession(server.url);
    const res = await api(
      server.url,
      "POST",
      `/webchat/api/sessions/${chat.sessionId}/messages`,
      JSON.stringify({ text: "a".repeat(70_000) }),
      { authorization: `Bearer ${chat.token}`, "x-forwarded-for": "192.0.2.5" },
    );
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: { code: "payload_too_large", message: expect.any(String) } });
    expectNoInternals(res.body);
  });

  it.each([
    [
      "malformed JSON",
      "POST",
      "/webchat/api/sessions",
      '{"locale": ',
      { "content-type": "application/json" },
    ],
    ["a JSON string body", "POST", "/webchat/api/sessions", '"vi"', { "content-type": "application/json" }],
    ["an unknown field", "POST", "/webchat/api/sessions", JSON.stringify({ locale: "vi", admin: true }), {}],
    ["a bad session id", "GET", "/webchat/api/sessions/..%2F..%2Fetc/messages", undefined, {}],
    [
      "a wrong charset",
      "POST",
      "/webchat/api/sessions",
      "{}",
      { "content-type": "application/json; charset=koi8-r" },
    ],
    ["an unknown path", "DELETE", "/webchat/api/sessions", undefined, {}],
  ])(
    "when the request has %s, then a 4xx JSON error without internals",
    async (_what, method, path, body, headers) => {
      const res = await api(server.url, method, path, body, { "x-forwarded-for": "192.0.2.6", ...headers });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
      expectNoInternals(res.body);
    },
  );

  it("when any page is served, then a strict Content-Security-Policy and no X-Powered-By are sent", async () => {
    const res = await fetch(`${server.url}/`);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("x-powered-by")).toBeNull();
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  });
});
