import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  startTestServer,
  type TestDatabase,
  type TestServer,
  testDatabases,
  webchatSession,
} from "../../support/testServer.js";

// Redis runs on this machine and in CI (127.0.0.1:6379); override with TEST_REDIS_URL.
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

describe.each(testDatabases())(
  "two server instances sharing Socket.IO through Redis (REDIS_URL) on %s",
  (kind) => {
    let database: TestDatabase;
    let a: TestServer;
    let b: TestServer;
    beforeAll(async () => {
      database = await createTestDatabase(kind);
      a = await startTestServer({ database, env: { REDIS_URL } });
      b = await startTestServer({ database, env: { REDIS_URL } });
    });
    afterAll(async () => {
      await a?.stop();
      await b?.stop();
      await database?.drop();
    });

    it("when instance A answers a web chat message, then the user's socket on instance B receives the reply", async () => {
      const chat = await webchatSession(a.url);
      const socket = io(`${b.url}/webchat`, {
        auth: { sessionId: chat.sessionId, token: chat.token },
        transports: ["websocket"],
      });
      await new Promise<void>((resolve, reject) => {
        socket.on("connect", () => resolve());
        socket.on("connect_error", reject);
      });
      // The greeting of the new session may still be on its way through Redis: the reply is the one with 111.
      const pushed = new Promise<{ from: string; text: string }>((resolve) =>
        socket.on("message", (message: { from: string; text: string }) => {
          if (message.text.includes("111")) resolve(message);
        }),
      );
      const answer = await chat.press("hotlines");
      expect(answer.status).toBe(200);
      await expect(pushed).resolves.toMatchObject({ from: "bot", text: expect.stringContaining("111") });
      socket.close();
    });
  },
);
