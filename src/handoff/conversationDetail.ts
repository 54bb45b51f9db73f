import type { ConversationService } from "../conversation/conversationService.js";
import type { Locale } from "../engine/types.js";
import type { FieldCipher } from "../privacy/fieldCipher.js";
import { type ConversationRecord, indicatorsOf } from "../store/conversationRecord.js";
import type { ConversationRepository } from "../store/conversationRepository.js";
import type { ConversationDetail } from "./actionResult.js";

export interface DetailDeps {
  conversations: Pick<ConversationRepository, "withNotes" | "addNote">;
  service: Pick<ConversationService, "readState" | "describeAnswers" | "messagesOf">;
  /** Notes are encrypted at rest like messages. */
  cipher: FieldCipher;
}

/** A note as the console shows it. */
export interface NoteView {
  id: string;
  counselorId: string;
  text: string;
  at: string;
}

/**
 * One conversation as the console shows it: status, whole transcript, screening answers (in
 * `lang`), risk and notes; with what decides who may see it. Undefined when there is none.
 */
export async function readConversationDetail(
  deps: DetailDeps,
  conversationId: string,
  lang: Locale,
): Promise<
  { access: Pick<ConversationRecord, "status" | "assignedTo">; detail: ConversationDetail } | undefined
> {
  const { conversations, service, cipher } = deps;
  const found = await conversations.withNotes(conversationId);
  if (!found) return undefined;
  const { conversation: c, handle, notes } = found;
  const state = service.readState(c);
  return {
    access: c,
    detail: {
      id: c.id,
      status: c.status,
      priority: c.priority,
      channel: c.channel,
      handle,
      locale: c.locale,
      waitingSince: c.waitingSince?.toISOString() ?? null,
      assignedTo: c.assignedTo,
      outcome: c.outcome,
      risk: { level: c.riskLevel, indicators: indicatorsOf(c) },
      answers: state.vars ?? {},
      screening: service.describeAnswers(state.vars ?? {}, lang),
      transcript: await service.messagesOf(c.id, 0, 1000),
      notes: notes.map((n) => ({
        id: n.id,
        counselorId: n.counselorId,
        text: cipher.decrypt(n.sealedText),
        at: n.at.toISOString(),
      })),
    },
  };
}

/** Stores an internal note, encrypted at rest, and returns it as the console shows it. */
export async function writeNote(
  deps: Pick<DetailDeps, "conversations" | "cipher">,
  note: { conversationId: string; counselorId: string; text: string; at: Date },
): Promise<NoteView> {
  const stored = await deps.conversations.addNote({
    conversationId: note.conversationId,
    counselorId: note.counselorId,
    sealedText: deps.cipher.encrypt(note.text),
    at: note.at,
  });
  return { id: stored.id, counselorId: stored.counselorId, text: note.text, at: stored.at.toISOString() };
}
