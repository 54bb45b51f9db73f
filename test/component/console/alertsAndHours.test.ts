import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, webchatSession } from "../../support/testServer.js";
import { createCounselor, OFFICE_TIME, signIn } from "./consoleClient.js";

type Msg = { text: string; buttons?: { value: string }[] };

/** A loopback fake of the Telegram Bot API that hands each sendMessage body to waiting tests. */
async function fakeTelegram() {
  const received: Array<{ path: string; body: { chat_id: string; text: string } }> = [];
  const waiters: Array<{ match: (text: string) => boolean; resolve: (text: string) => void }> = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let raw = "";
    req.on("data", (c) => {
      raw += c;
    });
    req.on("end", () => {
      const body = JSON.parse(raw) as { chat_id: string; text: string };
      received.push({ path: req.url ?? "", body });
      for (const w of [...waiters])
        if (w.match(body.text)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(body.text);
        }
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ ok: true, result: { message_id: received.length } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    next: (match: (text: string) => boolean) =>
      new Promise<string>((resolve) => {
        const seen = received.find((r) => match(r.body.text));
        if (seen) resolve(seen.body.text);
        else waiters.push({ match, resolve });
      }),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe("alerts to the counselor group on Telegram", () => {
  let server: TestServer;
  let telegram: Awaited<ReturnType<typeof fakeTelegram>>;
  let now = OFFICE_TIME;

  beforeAll(async () => {
    telegram = await fakeTelegram();
    server = await startTestServer({
      clock: () => now,
      env: {
        TELEGRAM_BOT_TOKEN: "123456:test-token",
        TELEGRAM_API_ROOT: telegram.url,
        TELEGRAM_COUNSELOR_CHAT_ID: "-100200300",
        URGENT_SLA_SECONDS: "60",
      },
      assessRisk: (text) =>
        text.includes("NGUY HIỂM")
          ? { level: "urgent", indicators: ["danger_now"] }
          : { level: "none", indicators: [] },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await telegram?.close();
  });

  it("when a chat enters the queue, then the group gets priority, wait and channel but never the user's words", async () => {
    const user = await webchatSession(server.url);
    await user.say("tư vấn viên");
    const text = await telegram.next((t) => t.includes("Có người đang chờ"));
    expect(text).toContain("Ưu tiên: bình thường");
    expect(text).toContain("Kênh: webchat");
    expect(text).toContain("Đã chờ: 0 phút");
    const request = telegram.received.find((r) => r.body.text === text)!;
    expect(request.path).toBe("/bot123456:test-token/sendMessage");
    expect(request.body.chat_id).toBe("-100200300");
    expect(text).not.toContain("tư vấn viên");
  });

  it("when an urgent chat stays unclaimed past URGENT_SLA_SECONDS, then one reminder is sent", async () => {
    const user = await webchatSession(server.url);
    await user.say("NGUY HIỂM, cứu tôi với");
    const alert = await telegram.next((t) => t.includes("KHẨN CẤP") && t.includes("Có người đang chờ"));
    expect(alert).not.toContain("cứu tôi");
    now = new Date(now.getTime() + 61_000);
    const reminder = await telegram.next((t) => t.startsWith("⏰"));
    expect(reminder).toContain("chưa có người nhận sau 1 phút");
    const conv = await server.prisma.conversation.findFirstOrThrow({ where: { priority: "urgent" } });
    expect(conv.slaRemindedAt).not.toBeNull();
    expect(server.rawLogs()).not.toContain("test-token");
  });

  it("when the person of a held urgent chat writes and waits past URGENT_SLA_SECONDS for an answer, then the group is reminded once per unanswered stretch", async () => {
    await createCounselor(server, { email: "sla@example.org", alias: "Sla" });
    const counselor = await signIn(server.url, "sla@example.org");
    const user = await webchatSession(server.url);
    await user.say("NGUY HIỂM, họ giữ hộ chiếu");
    const conv = await server.prisma.conversation.findFirstOrThrow({
      where: {
        contact: { pseudonym: server.service.pseudonymOf("webchat", user.sessionId) },
        status: "waiting",
      },
    });
    expect((await counselor.claim(conv.id)).status).toBe(200);
    await counselor.reply(conv.id, "Mình ở đây");
    const unanswered = () => telegram.received.filter((r) => r.body.text.includes("chưa được trả lời"));

    // A long silence after the counselor's answer is not a breach; the clock starts when the person writes.
    now = new Date(now.getTime() + 180_000);
    await user.say("họ đang tới");
    now = new Date(now.getTime() + 61_000);
    const first = await telegram.next((t) => t.includes("chưa được trả lời"));
    expect(first).toContain("sau 1 phút");
    expect(first).not.toContain("họ đang tới");

    await counselor.reply(conv.id, "Bạn trốn vào phòng khóa cửa được không?");
    await user.say("được");
    now = new Date(now.getTime() + 125_000);
    await telegram.next((t) => t.includes("chưa được trả lời sau 2 phút"));
    expect(unanswered()).toHaveLength(2);
  });
});

describe("office hours seen by the user", () => {
  it("when a user asks for a counselor on a Sunday night, then they are told when counselors are back, may leave a message, and get 111", async () => {
    const sundayNight = new Date("2026-03-08T15:00:00Z"); // 22:00 Sunday in Vietnam
    const server = await startTestServer({ clock: () => sundayNight });
    try {
      await createCounselor(server, { email: "an@example.org", available: false });
      const user = await webchatSession(server.url);
      const res = await user.say("tư vấn viên");
      const messages = res.body.messages as Msg[];
      const text = messages.map((m) => m.text).join("\n");
      expect(text).toContain("Bây giờ chưa có tư vấn viên trực");
      expect(text).toMatch(/bắt đầu lúc .*08:00.*Thứ Hai.*09\/03|bắt đầu lúc .*Thứ Hai.*09\/03.*08:00/);
      expect(text).toContain("để lại lời nhắn");
      // Nobody on duty: the queue bubble starts with the numbers to call, the office hours come after.
      const queue = messages.at(-1)!;
      expect(queue.text.indexOf("113")).toBeLessThan(queue.text.indexOf("chưa có tư vấn viên trực"));
      expect(queue.text).toContain("111");
      expect(text).not.toMatch(/ngay khi có thể|sớm nhất/);
      expect(queue.buttons).toEqual([
        { label: "Rời hàng chờ", value: "g_cancel" },
        { label: "Số điện thoại cần gọi", value: "g_call" },
      ]);
      const left = await user.say("Tôi cần giúp đỡ về giấy tờ");
      expect((left.body.messages as Msg[])[0]!.text).toContain("Mình đã lưu tin nhắn của bạn");
      const an = await signIn(server.url, "an@example.org");
      expect((await an.queue()).body.conversations).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });

  it("when a counselor is available at night, then the queue message does not say nobody is on duty", async () => {
    const sundayNight = new Date("2026-03-08T15:00:00Z"); // 22:00 Sunday in Vietnam
    const server = await startTestServer({ clock: () => sundayNight });
    try {
      await createCounselor(server, { email: "an@example.org", available: true });
      const user = await webchatSession(server.url);
      const res = await user.say("tôi đang ở Việt Nam, cho tôi gặp tư vấn viên");
      const messages = res.body.messages as Msg[];
      const text = messages.map((m) => m.text).join("\n");
      expect(text).toContain("vị trí số 1");
      expect(text).not.toContain("chưa có tư vấn viên trực");
      // In Vietnam: the button next to "leave the queue" calls 111.
      expect(messages.at(-1)!.buttons).toEqual([
        { label: "Rời hàng chờ", value: "g_cancel" },
        { label: "Gọi 111", value: "g_call", phone: "111" },
      ]);
      const called = await user.press("g_call");
      expect((called.body.messages as Msg[]).map((m) => m.text).join("\n")).toContain("gọi 111");
      expect((await server.prisma.conversation.findFirstOrThrow()).status).toBe("waiting");
    } finally {
      await server.stop();
    }
  });

  it("when the shift is open, then the message gives the place and no out-of-hours text", async () => {
    const server = await startTestServer({ clock: () => OFFICE_TIME });
    try {
      const user = await webchatSession(server.url, "en");
      const res = await user.say("talk to a person");
      const text = (res.body.messages as Msg[]).map((m) => m.text).join("\n");
      expect(text).toContain("You are number 1 in the queue");
      expect(text).toContain("I don't know exactly how long the wait will be");
      expect(text).not.toContain("on duty");
    } finally {
      await server.stop();
    }
  });
});
