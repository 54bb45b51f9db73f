import { readState } from "../conversation/engineState.js";
import type { HandoffPort } from "../conversation/ports.js";
import type { Intents } from "../engine/flowSchema.js";
import { intentOf } from "../engine/intents.js";
import type { EngineInput, OutMessage, Priority, Scalar, Translate } from "../engine/types.js";
import { HANDOFF_NOTICE_KEY } from "../flows/loadHandoffNotice.js";
import type { FieldCipher } from "../privacy/fieldCipher.js";
import type { AuditLog } from "../store/auditLog.js";
import { type StoredConversation, toConversation } from "../store/conversationRecord.js";
import { type OfficeHours, officeStatus } from "./officeHours.js";
import type { QueuePlaces } from "./queuePlaces.js";
import { messageKept, queueMessage, whereaboutsOf } from "./userMessages.js";
import type { Told } from "./waitEstimate.js";

export interface QueueDeskDeps {
  audit: Pick<AuditLog, "record">;
  cipher: FieldCipher;
  places: QueuePlaces;
  t: Translate;
  clock: () => Date;
  officeHours: OfficeHours;
  intents: Intents;
}

/** "A counselor should know": the person asked to stop while the counselor holds the chat. */
export interface HandoffNotice {
  conversationId: string;
  assignedTo: string | null;
  kind: "user_stop";
}

/**
 * What the person hears from the handoff layer during their own turn: their place in the
 * queue when they ask for a person, "kept for the counselor" while they wait, the goodbye to
 * the queue when they leave it, the acknowledgement of "stop" while a counselor holds the chat.
 * Remembers what each waiting person was last told (per process; a restart re-tells).
 * The turn hands conversations as stored; each is parsed (toConversation) before use.
 */
export class QueueDesk implements HandoffPort {
  private readonly told = new Map<string, Told>();
  private readonly noticeListeners = new Set<(notice: HandoffNotice) => void>();

  constructor(private readonly deps: QueueDeskDeps) {}

  /** What a waiting person was last told about their place, if anything. */
  toldOf(conversationId: string): Told | undefined {
    return this.told.get(conversationId);
  }

  /** Remembers what a waiting person was just told. */
  remember(conversationId: string, told: Told): void {
    this.told.set(conversationId, told);
  }

  /** The chat left the queue: nothing more to re-tell. */
  forget(conversationId: string): void {
    this.told.delete(conversationId);
  }

  /** Subscribes to notices for the counselor holding a chat. Returns an unsubscribe. */
  onNotice(listener: (notice: HandoffNotice) => void): () => void {
    this.noticeListeners.add(listener);
    return () => this.noticeListeners.delete(listener);
  }

  async requested(
    stored: StoredConversation,
    priority: Priority,
    vars: Record<string, Scalar>,
  ): Promise<OutMessage[]> {
    const conversation = toConversation(stored);
    const { t, places } = this.deps;
    const locale = conversation.locale;
    const location = whereaboutsOf(vars);
    const effective = conversation.priority ?? priority;
    if (conversation.status !== "waiting") return [];
    if (this.told.has(conversation.id)) {
      const again = await places.placeOf(conversation);
      return [{ text: t(locale, "handoff:queue.still_waiting", { position: again.position, location }) }];
    }
    const facts = await places.placeOf({
      id: conversation.id,
      priority: effective,
      waitingSince: conversation.waitingSince,
    });
    this.told.set(conversation.id, facts);
    return [
      // Once per handoff: what the counselor will see (an operator setting, flows/handoff-notice.yaml).
      // Before the queue message, so that the buttons to leave the queue or call stay on the last bubble.
      { text: t(locale, HANDOFF_NOTICE_KEY) },
      queueMessage(t, locale, {
        ...facts,
        priority: effective,
        office: officeStatus(this.deps.clock(), this.deps.officeHours),
        counselorAvailable: await places.counselorAvailable(),
        timeZone: this.deps.officeHours.timezone,
        location,
      }),
    ];
  }

  async whileWaiting(stored: StoredConversation): Promise<OutMessage[]> {
    const conversation = toConversation(stored);
    const facts = await this.deps.places.placeOf(conversation);
    const location = whereaboutsOf(readState(this.deps.cipher, conversation).vars);
    return [messageKept(this.deps.t, conversation.locale, facts.position, location)];
  }

  async cancelled(stored: StoredConversation): Promise<OutMessage[]> {
    const conversation = toConversation(stored);
    this.told.delete(conversation.id);
    await this.deps.audit.record({
      counselorId: null,
      action: "cancel",
      conversationId: conversation.id,
      at: this.deps.clock(),
    });
    return [{ text: this.deps.t(conversation.locale, "handoff:queue.cancelled") }];
  }

  async whileActive(stored: StoredConversation, input: EngineInput): Promise<OutMessage[]> {
    // Every message goes to the counselor (the console gets it through the message events); the
    // bot stays silent, except that the person's own "stop" is acknowledged and flagged to the counselor.
    if (intentOf(input, this.deps.intents) !== "cancel") return [];
    const conversation = toConversation(stored);
    const notice: HandoffNotice = {
      conversationId: conversation.id,
      assignedTo: conversation.assignedTo,
      kind: "user_stop",
    };
    for (const listener of this.noticeListeners) listener(notice);
    return [{ text: this.deps.t(conversation.locale, "handoff:stop_told") }];
  }
}
