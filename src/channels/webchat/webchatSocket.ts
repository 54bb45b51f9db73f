import type { Server } from "socket.io";
import { z } from "zod";
import type { ConversationService } from "../../conversation/conversationService.js";
import type { TypingHub } from "../../realtime/typingHub.js";
import type { WebSessions } from "./webSessions.js";

const authSchema = z.object({ sessionId: z.string().min(10).max(64), token: z.string().min(10).max(128) });
const roomOf = (contactId: string) => `contact:${contactId}`;

/**
 * Socket.IO namespace `/webchat`: a client authenticates with `{sessionId, token}` and receives
 * `message` events for everything the bot, a counselor or the system sends later, and `typing`
 * while the counselor types. The client's own `typing` event (no payload) says the person is
 * typing; it reaches the console through the typing hub, rate-limited there.
 */
export function attachWebchatSocket(
  io: Server,
  service: ConversationService,
  sessions: WebSessions,
  typing: TypingHub,
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
    const contactId = socket.data.contactId as string;
    void socket.join(roomOf(contactId));
    socket.on("typing", () => {
      typing.personTyping("webchat", contactId);
    });
  });
  // Through the adapter, so a counselor on another instance reaches this person's socket.
  typing.registerChannel("webchat", async ({ contactId }) => {
    nsp.to(roomOf(contactId)).emit("typing", { from: "counselor" });
  });
  return service.onMessage((event) => {
    if (event.channel !== "webchat" || event.message.from === "user") return;
    nsp.to(roomOf(event.contactId)).emit("message", event.message);
  });
}
