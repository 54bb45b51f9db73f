// The versioned conversation write: when another instance claims a chat between the moment a
// turn reads the conversation and the moment it writes it, the turn must not overwrite the
// claim nor answer as the bot; it runs again on the fresh conversation (relayed to the counselor).
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, webchatSession } from "../../support/testServer.js";
import { createCounselor, OFFICE_TIME } from "../console/consoleClient.js";

describe("a claim by another instance in the middle of a turn", () => {
  let server: TestServer;
  let counselorId: string;
  /** Set by the test: runs synchronously inside the turn, after its read, before its write. */
  let interleave: (() => void) | undefined;

  beforeAll(async () => {
    server = await startTestServer({
      clock: () => OFFICE_TIME,
      // Risk assessment runs between the turn's read of the conversation and its write: the
      // "other instance" claims the chat right there, through its own connection to the file.
      assessRisk: () => {
        interleave?.();
        interleave = undefined;
        return { level: "none", indicators: [] };
      },
    });
    counselorId = await createCounselor(server, { email: "lan@example.org", alias: "Lan" });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("when the claim lands between the turn's read and write, then the claim stands and the message goes to the counselor, not the bot", async () => {
    const chat = await webchatSession(server.url);
    const conversation = await server.prisma.conversation.findFirstOrThrow({
      where: { contact: { webSessions: { some: { id: chat.sessionId } } } },
    });
    const file = server.config.DATABASE_URL.replace(/^file:/, "");
    interleave = () => {
      const other = new Database(file);
      other
        .prepare(
          `UPDATE "Conversation" SET status = 'active', assignedTo = ?, claimedAt = ?, version = version + 1 WHERE id = ?`,
        )
        .run(counselorId, OFFICE_TIME.getTime(), conversation.id);
      other.close();
    };

    const reply = await chat.say("chào bạn, mình muốn hỏi");
    expect(reply.status).toBe(200);
    expect(interleave).toBeUndefined(); // the claim really happened inside the turn

    // No bot answer: the person is now talking to the counselor.
    expect(reply.body.messages.filter((m: { from: string }) => m.from === "bot")).toEqual([]);
    const after = await server.prisma.conversation.findUniqueOrThrow({ where: { id: conversation.id } });
    expect(after).toMatchObject({
      status: "active",
      assignedTo: counselorId,
      version: conversation.version + 1,
    });
    const botRows = await server.prisma.message.count({
      where: { conversationId: conversation.id, sender: "bot", id: { gt: (await lastUserMessageId()) ?? 0 } },
    });
    expect(botRows).toBe(0);

    async function lastUserMessageId() {
      const last = await server.prisma.message.findFirst({
        where: { conversationId: conversation.id, sender: "user" },
        orderBy: { id: "desc" },
      });
      return last?.id;
    }
  });
});
