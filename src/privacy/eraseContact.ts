import type { Logger } from "pino";
import type { Server as SocketServer } from "socket.io";
import type { Outbox } from "../conversation/outbox.js";
import type { ErasurePort } from "../conversation/ports.js";
import type { HandleResult } from "../conversation/types.js";
import type { OutMessage } from "../engine/types.js";
import type { PrivacyStore } from "../store/privacyStore.js";
import type { FieldCipher } from "./fieldCipher.js";

/** Socket.IO event on `/console` telling counselors a conversation no longer exists. */
export const CONVERSATION_ERASED_EVENT = "conversation:erased";

export interface EraseDeps {
  privacy: PrivacyStore;
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
  conversation: { id: string; contactId: string },
  lastWords: OutMessage[],
): Promise<HandleResult> {
  const { privacy, outbox, io, logger } = deps;
  // Read what the last words need before it is gone.
  const subject = await privacy.erasureSubject(conversation.id);
  if (!subject)
    return {
      status: "processed",
      conversationId: conversation.id,
      contactId: conversation.contactId,
      replies: [],
    };
  const { contactId, channel, locale } = subject;
  const address = deps.cipher.open(subject.sealedAddress) ?? "";

  const forgotten = await privacy.eraseContact(subject);
  logger.info({ channel, ...forgotten }, "contact erased on request");

  const consoleNamespace = io.of("/console");
  for (const conversationId of subject.conversationIds)
    consoleNamespace.emit(CONVERSATION_ERASED_EVENT, { conversationId });

  const replies = await outbox.sendEphemeral(
    { conversationId: conversation.id, contactId, channel, address, locale },
    lastWords,
  );
  // The web session no longer exists: its sockets must not stay subscribed (after the last words).
  io.of("/webchat").in(`contact:${contactId}`).disconnectSockets(false);
  return { status: "processed", conversationId: conversation.id, contactId, replies };
}
