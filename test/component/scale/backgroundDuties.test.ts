// Every background job runs on exactly one of two instances on one PostgreSQL database, and
// moves to the other within seconds when the one running them dies or shuts down.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { telegramChannel } from "../../../src/channels/telegram/index.js";
import { zaloBotChannel } from "../../../src/channels/zalo/bot/index.js";
import { zaloOaChannel } from "../../../src/channels/zalo/oa/index.js";
import { FieldCipher } from "../../../src/privacy/fieldCipher.js";
import { resolveKeys } from "../../../src/privacy/keys.js";
import { BACKGROUND_LOCK_KEY } from "../../../src/store/leaderLock.js";
import { type FakeTelegram, privateText, startFakeTelegram } from "../../support/fakeTelegram.js";
import { botTextUpdate, FakeZalo } from "../../support/fakeZalo.js";
import { withAdmin } from "../../support/postgres.js";
import {
  createTestDatabase,
  startTestServer,
  type TestDatabase,
  type TestServer,
  testDatabases,
} from "../../support/testServer.js";

/** Every job, in the order the server registers them. */
const ALL_JOBS = [
  "outbox",
  "recovery",
  "retention",
  "sla-reminders",
  "telegram-polling",
  "zalo-oa-token",
  "zalo-bot-polling",
];

/** Resolves when `server` takes (true) or loses (false) the background lock. */
const becomes = (server: TestServer, leader: boolean) =>
  new Promise<number>((resolve) => {
    const off = server.background.onChange((now) => {
      if (now !== leader) return;
      off();
      resolve(Date.now());
    });
  });

if (testDatabases().includes("postgres")) {
  describe("background jobs with two instances on one PostgreSQL database", () => {
    let database: TestDatabase;
    let telegram: FakeTelegram;
    let zalo: FakeZalo;
    let a: TestServer;
    let b: TestServer;

    beforeAll(async () => {
      database = await createTestDatabase("postgres");
      telegram = await startFakeTelegram("123:abc");
      zalo = await FakeZalo.start({ accessToken: "AT-0", refreshToken: "RT-0" });
      const options = {
        database,
        channels: [telegramChannel, zaloOaChannel, zaloBotChannel],
        backgroundIntervalMs: 100,
        env: {
          TELEGRAM_BOT_TOKEN: telegram.token,
          TELEGRAM_API_ROOT: telegram.url,
          TELEGRAM_COUNSELOR_CHAT_ID: "-100200300",
          ZALO_APP_ID: zalo.appId,
          ZALO_APP_SECRET: zalo.appSecret,
          ZALO_OA_SECRET_KEY: "oa-secret-key",
          ZALO_OA_ACCESS_TOKEN: "AT-0",
          ZALO_OA_REFRESH_TOKEN: "RT-0",
          ZALO_API_ROOT: zalo.url,
          ZALO_OAUTH_ROOT: zalo.url,
          ZALO_BOT_TOKEN: zalo.botToken,
          ZALO_BOT_API_ROOT: zalo.url,
        },
      };
      a = await startTestServer(options);
      b = await startTestServer(options);
    });
    afterAll(async () => {
      await a?.stop();
      await b?.stop();
      await telegram?.close();
      await zalo?.close();
      await database?.drop();
    });

    const sendsTo = (chatId: number) =>
      telegram.callsOf("sendMessage").filter((c) => String(c.params.chat_id) === String(chatId));
    /** A Telegram update over long polling, answered: resolves with the sends to that chat. */
    const telegramSays = async (chatId: number, text: string) => {
      await telegram.handled(telegram.queueUpdate(privateText(chatId, text)));
      return sendsTo(chatId);
    };
    /** A Zalo Bot update over long polling: resolves once it has been answered. */
    const zaloBotSays = async (chatId: string, messageId: string, text: string) => {
      zalo.pushUpdate(botTextUpdate({ chatId, messageId, text }));
      await zalo.waitFor("sendMessage", 1, (r) => r.body.chat_id === chatId);
    };
    /** Two pollers of one bot refuse each other (409 on Telegram and in the Zalo fake): none was logged. */
    const expectNoPollingConflict = () => {
      for (const server of [a, b]) {
        const failures = server.logs.filter((l) => /getUpdates failed|polling stopped/.test(String(l.msg)));
        expect(failures).toEqual([]);
      }
    };
    /** Ends the PostgreSQL session holding the background lock, as a kill -9 of its instance does. */
    const killLockSession = () =>
      withAdmin(inject("postgres")!.adminUrl, (admin) =>
        admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_locks JOIN pg_database d ON d.oid = pg_locks.database
           WHERE locktype = 'advisory' AND objid = $1 AND d.datname = $2`,
          [BACKGROUND_LOCK_KEY, new URL(database.url).pathname.slice(1)],
        ),
      );

    it("when two instances run, then every job runs on exactly one of them", async () => {
      expect(a.background.isLeader).toBe(true);
      expect(a.background.running()).toEqual(ALL_JOBS);
      expect(b.background.isLeader).toBe(false);
      expect(b.background.running()).toEqual([]);
      // One reader of Telegram's updates: each update is answered once.
      expect((await telegramSays(910001, "/start")).length).toBeGreaterThan(0);
      await zaloBotSays("zb-1", "zb-1-m1", "Xin chào");
      expectNoPollingConflict();
    });

    it("when the instance running the jobs dies, then the other takes all of them over within seconds and the first runs none", async () => {
      const lost = becomes(a, false);
      const taken = becomes(b, true);
      const killedAt = Date.now();
      const killed = await killLockSession();
      expect(killed.rowCount).toBe(1);
      const [lostAt, takenAt] = await Promise.all([lost, taken]);
      expect(lostAt - killedAt).toBeLessThan(5_000);
      expect(takenAt - killedAt).toBeLessThan(5_000);
      expect(b.background.running()).toEqual(ALL_JOBS);
      expect(a.background.running()).toEqual([]);

      // Long polling moved: a new update is answered, once.
      const answered = await telegramSays(910002, "/start");
      expect(answered.length).toBeGreaterThan(0);
      await zaloBotSays("zb-2", "zb-2-m1", "Xin chào");

      // Delivery retries moved: a message waiting for its retry is sent, once.
      const contact = await b.prisma.contact.findUniqueOrThrow({
        where: { pseudonym: b.service.pseudonymOf("telegram", "910002") },
        include: { conversations: true },
      });
      const cipher = new FieldCipher(resolveKeys(b.config, b.dir).dataKey);
      const due = await b.prisma.message.create({
        data: {
          conversationId: contact.conversations[0]!.id,
          channel: "telegram",
          direction: "out",
          sender: "bot",
          text: cipher.encrypt("retried after the takeover"),
          delivery: "pending",
          attempts: 1,
          nextAttemptAt: new Date(Date.now() - 1_000),
        },
      });
      await telegram.waitFor("the retried message", () =>
        sendsTo(910002).find((c) => c.params.text === "retried after the takeover"),
      );
      await expect
        .poll(async () => (await b.prisma.message.findUniqueOrThrow({ where: { id: due.id } })).delivery)
        .toBe("sent");
      expect(sendsTo(910002).filter((c) => c.params.text === "retried after the takeover")).toHaveLength(1);

      // The retention purge moved: it ran at once on the new holder.
      const expired = await b.prisma.conversation.create({
        data: {
          contact: { create: { channel: "webchat", pseudonym: "expired-1", handle: "Khách 0001" } },
          channel: "webchat",
          state: "{}",
          status: "closed",
          closedAt: new Date(Date.now() - 400 * 24 * 60 * 60 * 1000),
        },
      });
      const relost = becomes(b, false);
      const retaken = becomes(a, true);
      await b.background.stop(); // a clean shutdown hands over at once
      await Promise.all([relost, retaken]);
      expect(a.background.running()).toEqual(ALL_JOBS);
      expect(await a.prisma.conversation.findUnique({ where: { id: expired.id } })).toBeNull();
      expectNoPollingConflict();
    });
  });
}
