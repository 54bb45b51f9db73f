import { createAdapter } from "@socket.io/redis-adapter";
import type { Logger } from "pino";
import { createClient } from "redis";
import type { Server } from "socket.io";

/**
 * Shares Socket.IO broadcasts between server instances through Redis pub/sub, so a counselor
 * connected to one instance sees messages handled by another, and a web chat user gets pushes
 * whichever instance handled the reply.
 */
export async function attachRedisAdapter(
  io: Server,
  url: string,
  logger: Logger,
): Promise<{ close(): Promise<void> }> {
  const pub = createClient({ url });
  const sub = pub.duplicate();
  for (const client of [pub, sub]) {
    client.on("error", (err: Error) =>
      logger.error({ err: { message: err.message } }, "redis connection error"),
    );
  }
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
  logger.info("socket.io events shared through redis");
  return {
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
