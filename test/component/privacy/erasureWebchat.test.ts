import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../../src/handoff/password.js";
import { api, startTestServer, type TestServer, webchatSession } from "../../support/testServer.js";

const SECRET = "tôi bị giữ hộ chiếu ở Campuchia, số em 0912345678";

describe("erasure on request in the web chat", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function erasableChat() {
    const chat = await webchatSession(server.url);
    expect((await chat.say(SECRET)).status).toBe(200);
    const contact = await server.prisma.contact.findFirstOrThrow({
      where: { pseudonym: server.service.pseudonymOf("webchat", chat.sessionId) },
      include: { conversations: true },
    });
    return { chat, contact, conversationId: contact.conversations[0]!.id };
  }

  it("when the user asks to delete their data and declines, then nothing is deleted", async () => {
    const { chat, contact } = await erasableChat();
    const asked = await chat.say("xóa dữ liệu");
    expect(asked.body.messages.at(-1).buttons.map((b: { value: string }) => b.value)).toEqual([
      "erase_yes",
      "erase_no",
    ]);
    const kept = await chat.press("erase_no");
    expect(kept.status).toBe(200);
    expect(kept.body.messages[0].text).toContain("giữ");
    expect(await server.prisma.contact.count({ where: { id: contact.id } })).toBe(1);
    expect((await chat.history()).status).toBe(200);
  });

  it("when the user confirms erasure, then every row about them is gone, the last words are sent, and only counters remain", async () => {
    const other = await erasableChat();
    const { chat, contact, conversationId } = await erasableChat();
    await server.prisma.note.create({ data: { conversationId, counselorId: "c1", text: "gặp ở bến xe" } });
    await server.prisma.auditLog.create({
      data: { action: "claim", conversationId, counselorId: "c1", detail: "outcome: referred" },
    });
    const before = await server.prisma.counter.findUnique({ where: { key: "erasures" } });

    await chat.say("xoa du lieu");
    const done = await chat.press("erase_yes");

    expect(done.status).toBe(200);
    expect(done.body.messages).toHaveLength(1);
    expect(done.body.messages[0]).toMatchObject({
      from: "bot",
      text: expect.stringContaining("Mình đã xóa toàn bộ cuộc trò chuyện"),
    });
    expect(done.body.messages[0].text).toContain("111");
    expect(await server.prisma.contact.count({ where: { id: contact.id } })).toBe(0);
    expect(await server.prisma.conversation.count({ where: { contactId: contact.id } })).toBe(0);
    expect(await server.prisma.message.count({ where: { conversationId } })).toBe(0);
    expect(await server.prisma.note.count({ where: { conversationId } })).toBe(0);
    expect(await server.prisma.webSession.count({ where: { id: chat.sessionId } })).toBe(0);
    const audit = await server.prisma.auditLog.findMany({ where: { conversationId } });
    expect(audit).toEqual([expect.objectContaining({ action: "claim", counselorId: "c1", detail: null })]);
    expect((await server.prisma.counter.findUniqueOrThrow({ where: { key: "erasures" } })).value).toBe(
      (before?.value ?? 0) + 1,
    );
    expect(
      (await server.prisma.counter.findUniqueOrThrow({ where: { key: "erasures.webchat" } })).value,
    ).toBeGreaterThanOrEqual(1);
    // The other person's data is untouched.
    expect(
      await server.prisma.message.count({ where: { conversationId: other.conversationId } }),
    ).toBeGreaterThan(2);
    expect((await other.chat.history()).status).toBe(200);
  });

  it("when a session was erased, then its token no longer works and a new session starts fresh", async () => {
    const { chat } = await erasableChat();
    await chat.say("/delete");
    await chat.press("erase_yes");

    const history = await chat.history();
    expect(history.status).toBe(401);
    expect(history.body.error.code).toBe("unauthorized");
    expect((await chat.say("xin chào")).status).toBe(401);

    const fresh = await webchatSession(server.url);
    const messages = (await fresh.history()).body.messages as { text: string }[];
    expect(messages.map((m) => m.text).join("\n")).not.toContain("Campuchia");
  });

  it("when a conversation is erased, then the console namespace is told its id", async () => {
    const { chat, conversationId } = await erasableChat();
    await server.prisma.counselor.create({
      data: {
        email: "lan@example.org",
        name: "Lan",
        alias: "Lan",
        passwordHash: await hashPassword("a long test password"),
      },
    });
    const login = await api(server.url, "POST", "/console/api/login", {
      email: "lan@example.org",
      password: "a long test password",
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const consoleSocket = connect(`${server.url}/console`, {
      transports: ["websocket"],
      forceNew: true,
      extraHeaders: { cookie },
    });
    await new Promise<void>((resolve, reject) => {
      consoleSocket.once("connect", () => resolve());
      consoleSocket.once("connect_error", reject);
    });
    const told = new Promise<unknown>((resolve) => consoleSocket.once("conversation:erased", resolve));
    await chat.say("delete my data");
    await chat.press("erase_yes");
    await expect(told).resolves.toEqual({ conversationId });
    consoleSocket.close();
  });

  it("when a web chat socket is open during erasure, then it is disconnected by the server", async () => {
    const { chat } = await erasableChat();
    const socket = connect(`${server.url}/webchat`, {
      transports: ["websocket"],
      forceNew: true,
      auth: { sessionId: chat.sessionId, token: chat.token },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    const dropped = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    await chat.say("xóa dữ liệu");
    await chat.press("erase_yes");
    await expect(dropped).resolves.toBe("io server disconnect");
  });

  it("when a user erased their data, then the logs hold neither their words nor their session id", async () => {
    const { chat } = await erasableChat();
    await chat.say("xóa dữ liệu");
    await chat.press("erase_yes");
    const logs = server.rawLogs();
    expect(logs).toContain("contact erased on request");
    expect(logs).not.toContain("Campuchia");
    expect(logs).not.toContain("0912345678");
    expect(logs).not.toContain(chat.sessionId);
  });

  it("when the person also has an earlier closed conversation, then both conversations are erased", async () => {
    const { chat, conversationId: earlier } = await erasableChat();
    await server.prisma.conversation.update({
      where: { id: earlier },
      data: { status: "closed", closedAt: new Date() },
    });
    await chat.say("chào bạn");
    const conversations = await server.prisma.conversation.findMany({
      where: { id: { not: earlier }, messages: { some: {} } },
    });
    const later = (
      await server.prisma.conversation.findFirstOrThrow({
        where: {
          contact: { pseudonym: server.service.pseudonymOf("webchat", chat.sessionId) },
          status: { not: "closed" },
        },
      })
    ).id;
    expect(later).not.toBe(earlier);
    await chat.say("xóa dữ liệu");
    await chat.press("erase_yes");
    expect(await server.prisma.conversation.count({ where: { id: { in: [earlier, later] } } })).toBe(0);
    expect(await server.prisma.message.count({ where: { conversationId: { in: [earlier, later] } } })).toBe(
      0,
    );
    expect(
      await server.prisma.conversation.count({
        where: { id: { in: conversations.map((c) => c.id).filter((id) => id !== later) } },
      }),
    ).toBe(conversations.length - 1);
    expect((await api(server.url, "GET", "/healthz")).status).toBe(200);
  });
});
