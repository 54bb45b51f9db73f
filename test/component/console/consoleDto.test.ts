import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  colleagueSchema,
  consoleTextsSchema,
  conversationDetailSchema,
  heldListSchema,
  messageEventSchema,
  queueSchema,
  sessionSchema,
  statusEventSchema,
} from "../../../src/shared/consoleDto.js";
import { api, startTestServer, type TestServer, webchatSession } from "../../support/testServer.js";
import {
  type ConsoleClient,
  consoleSocket,
  createCounselor,
  nextEvent,
  OFFICE_TIME,
  PASSWORD,
  signIn,
} from "./consoleClient.js";

// The browser console is typed with these schemas' types: the server must answer in exactly them.
describe("console DTOs shared by server and browser", () => {
  let server: TestServer;
  let an: ConsoleClient;

  beforeAll(async () => {
    server = await startTestServer({ clock: () => OFFICE_TIME });
    await createCounselor(server, { email: "an@example.org", alias: "An" });
    an = await signIn(server.url, "an@example.org");
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("when a counselor works a chat, then every console answer and socket event parses with the shared schemas", async () => {
    const socket = await consoleSocket(server.url, an.cookie);
    try {
      const user = await webchatSession(server.url);
      await user.say("tư vấn viên");
      const queue = queueSchema.parse((await an.queue()).body);
      expect(queue.conversations).toHaveLength(1);
      const id = queue.conversations[0]!.id;

      const status = nextEvent(socket, "status");
      await an.claim(id);
      statusEventSchema.parse(await status);
      const message = nextEvent(
        socket,
        "message",
        (e: { conversationId: string }) => e.conversationId === id,
      );
      await user.say("chị ơi");
      messageEventSchema.parse(await message);
      await an.reply(id, "Chào bạn");
      await an.call("POST", `/console/api/conversations/${id}/notes`, { text: "ghi chú" });

      const held = heldListSchema.parse((await an.call("GET", "/console/api/conversations")).body);
      expect(held.conversations.map((c) => c.id)).toEqual([id]);
      const detail = conversationDetailSchema.parse((await an.detail(id)).body);
      expect(detail.transcript.map((m) => m.text)).toContain("chị ơi");
      expect(detail.notes.map((n) => n.text)).toEqual(["ghi chú"]);
      sessionSchema.parse((await an.call("GET", "/console/api/me")).body);
      const colleagues = (await an.call("GET", "/console/api/counselors")).body.counselors as unknown[];
      for (const c of colleagues) colleagueSchema.parse(c);
      consoleTextsSchema.parse((await an.call("GET", "/console/api/texts/en")).body);
    } finally {
      socket.disconnect();
    }
  });

  it("when the console asks for the session, the queue or the chats in progress, then each answer and queue event says the server's time (its clock, not the PC's)", async () => {
    const serverNow = OFFICE_TIME.toISOString();
    const socket = await consoleSocket(server.url, an.cookie);
    try {
      const pushed = nextEvent(
        socket,
        "queue",
        (e: { conversations: unknown[] }) => e.conversations.length > 0,
      );
      const user = await webchatSession(server.url);
      await user.say("tư vấn viên");
      expect(queueSchema.parse(await pushed).now).toBe(serverNow);
      expect(queueSchema.parse((await an.queue()).body).now).toBe(serverNow);
      expect(heldListSchema.parse((await an.call("GET", "/console/api/conversations")).body).now).toBe(
        serverNow,
      );
      expect(sessionSchema.parse((await an.call("GET", "/console/api/me")).body).now).toBe(serverNow);
      const login = await api(server.url, "POST", "/console/api/login", {
        email: "an@example.org",
        password: PASSWORD,
      });
      expect(sessionSchema.parse(login.body).now).toBe(serverNow);
    } finally {
      socket.disconnect();
    }
  });
});
