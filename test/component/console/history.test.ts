import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversationDetailSchema, historyPageSchema } from "../../../src/shared/consoleDto.js";
import { startTestServer, type TestServer, webchatSession } from "../../support/testServer.js";
import { type ConsoleClient, createCounselor, OFFICE_TIME, signIn } from "./consoleClient.js";

describe("history of closed conversations", () => {
  let server: TestServer;
  let now = OFFICE_TIME;
  let an: ConsoleClient;
  let binh: ConsoleClient;
  let sup: ConsoleClient;
  const ids = { urgent: "", binh: "", later: "" };
  let returning: Awaited<ReturnType<typeof webchatSession>>;

  const waitingOf = async (sessionId: string) =>
    (
      await server.prisma.conversation.findFirstOrThrow({
        where: {
          contact: { pseudonym: server.service.pseudonymOf("webchat", sessionId) },
          status: "waiting",
        },
      })
    ).id;
  async function closedChat(counselor: ConsoleClient, text: string, outcome: string) {
    const user = await webchatSession(server.url);
    await user.say(text);
    await user.say("tư vấn viên");
    const id = await waitingOf(user.sessionId);
    const claimed = await counselor.claim(id);
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
    expect((await counselor.close(id, outcome)).status).toBe(200);
    return { id, user };
  }

  async function signInAll() {
    an = await signIn(server.url, "an@example.org");
    binh = await signIn(server.url, "binh@example.org");
    sup = await signIn(server.url, "sup@example.org");
  }

  beforeAll(async () => {
    server = await startTestServer({
      clock: () => now,
      assessRisk: (text) =>
        text.includes("NGUY HIỂM")
          ? { level: "urgent", indicators: ["danger_now"] }
          : { level: "none", indicators: [] },
    });
    await createCounselor(server, { email: "an@example.org", alias: "An" });
    await createCounselor(server, { email: "binh@example.org", alias: "Bình" });
    await createCounselor(server, { email: "sup@example.org", alias: "Sơn", role: "supervisor" });
    await signInAll();

    const urgent = await closedChat(an, "NGUY HIỂM, họ giữ hộ chiếu", "reported"); // 4 March
    ids.urgent = urgent.id;
    returning = urgent.user;
    ids.binh = (await closedChat(binh, "chị ơi", "information_given")).id; // 4 March
    now = new Date("2026-03-06T03:00:00Z");
    await signInAll(); // sessions last 12 hours
    ids.later = (await closedChat(an, "hỏi về việc làm", "information_given")).id; // 6 March
  });
  afterAll(async () => {
    await server?.stop();
  });

  const history = async (client: ConsoleClient, query: string) => {
    const res = await client.call("GET", `/console/api/conversations?status=closed${query}`);
    expect(res.status).toBe(200);
    return historyPageSchema.parse(res.body);
  };

  it("when a counselor filters by date and risk, then they get their closed urgent chat with handle, dates, outcome and counselor", async () => {
    const page = await history(an, "&from=2026-03-04&to=2026-03-04&risk=urgent");
    expect(page.conversations.map((c) => c.id)).toEqual([ids.urgent]);
    expect(page.conversations[0]).toMatchObject({
      channel: "webchat",
      risk: { level: "urgent" },
      outcome: "reported",
      counselor: { alias: "An" },
    });
    expect(page.conversations[0]!.handle).toMatch(/^Khách [0-9A-F]{4}$/);
    expect(page.nextCursor).toBeNull();
    expect((await history(an, "&from=2026-03-05&to=2026-03-06")).conversations.map((c) => c.id)).toEqual([
      ids.later,
    ]);
  });

  it("when counselors ask for history, then each sees only the chats they held; a supervisor sees all", async () => {
    expect((await history(an, "")).conversations.map((c) => c.id)).toEqual([ids.later, ids.urgent]);
    expect((await history(binh, "")).conversations.map((c) => c.id)).toEqual([ids.binh]);
    expect((await history(sup, "")).conversations.map((c) => c.id).sort()).toEqual(
      [ids.urgent, ids.binh, ids.later].sort(),
    );
    expect((await binh.detail(ids.urgent)).status).toBe(403);
  });

  it("when a supervisor searches by handle and pages, then the cursor walks every chat once", async () => {
    const all = await history(sup, "");
    const handle = all.conversations.find((c) => c.id === ids.binh)!.handle;
    const code = handle.split(" ")[1]?.toLowerCase() ?? "";
    expect((await history(sup, `&q=${code}`)).conversations.map((c) => c.id)).toEqual([ids.binh]);
    const seen: string[] = [];
    let cursor = "";
    for (let i = 0; i < 5; i++) {
      const page = await history(sup, `&limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.conversations.map((c) => c.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(all.conversations.map((c) => c.id));
    expect((await history(sup, "&channel=telegram")).conversations).toEqual([]);
    expect((await history(sup, "&outcome=reported")).conversations.map((c) => c.id)).toEqual([ids.urgent]);
  });

  it("when the query is wrong, then 400 says what to fix", async () => {
    for (const q of [
      "status=open",
      "status=closed&from=4-3-2026",
      "status=closed&risk=bad",
      "status=closed&from=2026-03-06&to=2026-03-04",
      "status=closed&cursor=nonsense",
    ]) {
      const res = await sup.call("GET", `/console/api/conversations?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code).toBe("invalid_request");
    }
    expect((await an.call("GET", "/console/api/conversations")).body.conversations).toEqual([]); // in progress: still works
  });

  it("when a person comes back, then their new conversation links to the earlier one", async () => {
    now = new Date("2026-03-06T04:00:00Z");
    await returning.say("tư vấn viên");
    const id = await waitingOf(returning.sessionId);
    const detail = conversationDetailSchema.parse((await an.detail(id)).body);
    expect(detail.earlier.map((c) => c.id)).toEqual([ids.urgent]);
    expect(detail.earlier[0]).toMatchObject({ risk: { level: "urgent" }, outcome: "reported" });
  });

  it("when a conversation is erased, then history no longer has it", async () => {
    await server.prisma.conversation.delete({ where: { id: ids.binh } });
    expect((await history(sup, "")).conversations.map((c) => c.id)).not.toContain(ids.binh);
  });
});
