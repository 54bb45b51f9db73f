import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, startTestServer, type TestServer, webchatSession } from "../../support/testServer.js";
import { createCounselor, OFFICE_TIME, PASSWORD, signIn } from "./consoleClient.js";

describe("console authentication, CSRF and roles", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ clock: () => OFFICE_TIME });
    await createCounselor(server, { email: "an@example.org", alias: "An" });
    await createCounselor(server, { email: "binh@example.org", alias: "Bình" });
    await createCounselor(server, { email: "sup@example.org", role: "supervisor" });
    await createCounselor(server, { email: "admin@example.org", role: "admin" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("when there is no session, then the queue answers 401 with a JSON error", async () => {
    const res = await api(server.url, "GET", "/console/api/queue");
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
  });

  it("when the password is wrong, then login answers 401 and sets no cookie", async () => {
    const res = await api(server.url, "POST", "/console/api/login", {
      email: "an@example.org",
      password: "wrong password 123",
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("when the login is right, then the cookie is HttpOnly and SameSite=Strict and the body has the CSRF token", async () => {
    const res = await api(server.url, "POST", "/console/api/login", {
      email: "an@example.org",
      password: PASSWORD,
    });
    expect(res.status).toBe(200);
    expect(res.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(res.body.counselor).toMatchObject({ email: "an@example.org", alias: "An", role: "counselor" });
    expect(res.body.counselor.passwordHash).toBeUndefined();
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toMatch(/Secure/i);
  });

  it("when a state-changing request has no or a wrong x-csrf-token, then 403", async () => {
    const an = await signIn(server.url, "an@example.org");
    const user = await webchatSession(server.url);
    await user.say("tư vấn viên");
    const [waiting] = (await an.queue()).body.conversations;
    const none = await api(server.url, "POST", `/console/api/conversations/${waiting.id}/claim`, undefined, {
      cookie: an.cookie,
    });
    expect(none.status).toBe(403);
    expect(none.body.error.code).toBe("csrf");
    const wrong = await an.call("POST", `/console/api/conversations/${waiting.id}/claim`, undefined, {
      "x-csrf-token": "x".repeat(32),
    });
    expect(wrong.status).toBe(403);
    expect((await an.claim(waiting.id)).status).toBe(200);
    await an.close(waiting.id, "not_relevant");
  });

  it("when a counselor opens a chat another counselor holds, then 403; a supervisor may", async () => {
    const an = await signIn(server.url, "an@example.org");
    const binh = await signIn(server.url, "binh@example.org");
    const sup = await signIn(server.url, "sup@example.org");
    const user = await webchatSession(server.url);
    await user.say("tư vấn viên");
    const [waiting] = (await an.queue()).body.conversations;
    expect((await an.claim(waiting.id)).status).toBe(200);
    expect((await binh.detail(waiting.id)).status).toBe(403);
    expect((await binh.reply(waiting.id, "hello")).status).toBe(409);
    expect((await binh.close(waiting.id, "not_relevant")).status).toBe(403);
    expect((await sup.detail(waiting.id)).status).toBe(200);
    await an.close(waiting.id, "not_relevant");
  });

  it("when a non-admin creates an account, then 403; an admin gets 201 and the new counselor can sign in", async () => {
    const an = await signIn(server.url, "an@example.org");
    const sup = await signIn(server.url, "sup@example.org");
    const admin = await signIn(server.url, "admin@example.org");
    const body = {
      email: "new@example.org",
      name: "Nguyễn Văn Mới",
      role: "counselor",
      password: "a long enough secret",
    };
    expect((await an.call("POST", "/console/api/counselors", body)).status).toBe(403);
    expect((await sup.call("POST", "/console/api/counselors", body)).status).toBe(403);
    const created = await admin.call("POST", "/console/api/counselors", body);
    expect(created.status).toBe(201);
    expect(created.body.counselor).toMatchObject({
      email: "new@example.org",
      alias: "Mới",
      role: "counselor",
    });
    const short = await admin.call("POST", "/console/api/counselors", {
      ...body,
      email: "x@example.org",
      password: "short",
    });
    expect(short.status).toBe(400);
    await expect(signIn(server.url, "new@example.org", "a long enough secret")).resolves.toBeTruthy();
  });

  it("when a counselor marks themselves away, then the account says so", async () => {
    const an = await signIn(server.url, "an@example.org");
    const res = await an.call("POST", "/console/api/availability", { available: false });
    expect(res.status).toBe(200);
    expect(res.body.counselor.available).toBe(false);
    expect(
      (await server.prisma.counselor.findUniqueOrThrow({ where: { email: "an@example.org" } })).available,
    ).toBe(false);
  });

  it("when login fails again and again, then it is rate-limited with 429", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await api(server.url, "POST", "/console/api/login", {
        email: "binh@example.org",
        password: `wrong password ${i}`,
      });
      statuses.push(res.status);
    }
    // One wrong password was tried earlier in this file: the limit is 10 failures per 15 minutes.
    expect(statuses.slice(0, 9)).toEqual(Array(9).fill(401));
    expect(statuses.slice(9)).toEqual([429, 429]);
  });
});

describe("console cookie over https", () => {
  it("when PUBLIC_URL is https, then the session cookie is Secure", async () => {
    const server = await startTestServer({
      env: { PUBLIC_URL: "https://hotline.example.org" },
      clock: () => OFFICE_TIME,
    });
    try {
      await createCounselor(server, { email: "an@example.org" });
      const res = await api(server.url, "POST", "/console/api/login", {
        email: "an@example.org",
        password: PASSWORD,
      });
      expect(res.headers.get("set-cookie")).toMatch(/;\s*Secure/i);
    } finally {
      await server.stop();
    }
  });
});
