import type { Logger } from "pino";
import type { Namespace, Server } from "socket.io";
import { z } from "zod";
import type { ConversationService } from "../conversation/conversationService.js";
import type { HandoffService } from "../handoff/handoffService.js";
import { hasRole, type Role } from "../handoff/roles.js";
import type { FieldCipher } from "../privacy/fieldCipher.js";
import { FoldedRuns } from "../realtime/foldedRuns.js";
import type { TypingHub } from "../realtime/typingHub.js";
import type { QueueDto } from "../shared/consoleDto.js";
import type { ConversationRepository } from "../store/conversationRepository.js";
import { sessionCookieOf } from "./consoleRoutes.js";
import type { ConsoleSessions } from "./consoleSessions.js";

const SUPERVISORS = "supervisors";
const ALL = "counselors";
const roomOf = (counselorId: string) => `counselor:${counselorId}`;
/** A counselor's typing events per chat are looked at no more often than this (ms). */
const TYPING_EVERY_MS = 2_000;
/** The queue is pushed to the consoles at most this often (ms); every change is in the next push. */
const QUEUE_PUSH_EVERY_MS = 250;
const typingPayload = z.object({ conversationId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

/**
 * Socket.IO namespace `/console`, authenticated by the session cookie sent with the handshake.
 * Pushes `queue` (the whole queue, in order, after changes, at most every 250 ms, with the server's `now`), `message` (a stored message of
 * a conversation the counselor may see), `status` (a conversation changed hands or closed) and
 * `notice` (the user asked to stop) and `typing` (the person is typing, web chat only). A
 * counselor's own `typing` event `{conversationId}` shows "typing…" to the person of a chat they
 * hold (rate-limited; no text). See docs/api.md.
 */
export function attachConsoleSocket(deps: {
  io: Server;
  service: ConversationService;
  handoff: HandoffService;
  conversations: Pick<ConversationRepository, "queue" | "accessOf" | "typingTarget" | "handedOffOf">;
  sessions: ConsoleSessions;
  logger: Logger;
  typing: TypingHub;
  cipher: FieldCipher;
  /** The server's clock: `queue` events carry its time (`now`), as the HTTP answers do. */
  clock: () => Date;
}): { nsp: Namespace; detach: () => void } {
  const { io, service, handoff, conversations, sessions, logger, typing, cipher, clock } = deps;
  const queueEvent = async (): Promise<QueueDto> => ({
    conversations: await conversations.queue(),
    now: clock().toISOString(),
  });
  const nsp = io.of("/console");
  nsp.use(async (socket, next) => {
    const session = await sessions
      .lookup(sessionCookieOf(socket.handshake.headers.cookie))
      .catch(() => undefined);
    if (!session) return next(new Error("unauthorized"));
    socket.data.counselorId = session.counselor.id;
    socket.data.role = session.counselor.role;
    next();
  });
  nsp.on("connection", (socket) => {
    void socket.join(ALL);
    void socket.join(roomOf(socket.data.counselorId as string));
    if (hasRole(socket.data.role as Role, "supervisor")) void socket.join(SUPERVISORS);
    void queueEvent().then((event) => socket.emit("queue", event));
    const lastTyping = new Map<string, number>();
    // An optional acknowledgement says the signal was handled (sent or dropped); tests use it.
    socket.on("typing", (payload: unknown, ack?: unknown) => {
      const done = () => (typeof ack === "function" ? (ack as () => void)() : undefined);
      const parsed = typingPayload.safeParse(payload);
      if (!parsed.success) return done();
      const { conversationId } = parsed.data;
      const now = Date.now();
      if (now - (lastTyping.get(conversationId) ?? 0) < TYPING_EVERY_MS) return done();
      lastTyping.set(conversationId, now);
      void counselorTyping(socket.data.counselorId as string, conversationId)
        .catch((err: unknown) => logger.warn({ err }, "console typing signal failed"))
        .finally(done);
    });
  });

  /** Only the counselor who holds the chat shows as typing; the address is decrypted just to send. */
  const counselorTyping = async (counselorId: string, conversationId: string) => {
    const c = await conversations.typingTarget(conversationId);
    if (!c || c.status !== "active" || c.assignedTo !== counselorId || !typing.supports(c.channel)) return;
    const address = c.encryptedAddress ? cipher.decrypt(c.encryptedAddress) : undefined;
    if (c.channel !== "webchat" && !address) return;
    await typing.counselorTyping(
      c.channel,
      { contactId: c.contactId, ...(address ? { address } : {}) },
      (err) => logger.debug({ err, channel: c.channel }, "typing signal refused"),
    );
  };

  // A person typing shows to whoever may read the chat: everyone while it waits, else the holder
  // and supervisors (as with messages).
  const offTyping = typing.onPersonTyping(({ contactId }) => {
    void conversations
      .handedOffOf(contactId)
      .then((c) => {
        if (!c) return;
        const rooms =
          c.status === "waiting" ? [ALL] : [SUPERVISORS, ...(c.assignedTo ? [roomOf(c.assignedTo)] : [])];
        nsp.to(rooms).emit("typing", { conversationId: c.id });
      })
      .catch((err: unknown) => logger.warn({ err }, "console typing push failed"));
  });

  // The whole queue after a change, at most every QUEUE_PUSH_EVERY_MS: a burst of handoffs reads
  // and sends it a few times, not once per change.
  const queuePushes = new FoldedRuns(
    async () => {
      nsp.to(ALL).emit("queue", await queueEvent());
    },
    QUEUE_PUSH_EVERY_MS,
    (err: unknown) => logger.error({ err }, "console queue push failed"),
  );
  const pushQueue = () => queuePushes.request();

  const offStatus = service.onStatus((c) => {
    pushQueue();
    const event = { conversationId: c.id, status: c.status, assignedTo: c.assignedTo };
    const rooms = [SUPERVISORS, ...(c.assignedTo ? [roomOf(c.assignedTo)] : [])];
    nsp.to(rooms).emit("status", event);
  });

  const offMessage = service.onMessage((event) => {
    // The service says the status with the event; ask the database only when it does not.
    const known =
      event.status !== undefined && event.assignedTo !== undefined
        ? Promise.resolve({ status: event.status, assignedTo: event.assignedTo })
        : conversations.accessOf(event.conversationId);
    void known
      .then((c) => {
        if (!c || c.status === "bot") return; // the bot's own chats are nobody's business
        // Waiting chats are open to every counselor; held ones to the holder and supervisors.
        const rooms =
          c.status === "waiting" ? [ALL] : [SUPERVISORS, ...(c.assignedTo ? [roomOf(c.assignedTo)] : [])];
        nsp.to(rooms).emit("message", { conversationId: event.conversationId, message: event.message });
      })
      .catch((err: unknown) => logger.error({ err }, "console message push failed"));
  });

  const offNotice = handoff.onNotice((notice) => {
    const rooms = [SUPERVISORS, ...(notice.assignedTo ? [roomOf(notice.assignedTo)] : [])];
    nsp.to(rooms).emit("notice", { conversationId: notice.conversationId, kind: notice.kind });
  });

  return {
    nsp,
    detach() {
      queuePushes.stop();
      offStatus();
      offMessage();
      offTyping();
      offNotice();
    },
  };
}
