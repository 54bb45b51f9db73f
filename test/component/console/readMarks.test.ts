import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { heldListSchema } from "../../../src/shared/consoleDto.js";
import { startTestServer, type TestServer, testDatabases, webchatSession } from "../../support/testServer.js";
import { type ConsoleClient, createCounselor, OFFICE_TIME, signIn } from "./consoleClient.js";

describe.each(testDatabases())("unread counts kept on the server per counselor on %s", (db) => {
  let server: TestServer;
  let now = OFFICE_TIME;
  let an: ConsoleClient;
  let binh: ConsoleClient;
  let sup: ConsoleClient;
  let conversationId: string;
  let user: Awaited<ReturnType<typeof webchatSession>>;

  const tick = () => {
    now = new Date(now.getTime() + 1_000);
  };
  const unreadOf = async (client: ConsoleClient) => {
    const res = await client.call("GET", "/console/api/conversations");
    const list = heldListSchema.parse(res.body);
    return list.conversations.find((c) => c.id === conversationId)?.unread;
  };
  const lastMessageId = async () =>
    String(
      (await server.prisma.message.findFirstOrThrow({ where: { conversationId }, orderBy: { id: "desc" } }))
        .id,
    );
  const read = (client: ConsoleClient, upTo: string) =>
    client.call("POST", `/console/api/conversations/${conversationId}/read`, { upTo });

  beforeAll(async () => {
    server = await startTestServer({ db, clock: () => now });
    await createCounselor(server, { email: "an@example.org", alias: "An" });
    await createCounselor(server, { email: "binh@example.org", alias: "Bình" });
    await createCounselor(server, { email: "sup@example.org", alias: "Sơn", role: "supervisor" });
    an = await signIn(server.url, "an@example.org");
    binh = await signIn(server.url, "binh@example.org");
    sup = await signIn(server.url, "sup@example.org");
    user = await webchatSession(server.url);
    await user.say("tư vấn viên");
    conversationId = (await an.queue()).body.conversations[0].id;
    tick();
    expect((await an.claim(conversationId)).status).toBe(200);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("when the person writes after the claim and nothing is marked read, then those messages are unread", async () => {
    tick();
    await user.say("chị ơi");
    tick();
    await user.say("có ai không");
    expect(await unreadOf(an)).toBe(2);
  });

  it("when the holder marks the chat read, then it has no unread until the person writes again", async () => {
    expect((await read(an, await lastMessageId())).status).toBe(204);
    expect(await unreadOf(an)).toBe(0);
    tick();
    await user.say("em đây");
    expect(await unreadOf(an)).toBe(1);
  });

  it("when an older mark arrives late (a slow tab), then nothing read becomes unread again", async () => {
    const upTo = await lastMessageId();
    expect((await read(an, upTo)).status).toBe(204);
    expect((await read(an, "1")).status).toBe(204);
    expect(await unreadOf(an)).toBe(0);
  });

  it("when a supervisor reads, then the holder's count does not change; each counselor has their own marks", async () => {
    tick();
    await user.say("alo");
    expect((await read(sup, await lastMessageId())).status).toBe(204);
    expect(await unreadOf(sup)).toBe(0);
    expect(await unreadOf(an)).toBe(1);
  });

  it("when another counselor marks a chat they do not hold, or sends a bad mark, then it is refused and nothing changes", async () => {
    expect((await read(binh, await lastMessageId())).status).toBe(403);
    expect((await read(an, "not-a-number")).status).toBe(400);
    expect((await an.call("POST", "/console/api/conversations/nope/read", { upTo: "1" })).status).toBe(404);
    expect(await unreadOf(an)).toBe(1);
  });

  it("when the chat is closed, then its read marks go with it on erasure of the conversation", async () => {
    expect((await an.close(conversationId, "information_given")).status).toBe(200);
    await server.prisma.conversation.delete({ where: { id: conversationId } });
    expect(await server.prisma.readMark.count({ where: { conversationId } })).toBe(0);
  });
});
