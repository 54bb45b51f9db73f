import type { Logger } from "pino";
import type { Server as SocketServer } from "socket.io";
import type { Outbox } from "../conversation/outbox.js";
import type { ErasurePort } from "../conversation/ports.js";
import type { Channel, HandleResult } from "../conversation/types.js";
import type { Locale, OutMessage } from "../engine/types.js";
import type { Conversation, PrismaClient } from "../store/prisma.js";
import { bumpCounters, COUNTER } from "./counters.js";
import type { FieldCipher } from "./fieldCipher.js";
import { forgetConversations } from "./forgetConversations.js";

/** Socket.IO event on `/console` telling counselors a conversation no longer exists. */
export const CONVERSATION_ERASED_EVENT = "conversation:erased";

export interface EraseDeps {
  prisma: PrismaClient;
  cipher: FieldCipher;
  /** Sends the last words without storing them. */
  outbox: Outbox;
  io: SocketServer;
  logger: Logger;
}

/**
 * Erasure on request, the conversation service's ErasurePort: deletes everything about the contact of `conversation` (every
 * conversation, message, note, web session, and the contact with its encrypted address), keeps
 * anonymous counters, then sends `lastWords` without storing them and tells the console.
 *
 * Runs inside the contact's serialized turn, so no other message of this person is being
 * handled meanwhile. One transaction: a crash leaves either everything or nothing, and an
 * unfinished erasure is re-run by `service.recover()` because the inbound row stays `received`.
 */
export function erasure(deps: EraseDeps): ErasurePort {
  return { erase: (conversation, lastWords) => eraseContact(deps, conversation, lastWords) };
}

async function eraseContact(
  deps: EraseDeps,
  conversation: Conversation,
  lastWords: OutMessage[],
): Promise<HandleResult> {
  const { prisma, outbox, io, logger } = deps;
  const contactId = conversation.contactId;
  // Read what the last words need before it is gone.
  const contact = await prisma.contact.findUnique({ where: { id: contactId }, select: { address: true } });
  const address = deps.cipher.open(contact?.address) ?? "";
  const conversationIds = (
    await prisma.conversation.findMany({ where: { contactId }, select: { id: true } })
  ).map((c) => c.id);
  const channel = conversation.channel as Channel;

  const forgotten = await prisma.$transaction(async (tx) => {
    const result = await forgetConversations(tx, conversationIds);
    await tx.webSession.deleteMany({ where: { contactId } });
    await tx.contact.deleteMany({ where: { id: contactId } });
    await bumpCounters(tx, { [COUNTER.erasures]: 1, [COUNTER.erasuresOf(channel)]: 1 });
    return result;
  });
  logger.info({ channel, ...forgotten }, "contact erased on request");

  const consoleNamespace = io.of("/console");
  for (const conversationId of conversationIds)
    consoleNamespace.emit(CONVERSATION_ERASED_EVENT, { conversationId });

  const replies = await outbox.sendEphemeral(
    { conversationId: conversation.id, contactId, channel, address, locale: conversation.locale as Locale },
    lastWords,
  );
  // The web session no longer exists: its sockets must not stay subscribed (after the last words).
  io.of("/webchat").in(`contact:${contactId}`).disconnectSockets(false);
  return { status: "processed", conversationId: conversation.id, contactId, replies };
}
