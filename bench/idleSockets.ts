// Idle web chat sockets: opens N anonymous sessions over HTTP (each from its own client address
// behind one trusted proxy, as real people are), connects a Socket.IO client for each, as the
// widget does, and reads the server's RSS once they are all connected and idle.
import { performance } from "node:perf_hooks";
import { io, type Socket } from "socket.io-client";

export interface WebSession {
  sessionId: string;
  token: string;
}

const clientAddress = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/** Opens `count` web chat sessions, `concurrency` at a time; returns them and the rate. */
export async function openSessions(
  base: string,
  count: number,
  concurrency = 20,
): Promise<{ sessions: WebSession[]; failed: number; perSecond: number }> {
  const sessions: WebSession[] = [];
  let failed = 0;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const res = await fetch(`${base}/webchat/api/sessions`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": clientAddress(i) },
          body: "{}",
        }).catch(() => undefined);
        if (res?.status === 201) sessions.push((await res.json()) as WebSession);
        else {
          failed++;
          await res?.arrayBuffer();
        }
      }
    }),
  );
  return { sessions, failed, perSecond: sessions.length / ((performance.now() - t0) / 1000) };
}

export interface IdleSocketsResult {
  connected: number;
  failed: number;
  rssBeforeMiB: number;
  rssAfterMiB: number;
}

/**
 * Connects one Socket.IO client per session (as the widget does: websocket first), waits until
 * they are idle, reads `rss()`, then disconnects them all.
 */
export async function holdIdleSockets(
  base: string,
  sessions: WebSession[],
  rss: () => number,
  /** Called while the sockets are connected and idle, e.g. to take a heap snapshot. */
  probe?: () => Promise<void>,
): Promise<IdleSocketsResult> {
  const rssBeforeMiB = rss();
  const sockets: Socket[] = [];
  let failed = 0;
  // Connected in batches, as a crowd arrives: not 5,000 handshakes in the same millisecond.
  for (let i = 0; i < sessions.length; i += 100) {
    await Promise.all(
      sessions.slice(i, i + 100).map(
        (session) =>
          new Promise<void>((resolve) => {
            const socket = io(`${base}/webchat`, {
              auth: { ...session },
              transports: ["websocket", "polling"],
              reconnection: false,
            });
            sockets.push(socket);
            socket.once("connect", () => resolve());
            socket.once("connect_error", () => {
              failed++;
              resolve();
            });
          }),
      ),
    );
  }
  // Idle: let the server settle (handshakes done, first pings exchanged) before reading RSS.
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  const rssAfterMiB = rss();
  await probe?.();
  for (const socket of sockets) socket.disconnect();
  return { connected: sockets.length - failed, failed, rssBeforeMiB, rssAfterMiB };
}
