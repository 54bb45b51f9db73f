import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  api,
  startTestServer,
  type TestServer,
  testDatabases,
  webchatSession,
} from "../../support/testServer.js";

describe.each(testDatabases())("web chat API over HTTP on %s", (db) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ db });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("when a session is created, then 201 with an id and token, and the greeting and menu are waiting", async () => {
    const created = await api(server.url, "POST", "/webchat/api/sessions", {});
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ sessionId: expect.any(String), token: expect.any(String) });
    const history = await api(
      server.url,
      "GET",
      `/webchat/api/sessions/${created.body.sessionId}/messages`,
      undefined,
      {
        authorization: `Bearer ${created.body.token}`,
      },
    );
    expect(history.status).toBe(200);
    const [greeting, menu] = history.body.messages;
    expect(greeting).toMatchObject({ from: "bot", text: expect.stringContaining("Xin chào") });
    expect(menu.buttons.map((b: { value: string }) => b.value)).toEqual(
      ["job_check", "need_help", "safe_migration", "counselor", "hotlines"].concat(
        menu.buttons.length > 5 ? menu.buttons.slice(5).map((b: { value: string }) => b.value) : [],
      ),
    );
    expect(menu).toEqual({
      id: expect.stringMatching(/^\d+$/),
      from: "bot",
      text: expect.any(String),
      buttons: expect.any(Array),
      at: expect.any(String),
    });
  });

  it("when the session asks for English, then the bot answers in English", async () => {
    const chat = await webchatSession(server.url, "en");
    const history = await chat.history();
    expect(history.body.messages[0].text).toContain("Hello");
  });

  it("when a menu button is pressed, then the replies to that input come back in Vietnamese", async () => {
    const chat = await webchatSession(server.url);
    const res = await chat.press("hotlines");
    expect(res.status).toBe(200);
    const texts = res.body.messages.map((m: { text: string }) => m.text).join("\n");
    expect(texts).toContain("111");
    expect(texts).toContain("113");
    expect(res.body.messages.every((m: { from: string }) => m.from === "bot")).toBe(true);
    // The id of the person's own message, as the history lists it (the widget shows it once).
    const history = (await chat.history()).body.messages as { id: string; from: string; text: string }[];
    const own = history.filter((m) => m.from === "user");
    expect(own).toHaveLength(1);
    expect(res.body.messageId).toBe(own[0]!.id);
  });

  it("when the same clientMessageId is sent twice, then the second is a no-op and one reply set is stored", async () => {
    const chat = await webchatSession(server.url);
    const first = await chat.say("menu", { clientMessageId: "abc-1" });
    const again = await chat.say("menu", { clientMessageId: "abc-1" });
    expect(first.body.messages.length).toBeGreaterThan(0);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ messages: [], duplicate: true });
    const history = await chat.history();
    const userMessages = history.body.messages.filter((m: { from: string }) => m.from === "user");
    expect(userMessages).toHaveLength(1);
  });

  it("when messages are fetched after an id, then only later messages come back", async () => {
    const chat = await webchatSession(server.url);
    const all = (await chat.history()).body.messages;
    const later = await chat.history(all[0].id);
    expect(later.body.messages.map((m: { id: string }) => m.id)).toEqual(
      all.slice(1).map((m: { id: string }) => m.id),
    );
  });

  it("when the bot later sends a message, then the Socket.IO /webchat namespace pushes it", async () => {
    const chat = await webchatSession(server.url);
    const socket = io(`${server.url}/webchat`, {
      auth: { sessionId: chat.sessionId, token: chat.token },
      transports: ["websocket"],
    });
    await new Promise<void>((resolve, reject) => {
      socket.on("connect", () => resolve());
      socket.on("connect_error", reject);
    });
    const pushed = new Promise<{ text: string; from: string }>((resolve) => socket.on("message", resolve));
    await chat.press("hotlines");
    await expect(pushed).resolves.toMatchObject({ from: "bot", text: expect.stringContaining("111") });
    socket.close();
  });

  it("when a socket connects with a wrong token, then it is refused", async () => {
    const chat = await webchatSession(server.url);
    const socket = io(`${server.url}/webchat`, {
      auth: { sessionId: chat.sessionId, token: "x".repeat(40) },
      transports: ["websocket"],
    });
    const error = await new Promise<Error>((resolve) => socket.on("connect_error", resolve));
    expect(error.message).toBe("unauthorized");
    socket.close();
  });

  describe("bad input gets a clear JSON error and loses nothing", () => {
    it("when the body is malformed JSON, then 400 invalid_json", async () => {
      const chat = await webchatSession(server.url);
      const res = await api(
        server.url,
        "POST",
        `/webchat/api/sessions/${chat.sessionId}/messages`,
        "{not json",
        {
          authorization: `Bearer ${chat.token}`,
        },
      );
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: { code: "invalid_json", message: expect.any(String) } });
    });

    it("when the text is over 4,000 characters, then 413 and nothing is stored", async () => {
      const chat = await webchatSession(server.url);
      const before = (await chat.history()).body.messages.length;
      const res = await chat.say("a".repeat(4001));
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe("text_too_long");
      expect((await chat.history()).body.messages.length).toBe(before);
    });

    it("when the text is exactly 4,000 characters, then it is accepted", async () => {
      const chat = await webchatSession(server.url);
      const res = await chat.say("ạ".repeat(4000));
      expect(res.status).toBe(200);
    });

    it("when the token is wrong, then 401", async () => {
      const chat = await webchatSession(server.url);
      const res = await api(
        server.url,
        "POST",
        `/webchat/api/sessions/${chat.sessionId}/messages`,
        { text: "hi" },
        {
          authorization: "Bearer wrongwrongwrongwrong",
        },
      );
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("unauthorized");
    });

    it("when the token is missing, then 401", async () => {
      const chat = await webchatSession(server.url);
      const res = await api(server.url, "GET", `/webchat/api/sessions/${chat.sessionId}/messages`);
      expect(res.status).toBe(401);
    });

    it("when the session is unknown, then 401", async () => {
      const chat = await webchatSession(server.url);
      const res = await api(
        server.url,
        "POST",
        "/webchat/api/sessions/unknownsession123/messages",
        { text: "hi" },
        {
          authorization: `Bearer ${chat.token}`,
        },
      );
      expect(res.status).toBe(401);
    });

    it.each([
      [{}, "neither text nor choice"],
      [{ text: 5 }, "text not a string"],
      [{ text: "hi", choice: "x" }, "both text and choice"],
      [{ text: "   " }, "blank text"],
      [{ choice: "" }, "empty choice"],
      [{ text: "hi", extra: true }, "unknown field"],
    ])("when the body is %j (%s), then 400 with a JSON error", async (body, _why) => {
      const chat = await webchatSession(server.url);
      const res = await api(server.url, "POST", `/webchat/api/sessions/${chat.sessionId}/messages`, body, {
        authorization: `Bearer ${chat.token}`,
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({ code: expect.any(String), message: expect.any(String) });
    });

    it("when the after parameter is not a number, then 400", async () => {
      const chat = await webchatSession(server.url);
      const res = await chat.history("abc");
      expect(res.status).toBe(400);
    });

    it("when the locale is not supported, then 400", async () => {
      const res = await api(server.url, "POST", "/webchat/api/sessions", { locale: "fr" });
      expect(res.status).toBe(400);
    });

    it("when an unknown API path is called, then 404 with a JSON error", async () => {
      const res = await api(server.url, "GET", "/webchat/api/nothing-here");
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    });
  });

  it("when the health check is called, then 200 while the database answers", async () => {
    const res = await api(server.url, "GET", "/healthz");
    expect(res).toMatchObject({ status: 200, body: { status: "ok" } });
  });

  it("when users chat, then the logs carry neither their text nor their session ids", async () => {
    const chat = await webchatSession(server.url);
    await chat.say("Tôi tên là Nguyễn Thị Hoa, số 0912345678");
    const raw = server.rawLogs();
    expect(raw).not.toContain("Nguyễn");
    expect(raw).not.toContain("0912345678");
    expect(raw).not.toContain(chat.sessionId);
  });

  it("when message text is stored, then it is encrypted at rest", async () => {
    const chat = await webchatSession(server.url);
    await chat.say("bí mật riêng tư 12345");
    const rows = await server.prisma.message.findMany({ where: { direction: "in", kind: "text" } });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.text).toMatch(/^v1\./);
      expect(row.text).not.toContain("bí mật");
    }
    const conversations = await server.prisma.conversation.findMany();
    for (const c of conversations) expect(c.state).toMatch(/^v1\./);
    const contacts = await server.prisma.contact.findMany();
    for (const c of contacts) {
      expect(c.address).toMatch(/^v1\./);
      expect(c.address).not.toContain(chat.sessionId);
    }
  });
});
