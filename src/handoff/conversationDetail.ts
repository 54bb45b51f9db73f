import type { ConversationService } from "../conversation/conversationService.js";
import type { Channel, ConversationStatus } from "../conversation/types.js";
import type { Locale, Priority, RiskLevel } from "../engine/types.js";
import type { FieldCipher } from "../privacy/fieldCipher.js";
import type { Conversation, PrismaClient } from "../store/prisma.js";
import type { ConversationDetail } from "./actionResult.js";

export interface DetailDeps {
  prisma: PrismaClient;
  service: Pick<ConversationService, "readState" | "describeAnswers" | "messagesOf">;
  /** Notes are encrypted at rest like messages. */
  cipher: FieldCipher;
}

/**
 * One conversation as the console shows it: status, whole transcript, screening answers (in
 * `lang`), risk and notes; with what decides who may see it. Undefined when there is none.
 */
export async function readConversationDetail(
  deps: DetailDeps,
  conversationId: string,
  lang: Locale,
): Promise<{ access: Pick<Conversation, "status" | "assignedTo">; detail: ConversationDetail } | undefined> {
  const { prisma, service, cipher } = deps;
  const c = await prisma.conversation.findUnique({
    where: { id: conversationId },
    include: { contact: { select: { handle: true } }, notes: { orderBy: { createdAt: "asc" } } },
  });
  if (!c) return undefined;
  const state = service.readState(c);
  return {
    access: c,
    detail: {
      id: c.id,
      status: c.status as ConversationStatus,
      priority: c.priority as Priority | null,
      channel: c.channel as Channel,
      handle: c.contact.handle,
      locale: c.locale as Locale,
      waitingSince: c.waitingSince?.toISOString() ?? null,
      assignedTo: c.assignedTo,
      outcome: c.outcome,
      risk: { level: c.riskLevel as RiskLevel, indicators: JSON.parse(c.riskIndicators) as string[] },
      answers: state.vars ?? {},
      screening: service.describeAnswers(state.vars ?? {}, lang),
      transcript: await service.messagesOf(c.id, 0, 1000),
      notes: c.notes.map((n) => ({
        id: n.id,
        counselorId: n.counselorId,
        text: cipher.decrypt(n.text),
        at: n.createdAt.toISOString(),
      })),
    },
  };
}
