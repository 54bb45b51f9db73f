// Two real server processes on one PostgreSQL database behind a "load balancer" (the test
// spreads Telegram webhooks over both). One is killed with SIGKILL in the middle of a burst:
// every update that got a 200 is answered by the other within 90 s, none twice; what the dead
// one never acknowledged, Telegram sends again, to the live one, and it is answered once too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChildServer, startChildServer } from "../support/childServer.js";
import {
  type FakeTelegram,
  privateText,
  startFakeTelegram,
  telegramWebhookEnv,
} from "../support/fakeTelegram.js";
import { createTestDatabase, type TestDatabase, testDatabases } from "../support/testServer.js";

const SECRET = "s3cret_for-the-webhook_0123456789";
const UPDATES = 60;
const CONCURRENCY = 6;
/** A is killed once it has acknowledged this many updates. */
const KILL_AFTER_ACKS = 12;
/** The first sends through A fail (Telegram 500): acknowledged, the answer left to the retries. */
const FAILED_SENDS = 4;
const ANSWER_WITHIN_MS = 90_000;

interface Update {
  index: number;
  chatId: number;
  body: Record<string, unknown>;
}

if (testDatabases().includes("postgres")) {
  describe("two instances on one PostgreSQL database, one killed with SIGKILL during a burst of Telegram webhooks", () => {
    let db: TestDatabase;
    // One fake Bot API per instance, so the test knows which instance sent what.
    let fakeA: FakeTelegram;
    let fakeB: FakeTelegram;
    let a: ChildServer | undefined;
    let b: ChildServer | undefined;

    beforeAll(async () => {
      db = await createTestDatabase("postgres");
      fakeA = await startFakeTelegram("123:abc");
      fakeB = await startFakeTelegram("123:abc");
    });
    afterAll(async () => {
      await a?.stop();
      await b?.stop();
      await fakeA?.close();
      await fakeB?.close();
      await db?.drop();
    });

    const post = (server: ChildServer, body: Record<string, unknown>) =>
      fetch(`${server.url}/telegram/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
        body: JSON.stringify(body),
      }).then((res) => res.status);
    /** Messages that reached the user of `chatId` (failed and unanswered calls delivered nothing). */
    const delivered = (chatId: number) =>
      [...fakeA.callsOf("sendMessage"), ...fakeB.callsOf("sendMessage")].filter(
        (c) => !c.failed && String(c.params.chat_id) === String(chatId),
      );

    it("when one instance is killed mid-burst, then every update it acknowledged is answered by the other within 90 s, and none twice", async () => {
      a = await startChildServer(db.url, telegramWebhookEnv(fakeA, SECRET));
      b = await startChildServer(db.url, telegramWebhookEnv(fakeB, SECRET));
      const killed = a;
      const survivor = b;
      // The first instance up holds the background lock: the one killed is the one running it.
      expect(killed.logs.some((l) => l.msg === "background work started on this instance")).toBe(true);
      expect(survivor.logs.some((l) => l.msg === "background work started on this instance")).toBe(false);

      // How many messages answer /start in a new chat, for comparison.
      // The webhook is answered once the update is stored; the replies follow, the menu last.
      expect(await post(survivor, { update_id: 1, ...privateText(5_550_999, "/start") })).toBe(200);
      const perUpdate = (
        await fakeB.waitFor("the menu after /start", () => {
          const sent = delivered(5_550_999);
          return sent.at(-1)?.params.reply_markup ? sent : undefined;
        })
      ).length;
      expect(perUpdate).toBeGreaterThan(0);

      fakeA.failNext("sendMessage", {
        status: 500,
        description: "Internal Server Error",
        times: FAILED_SENDS,
      });
      const updates: Update[] = Array.from({ length: UPDATES }, (_, index) => {
        const chatId = 5_550_000 + index;
        return { index, chatId, body: { update_id: 100 + index, ...privateText(chatId, "/start") } };
      });
      const ackedBy = new Map<number, "a" | "b">();
      const unacked: Update[] = [];
      const inFlightToA = new Set<number>(); // chat ids
      let killedAt = 0;
      let kill: Promise<void> | undefined;

      const killA = async () => {
        // Sends through A from now on never arrive. Wait until each request A is working on is
        // either answered or stuck in such a send, so no send is lost between Telegram's answer
        // and A recording it (Telegram has no idempotency key: that gap cannot be closed).
        fakeA.holdAll("sendMessage");
        const stuck = () => new Set(fakeA.unanswered.map((c) => Number(c.params.chat_id)));
        await expect
          .poll(() => [...inFlightToA].filter((chatId) => !stuck().has(chatId)), {
            timeout: 20_000,
            interval: 10,
          })
          .toEqual([]);
        killedAt = Date.now();
        killed.child.kill("SIGKILL");
        expect(await killed.exited).toBeNull(); // killed by a signal, not a clean exit
      };

      let next = 0;
      const worker = async () => {
        while (next < updates.length) {
          const update = updates[next++]!;
          const target = update.index % 2 === 0 ? "a" : "b";
          if (target === "a" && killedAt > 0) {
            unacked.push(update); // A is gone: the connection is refused
            continue;
          }
          if (target === "b") {
            const status = await post(survivor, update.body);
            expect(status).toBe(200);
            ackedBy.set(update.index, "b");
            continue;
          }
          inFlightToA.add(update.chatId);
          try {
            const status = await post(killed, update.body);
            expect(status).toBe(200);
            ackedBy.set(update.index, "a");
          } catch {
            unacked.push(update); // the connection died with A
          } finally {
            inFlightToA.delete(update.chatId);
          }
          const fromA = [...ackedBy.values()].filter((by) => by === "a").length;
          if (fromA >= KILL_AFTER_ACKS) kill ??= killA();
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      await kill;
      expect(killedAt).toBeGreaterThan(0);
      const ackedByA = [...ackedBy].filter(([, by]) => by === "a").map(([index]) => updates[index]!);
      expect(ackedByA.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

      // Telegram sends again what got no 200; the load balancer now reaches only B.
      for (const update of unacked) expect(await post(survivor, update.body)).toBe(200);

      // Every update is answered, with exactly the messages of one answer, within 90 s of the kill.
      await expect
        .poll(() => updates.filter((u) => delivered(u.chatId).length !== perUpdate).map((u) => u.chatId), {
          timeout: ANSWER_WITHIN_MS - (Date.now() - killedAt),
          interval: 250,
        })
        .toEqual([]);
      for (const u of updates) expect(delivered(u.chatId)).toHaveLength(perUpdate);

      // The answers A owed (its sends failed or never arrived) came from B.
      const owedByA = ackedByA.filter((u) =>
        fakeA.callsOf("sendMessage").some((c) => c.failed && String(c.params.chat_id) === String(u.chatId)),
      );
      expect(owedByA.length).toBeGreaterThan(0);
      for (const u of owedByA) {
        expect(
          fakeB.callsOf("sendMessage").filter((c) => String(c.params.chat_id) === String(u.chatId)),
        ).toHaveLength(perUpdate);
      }
      // B took the background work over.
      expect(survivor.logs.some((l) => l.msg === "background work started on this instance")).toBe(true);
    }, 240_000);
  });
}
