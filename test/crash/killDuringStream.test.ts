// Crash test: the real server as a child process, killed with SIGKILL while web chat messages
// stream in, then restarted on the same database. Nothing acknowledged may be lost, and every
// reply owed must exist exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChildServer, startChildServer } from "../support/childServer.js";
import { createTestDatabase, type TestDatabase, testDatabases } from "../support/testServer.js";

type Running = ChildServer;
const startChild = (databaseUrl: string) => startChildServer(databaseUrl);

interface Session {
  sessionId: string;
  token: string;
}
interface Reply {
  id: string;
  from: string;
  text: string;
}

async function post(url: string, s: Session, clientMessageId: string) {
  const res = await fetch(`${url}/webchat/api/sessions/${s.sessionId}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${s.token}` },
    body: JSON.stringify({ text: "menu", clientMessageId }),
  });
  return { status: res.status, body: (await res.json()) as { messages: Reply[]; duplicate?: boolean } };
}

const SESSIONS = 4;
const PER_SESSION = 25;
const KILL_AFTER_ACKS = 30;

describe.each(testDatabases())("crash while messages stream in on %s", (kind) => {
  let db: TestDatabase;
  let current: Running | undefined;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(async () => {
    if (current && current.child.exitCode === null) {
      current.child.kill("SIGTERM");
      await current.exited;
    }
    await db?.drop();
  });

  it("when the server is killed with SIGKILL mid-stream and restarted, then every acknowledged message is stored and every owed reply exists once", async () => {
    current = await startChild(db.url);
    const first = current;
    const sessions: Session[] = [];
    for (let i = 0; i < SESSIONS; i++) {
      const res = await fetch(`${first.url}/webchat/api/sessions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      sessions.push((await res.json()) as Session);
    }

    const acked = new Map<string, Reply[]>(); // clientMessageId -> replies it was answered with
    const unacked: { session: Session; clientMessageId: string }[] = [];
    let killed = false;
    let fireKilled: () => void = () => undefined;
    const killedOnce = new Promise<void>((resolve) => {
      fireKilled = resolve;
    });

    const stream = async (session: Session, n: number) => {
      for (let i = 0; i < PER_SESSION; i++) {
        const clientMessageId = `s${n}-m${i}`;
        try {
          const res = await post(first.url, session, clientMessageId);
          if (res.status !== 200)
            throw new Error(`unexpected ${res.status} before the crash: ${JSON.stringify(res.body)}`);
          acked.set(clientMessageId, res.body.messages);
          if (!killed && acked.size >= KILL_AFTER_ACKS) {
            killed = true;
            first.child.kill("SIGKILL");
            fireKilled();
          }
        } catch (err) {
          if (!killed) throw err;
          // The connection died with the server: this message was never acknowledged.
          unacked.push({ session, clientMessageId });
          return;
        }
      }
    };
    await Promise.all(sessions.map((s, n) => stream(s, n)));
    await killedOnce;
    expect(await first.exited).toBeNull(); // killed by a signal, not a clean exit
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

    current = await startChild(db.url);
    const second = current;

    // A client retries what was never acknowledged, with the same clientMessageId.
    for (const { session, clientMessageId } of unacked) {
      const res = await post(second.url, session, clientMessageId);
      expect(res.status).toBe(200);
    }

    const repliesPerInput = [...acked.values()][0]!.length;
    expect(repliesPerInput).toBeGreaterThan(0);
    for (const [n, session] of sessions.entries()) {
      const res = await fetch(`${second.url}/webchat/api/sessions/${session.sessionId}/messages`, {
        headers: { authorization: `Bearer ${session.token}` },
      });
      expect(res.status).toBe(200);
      const history = ((await res.json()) as { messages: Reply[] }).messages;
      const ids = history.map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);

      // Every reply a 200 carried is stored, with the same text.
      for (const [clientMessageId, replies] of acked) {
        if (!clientMessageId.startsWith(`s${n}-`)) continue;
        for (const reply of replies) expect(history.find((m) => m.id === reply.id)?.text).toBe(reply.text);
      }

      // Each user message is followed by exactly its replies: none lost, none doubled.
      const userTurns = history.filter((m) => m.from === "user" && m.text === "menu").length;
      const sentBefore = [...acked.keys()].filter((k) => k.startsWith(`s${n}-`)).length;
      const retried = unacked.filter((u) => u.session === session).length;
      expect(userTurns).toBe(sentBefore + retried);
      let since = -1;
      for (const m of history) {
        if (m.from === "user") {
          if (since >= 0) expect(since).toBe(repliesPerInput);
          since = 0;
        } else if (since >= 0) since += 1;
      }
      expect(since).toBe(repliesPerInput);
    }
  }, 120_000);
});
