// Danger is caught at every turn (issue 10), through the real HTTP API, the real database and
// the real risk model (lexicon + classifier from flows/risk).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, webchatSession } from "../../support/testServer.js";
import { type ConsoleClient, createCounselor, OFFICE_TIME, signIn } from "../console/consoleClient.js";

type Msg = { id: string; from: string; text: string; buttons?: { label: string; value: string }[] };
type Queued = { id: string; priority: string; risk: { level: string; indicators: string[] } };

const texts = (body: { messages: Msg[] }) => body.messages.map((m) => m.text).join("\n");

describe("danger at every turn", () => {
  let server: TestServer;
  let lan: ConsoleClient;

  beforeAll(async () => {
    server = await startTestServer({ clock: () => OFFICE_TIME });
    await createCounselor(server, { email: "lan@example.org", alias: "Lan" });
    lan = await signIn(server.url, "lan@example.org");
  });
  afterAll(async () => {
    await server?.stop();
  });

  const queued = async (): Promise<Queued[]> => (await lan.queue()).body.conversations;
  const newest = async (): Promise<Queued> => {
    const all = await queued();
    return all[all.length - 1]!;
  };

  it("when the first message is a plea, then 113 comes at once and the chat waits as urgent", async () => {
    const user = await webchatSession(server.url);
    const before = (await queued()).length;
    const res = await user.say("cứu em với, họ nhốt em trong phòng");
    expect(texts(res.body)).toContain("113");
    const all = await queued();
    expect(all.length).toBe(before + 1);
    expect(all.some((c) => c.priority === "urgent" && c.risk.level === "urgent")).toBe(true);
  });

  it("when a flagged person answers the bot's own safety question, then they hear a counselor will read it, not 'not understood' or the menu", async () => {
    const user = await webchatSession(server.url);
    await user.press("g_menu");
    await user.press("job_check");
    await user.say("cứu em, họ nhốt em ở đây");
    const answer = await user.say("em ở Bavet, họ lấy hết điện thoại với hộ chiếu rồi");
    const said = texts(answer.body);
    expect(said).not.toContain("chưa hiểu");
    expect(said).not.toContain("Mình có thể giúp gì");
    expect(said).toMatch(/tư vấn viên/i);
  });

  it("when a message is high risk, then the person is put in the queue with a cancel button, and cancel takes them out", async () => {
    const user = await webchatSession(server.url);
    await user.press("g_menu");
    const res = await user.say("công ty giữ hộ chiếu của em và không cho em về nước");
    const messages = res.body.messages as Msg[];
    expect(messages.some((m) => m.buttons?.some((b) => b.value === "g_cancel"))).toBe(true);
    const mine = await newest();
    expect(["high", "urgent"]).toContain(mine.priority);
    const cancelled = await user.press("g_cancel");
    expect(texts(cancelled.body)).toContain("rời hàng chờ");
    expect((await queued()).map((c) => c.id)).not.toContain(mine.id);
  });

  it("when a counselor holds the chat and the person writes of danger, then the console shows the new risk and the person gets the emergency numbers once", async () => {
    const user = await webchatSession(server.url);
    await user.say("tư vấn viên");
    const mine = await newest();
    expect(mine.risk.level).toBe("none");
    expect((await lan.claim(mine.id)).status).toBe(200);

    const first = await user.say("chị ơi có người đang tới, họ đánh em");
    expect(texts(first.body)).toContain("+84 981 84 84 84");
    const detail = await lan.detail(mine.id);
    expect(detail.status).toBe(200);
    expect(JSON.stringify(detail.body)).toContain('"urgent"');

    const second = await user.say("họ lại đánh em nữa");
    expect(texts(second.body)).not.toContain("+84 981 84 84 84");
  });
});
