import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, testDatabases, webchatSession } from "../../support/testServer.js";
import {
  type ConsoleClient,
  consoleSocket,
  createCounselor,
  nextEvent,
  OFFICE_TIME,
  signIn,
} from "./consoleClient.js";

type Msg = { id: string; from: string; text: string; buttons?: { label: string; value: string }[] };

describe.each(testDatabases())("handoff through the console API on %s", (db) => {
  let server: TestServer;
  let now = OFFICE_TIME;
  let an: ConsoleClient;
  let binh: ConsoleClient;
  let sup: ConsoleClient;
  let binhId: string;

  beforeAll(async () => {
    server = await startTestServer({
      db,
      clock: () => now,
      assessRisk: (text) =>
        text.includes("NGUY HIỂM")
          ? { level: "urgent", indicators: ["danger_now"] }
          : { level: "none", indicators: [] },
    });
    await createCounselor(server, { email: "an@example.org", alias: "An" });
    binhId = await createCounselor(server, { email: "binh@example.org", alias: "Bình" });
    await createCounselor(server, { email: "sup@example.org", alias: "Sơn", role: "supervisor" });
    an = await signIn(server.url, "an@example.org");
    binh = await signIn(server.url, "binh@example.org");
    sup = await signIn(server.url, "sup@example.org");
  });
  afterAll(async () => {
    await server?.stop();
  });

  const tick = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  const conversationOf = async (sessionId: string) =>
    await server.prisma.conversation.findFirstOrThrow({
      where: {
        contact: { pseudonym: server.service.pseudonymOf("webchat", sessionId) },
        status: { not: "closed" },
      },
    });

  it("when a user asks for a counselor, then they are told their place, the estimate honestly, and how to cancel", async () => {
    const user = await webchatSession(server.url);
    const res = await user.say("tư vấn viên");
    const texts = (res.body.messages as Msg[]).map((m) => m.text).join("\n");
    expect(texts).toContain("vị trí số 1");
    expect(texts).toContain("Mình chưa biết chính xác phải chờ bao lâu");
    // Told once, at the handoff: what the counselor sees (flows/handoff-notice.yaml).
    expect(texts).toContain("không thấy tên hay số điện thoại của bạn");
    expect(texts).toContain("không được chuyển cho ai khác nếu chưa hỏi ý bạn");
    expect(texts).toContain("“hủy”");
    const last = (res.body.messages as Msg[]).at(-1)!;
    expect(last.buttons).toEqual([
      { label: "Rời hàng chờ", value: "g_cancel" },
      { label: "Số điện thoại cần gọi", value: "g_call" },
    ]);
    const conv = await conversationOf(user.sessionId);
    expect(conv.status).toBe("waiting");

    const cancelled = await user.press("g_cancel");
    const after = (cancelled.body.messages as Msg[]).map((m) => m.text).join("\n");
    expect(after).toContain("Bạn đã rời hàng chờ");
    expect(after).toContain("Mình có thể giúp gì cho bạn?");
    expect((await server.prisma.conversation.findUniqueOrThrow({ where: { id: conv.id } })).status).toBe(
      "bot",
    );
    expect((await an.queue()).body.conversations.map((c: { id: string }) => c.id)).not.toContain(conv.id);
  });

  it("when several wait, then the queue lists urgent first, then the longest waiting, with handle and risk but no channel id", async () => {
    const first = await webchatSession(server.url);
    await first.say("tư vấn viên");
    tick(60_000);
    const second = await webchatSession(server.url);
    await second.say("tư vấn viên");
    tick(60_000);
    const urgent = await webchatSession(server.url, "en");
    const urgentReply = await urgent.say("NGUY HIỂM họ đánh tôi");
    expect((urgentReply.body.messages as Msg[]).map((m) => m.text).join("\n")).toContain("call 113");

    const queue = (await an.queue()).body.conversations as Array<Record<string, unknown>>;
    const ids = await Promise.all(
      [urgent, first, second].map(async (u) => (await conversationOf(u.sessionId)).id),
    );
    expect(queue.map((c) => c.id)).toEqual(ids);
    expect(queue[0]).toMatchObject({
      priority: "urgent",
      channel: "webchat",
      locale: "en",
      risk: { level: "urgent", indicators: ["danger_now"] },
    });
    expect(queue[0]!.handle).toMatch(/^Khách [0-9A-F]{4}$/);
    expect(JSON.stringify(queue)).not.toContain(urgent.sessionId);

    for (const id of ids) {
      expect((await sup.claim(id)).status).toBe(200);
      expect((await sup.close(id, "not_relevant")).status).toBe(200);
    }
  });

  it("when two counselors claim the same chat at the same moment, then exactly one gets 200 and the other 409", async () => {
    const user = await webchatSession(server.url);
    await user.say("tư vấn viên");
    const { id } = await conversationOf(user.sessionId);
    const results = await Promise.all([an.claim(id), binh.claim(id)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(loser.body.error.code).toBe("already_claimed");
    const winner = results[0]!.status === 200 ? an : binh;
    const history = (await user.history()).body.messages as Msg[];
    expect(history.filter((m) => /Tư vấn viên (An|Bình) đã tham gia/.test(m.text))).toHaveLength(1);
    const audit = await server.prisma.auditLog.findMany({ where: { conversationId: id, action: "claim" } });
    expect(audit).toHaveLength(1);
    expect((await winner.close(id, "no_response")).status).toBe(200);
  });

  it("when a counselor replies and the user writes back, then each side receives the other's message", async () => {
    const user = await webchatSession(server.url);
    await user.say("tư vấn viên");
    const { id } = await conversationOf(user.sessionId);
    const socket = await consoleSocket(server.url, an.cookie);
    try {
      expect((await an.claim(id)).status).toBe(200);
      const sent = await an.reply(id, "Chào bạn, mình là An.");
      expect(sent.status).toBe(201);
      const seen = (await user.history()).body.messages as Msg[];
      expect(seen.at(-1)).toMatchObject({ from: "counselor", text: "Chào bạn, mình là An." });

      const arrives = nextEvent<{ conversationId: string; message: Msg }>(
        socket,
        "message",
        (e) => e.message.from === "user",
      );
      const botAnswer = await user.say("menu");
      expect(botAnswer.body.messages).toEqual([]); // the bot is silent; even "menu" goes to the counselor
      const event = await arrives;
      expect(event).toMatchObject({ conversationId: id, message: { from: "user", text: "menu" } });

      const pressed = nextEvent<{ conversationId: string; message: Msg }>(
        socket,
        "message",
        (e) => e.message.text === "Rời hàng chờ",
      );
      await user.press("g_cancel");
      await pressed;

      const stop = nextEvent<{ conversationId: string; kind: string }>(socket, "notice");
      const stopReply = await user.say("hủy");
      expect((stopReply.body.messages as Msg[])[0]!.text).toContain("báo tư vấn viên");
      expect(await stop).toEqual({ conversationId: id, kind: "user_stop" });

      const detail = await an.detail(id);
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({
        status: "active",
        assignedTo: an.counselor.id,
        risk: { level: "none" },
      });
      const transcript = detail.body.transcript as Msg[];
      expect(transcript.some((m) => m.from === "bot")).toBe(true);
      expect(transcript.some((m) => m.from === "counselor")).toBe(true);
      expect(JSON.stringify(detail.body)).not.toContain(user.sessionId);
      expect(await server.prisma.auditLog.count({ where: { conversationId: id, action: "view" } })).toBe(1);
    } finally {
      socket.disconnect();
    }
    await an.close(id, "information_given");
  });

  it("when a counselor adds a note, then it shows in the detail and never reaches the user", async () => {
    const user = await webchatSession(server.url);
    await user.say("tư vấn viên");
    const { id } = await conversationOf(user.sessionId);
    await an.claim(id);
    const note = await an.call("POST", `/console/api/conversations/${id}/notes`, { text: "Cần gọi lại sau" });
    expect(note.status).toBe(201);
    expect((await an.detail(id)).body.notes).toMatchObject([
      { text: "Cần gọi lại sau", counselorId: an.counselor.id },
    ]);
    expect(JSON.stringify((await user.history()).body.messages)).not.toContain("Cần gọi lại sau");
    await an.close(id, "information_given");
  });

  it("when a chat is transferred to a named counselor, then they hold it; with no name it goes back to the queue", async () => {
    const user = await webchatSession(server.url);
    await user.say("tư vấn viên");
    const { id } = await conversationOf(user.sessionId);
    await an.claim(id);
    const toBinh = await an.transfer(id, binhId);
    expect(toBinh.status).toBe(200);
    expect(toBinh.body.conversation).toMatchObject({ status: "active", assignedTo: binhId });
    expect((await an.reply(id, "still me")).status).toBe(409);
    expect((await binh.reply(id, "Mình là Bình.")).status).toBe(201);
    const back = await binh.transfer(id);
    expect(back.body.conversation).toMatchObject({ status: "waiting", assignedTo: null });
    const texts = ((await user.history()).body.messages as Msg[]).map((m) => m.text);
    expect(texts).toContain("Tư vấn viên Bình sẽ tiếp tục trò chuyện với bạn.");
    expect(texts.at(-1)).toContain("Bạn được chuyển lại hàng chờ, ở vị trí số 1");
    expect(await server.prisma.auditLog.count({ where: { conversationId: id, action: "transfer" } })).toBe(2);
    expect((await an.claim(id)).status).toBe(200);
    await an.close(id, "information_given");
  });

  it("when the chat closes, then the user gets a goodbye and the menu, and a menu button works at once", async () => {
    const user = await webchatSession(server.url);
    await user.say("tư vấn viên");
    const { id } = await conversationOf(user.sessionId);
    await an.claim(id);
    expect((await an.close(id, "made_up")).status).toBe(400);
    const closed = await an.close(id, "referred");
    expect(closed.status).toBe(200);
    expect(closed.body.conversation).toEqual({ id, status: "closed", outcome: "referred" });
    const history = (await user.history()).body.messages as Msg[];
    expect(history.at(-2)!.text).toContain("Tư vấn viên đã kết thúc cuộc trò chuyện");
    expect(history.at(-1)!.buttons?.map((b) => b.value)).toContain("hotlines");
    const pressed = await user.press("hotlines");
    expect((pressed.body.messages as Msg[])[0]!.text).toContain("111");
    expect((await an.close(id, "referred")).status).toBe(409);
    expect(await server.prisma.auditLog.count({ where: { conversationId: id, action: "close" } })).toBe(1);
  });

  it("when the chat ahead is claimed, then the next user is told they are next", async () => {
    const first = await webchatSession(server.url);
    await first.say("tư vấn viên");
    tick(1000);
    const second = await webchatSession(server.url);
    const joined = await second.say("tư vấn viên");
    expect((joined.body.messages as Msg[]).map((m) => m.text).join("\n")).toContain("vị trí số 2");
    const widget = io(`${server.url}/webchat`, {
      transports: ["websocket"],
      auth: { sessionId: second.sessionId, token: second.token },
      reconnection: false,
    });
    await new Promise((resolve) => widget.once("connect", () => resolve(undefined)));
    const nextTo = nextEvent<Msg>(widget, "message", (m) => m.text.startsWith("Bạn là người tiếp theo"));
    const firstId = (await conversationOf(first.sessionId)).id;
    await an.claim(firstId);
    const secondId = (await conversationOf(second.sessionId)).id;
    const told = await nextTo;
    expect(told.from).toBe("system");
    widget.disconnect();
    const written = await second.say("Tôi vẫn đang chờ");
    expect((written.body.messages as Msg[])[0]!.text).toContain("Mình đã lưu tin nhắn của bạn");
    await an.close(firstId, "no_response");
    await an.claim(secondId);
    await an.close(secondId, "no_response");
  });

  it("when a counselor already holds their maximum of chats, then a further claim gets 409", async () => {
    await server.prisma.counselor.update({ where: { id: binhId }, data: { maxChats: 1 } });
    const a = await webchatSession(server.url);
    await a.say("tư vấn viên");
    const b = await webchatSession(server.url);
    await b.say("tư vấn viên");
    const [ia, ib] = [(await conversationOf(a.sessionId)).id, (await conversationOf(b.sessionId)).id];
    const binhAgain = await signIn(server.url, "binh@example.org");
    expect((await binhAgain.claim(ia)).status).toBe(200);
    const over = await binhAgain.claim(ib);
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe("at_capacity");
    await binhAgain.close(ia, "no_response");
    await an.claim(ib);
    await an.close(ib, "no_response");
  });
});
