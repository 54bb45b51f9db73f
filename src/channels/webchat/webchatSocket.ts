import type { Server } from "socket.io";
import { z } from "zod";
import type { ConversationService } from "../../conversation/conversationService.js";
import type { WebSessions } from "./webSessions.js";

const authSchema = z.object({ sessionId: z.string().min(10).max(64), token: z.string().min(10).max(128) });

/**
 * Socket.IO namespace `/webchat`: a client authenticates with `{sessionId, token}` and receives
 * `message` events for everything the bot, a counselor or the system sends later.
 */
export function attachWebchatSocket(
  io: Server,
  service: ConversationService,
  sessions: WebSessions,
): () => void {
  const nsp = io.of("/webchat");
  nsp.use(async (socket, next) => {
    const auth = authSchema.safeParse(socket.handshake.auth);
    if (!auth.success) return next(new Error("unauthorized"));
    const contactId = await sessions.verify(auth.data.sessionId, auth.data.token).catch(() => undefined);
    if (!contactId) return next(new Error("unauthorized"));
    socket.data.contactId = contactId;
    next();
  });
  nsp.on("connection", (socket) => {
    void socket.join(`contact:${socket.data.contactId as string}`);
  });
  return service.onMessage((event) => {
    if (event.channel !== "webchat" || event.message.from === "user") return;
    nsp.to(`contact:${event.contactId}`).emit("message", event.message);
  });
}
