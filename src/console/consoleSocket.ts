import type { Logger } from "pino";
import type { Namespace, Server } from "socket.io";
import type { ConversationService } from "../conversation/conversationService.js";
import type { HandoffService } from "../handoff/handoffService.js";
import { readQueue } from "../handoff/queueView.js";
import { hasRole, type Role } from "../handoff/roles.js";
import type { PrismaClient } from "../store/prisma.js";
import { sessionCookieOf } from "./consoleRoutes.js";
import type { ConsoleSessions } from "./consoleSessions.js";

const SUPERVISORS = "supervisors";
const ALL = "counselors";
const roomOf = (counselorId: string) => `counselor:${counselorId}`;

/**
 * Socket.IO namespace `/console`, authenticated by the session cookie sent with the handshake.
 * Pushes `queue` (the whole queue, in order, after every change), `message` (a stored message of
 * a conversation the counselor may see), `status` (a conversation changed hands or closed) and
 * `notice` (the user asked to stop). See docs/api.md.
 */
export function attachConsoleSocket(deps: {
  io: Server;
  service: ConversationService;
  handoff: HandoffService;
  prisma: PrismaClient;
  sessions: ConsoleSessions;
  logger: Logger;
}): { nsp: Namespace; detach: () => void } {
  const { io, service, handoff, prisma, sessions, logger } = deps;
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
    void readQueue(prisma).then((conversations) => socket.emit("queue", { conversations }));
  });

  let queueRun: Promise<void> = Promise.resolve();
  const pushQueue = () => {
    queueRun = queueRun
      .then(async () => {
        nsp.to(ALL).emit("queue", { conversations: await readQueue(prisma) });
      })
      .catch((err: unknown) => logger.error({ err }, "console queue push failed"));
  };

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
        : prisma.conversation.findUnique({
            where: { id: event.conversationId },
            select: { status: true, assignedTo: true },
          });
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

  handoff.onNotice = (notice) => {
    const rooms = [SUPERVISORS, ...(notice.assignedTo ? [roomOf(notice.assignedTo)] : [])];
    nsp.to(rooms).emit("notice", { conversationId: notice.conversationId, kind: notice.kind });
  };

  return {
    nsp,
    detach() {
      offStatus();
      offMessage();
      handoff.onNotice = undefined;
    },
  };
}
