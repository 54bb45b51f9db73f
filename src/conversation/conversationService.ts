import pLimit from "p-limit";
import type { Logger } from "pino";
import { initialState, step } from "../engine/engine.js";
import type { EngineContext, EngineState, Locale, OutMessage, Scalar } from "../engine/types.js";
import type { FieldCipher } from "../privacy/fieldCipher.js";
import { handleFor, pseudonymFor } from "../privacy/pseudonym.js";
import { type Conversation, newRowId, type TurnStore } from "../store/turnStore.js";
import { Backlog } from "./backlog.js";
import { toChatMessage } from "./chatMessage.js";
import type { ConversationEvents, TurnEvent } from "./conversationEvents.js";
import { describeAnswers } from "./describeAnswers.js";
import { readState, sealState } from "./engineState.js";
import { KeyedQueue } from "./keyedQueue.js";
import type { Outbox } from "./outbox.js";
import type { ErasurePort, HandoffPort } from "./ports.js";
import { RECOVERY_GRACE_MS, recoverUnfinished } from "./recovery.js";
import type { RiskAssessor } from "./runTurn.js";
import { storeInbound } from "./storeInbound.js";
import { Turn } from "./turn.js";
import type {
  Channel,
  ChannelSender,
  ChatMessage,
  HandleResult,
  InboundMessage,
  MessageEvent,
  Sender,
} from "./types.js";

export type { TurnEvent } from "./conversationEvents.js";

/**
 * Bot turns running at once in this process, across people. The turns wait their go in memory
 * (their messages are stored and acknowledged already); a few at once keep the processor busy,
 * while the event loop stays free to store and acknowledge the next webhooks quickly.
 */
const TURNS_AT_ONCE = 8;

/**
 * A webhook is answered before its turn only while no turn has waited more than 10 s for a free
 * slot. Behind that, answers wait for their turn and Telegram slows down (it holds back a
 * connection's next update until the answer), so the backlog stops growing long before a stored
 * message reaches the 30 s after which another instance's recovery may take it up.
 */
const BACKLOG = { maxSlotWaitMs: RECOVERY_GRACE_MS / 3 };

export interface ConversationDeps {
  turnStore: TurnStore;
  cipher: FieldCipher;
  pseudonymKey: Buffer;
  engine: Omit<EngineContext, "risk">;
  assessRisk: RiskAssessor;
  logger: Logger;
  clock?: () => Date;
  events: ConversationEvents;
  outbox: Outbox;
  /** What the queue and the counselor say during the person's turn. */
  handoff: HandoffPort;
  /** Erasure on request. */
  erasure: ErasurePort;
}

export interface HandleOptions {
  /**
   * Called once the inbound message is durably stored (or known to be a replay), before the
   * bot runs: a webhook can answer then (Zalo wants an answer within 2 s) and lose nothing.
   */
  onStored?: () => void;
}

/**
 * The walk of one message (DESIGN.md, docs/architecture.md): dedupe and store the inbound
 * message first (storeInbound), run the turn (Turn: engine, applyEffects, storeTurn), then
 * deliver (Outbox). Work for one contact is serialized; recovery re-runs what a crash left.
 */
export class ConversationService {
  private readonly queue = new KeyedQueue();
  private readonly turns = pLimit(TURNS_AT_ONCE);
  /** Inbound messages stored by this process and waiting for their turn here (recovery leaves them). */
  private readonly backlog = new Backlog(BACKLOG);
  private readonly clock: () => Date;
  private readonly turn: Turn;

  constructor(private readonly deps: ConversationDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.turn = new Turn({ ...deps, clock: this.clock });
  }

  registerSender(channel: Channel, sender: ChannelSender): void {
    this.deps.outbox.registerSender(channel, sender);
  }

  /** Engine state at rest is encrypted: its variables hold the person's screening and free-text answers. */
  sealState(state: EngineState): string {
    return sealState(this.deps.cipher, state);
  }

  /** Decrypts a conversation's engine state. */
  readState(conversation: Pick<Conversation, "state">): EngineState {
    return readState(this.deps.cipher, conversation);
  }

  /** The person's answers to the flows' questions, in words a counselor reads (see describeAnswers). */
  describeAnswers(vars: Record<string, Scalar>, locale: Locale) {
    return describeAnswers(this.deps.engine, vars, locale);
  }

  /** Subscribes to every stored message (user, bot, counselor, system). Returns an unsubscribe. */
  onMessage(listener: (event: MessageEvent) => void): () => void {
    return this.deps.events.onMessage(listener);
  }

  /** Subscribes to every stored bot turn (anonymous figures). Returns an unsubscribe. */
  onTurn(listener: (event: TurnEvent) => void): () => void {
    return this.deps.events.onTurn(listener);
  }

  /** Subscribes to conversation status changes (queue updates). */
  onStatus(listener: (conversation: Conversation) => void): () => void {
    return this.deps.events.onStatus(listener);
  }

  /** Tells status listeners (console queue) that the handoff layer changed a conversation. */
  notifyStatus(conversation: Conversation): void {
    this.deps.events.status(conversation);
  }

  /** Pseudonym of a channel user, as stored on the contact. */
  pseudonymOf(channel: Channel, channelUserId: string): string {
    return pseudonymFor(this.deps.pseudonymKey, channel, channelUserId);
  }

  /**
   * Handles one inbound message end to end. A replayed `externalId` is a no-op. The message is
   * stored (and `onStored` called) at once, not behind the person's earlier turns: a webhook is
   * answered as soon as its message is durable. The turn then waits for the person's earlier
   * turns (in order) and for a free turn slot, and reads the conversation afresh.
   */
  async handleInbound(msg: InboundMessage, options: HandleOptions = {}): Promise<HandleResult> {
    const pseudonym = this.pseudonymOf(msg.channel, msg.channelUserId);
    const stored = await storeInbound(this.deps, msg, pseudonym, this.clock());
    options.onStored?.();
    if (stored.type === "duplicate") return { status: "duplicate", conversationId: stored.conversationId };
    // A typed message's text is the one just encrypted into the row: not decrypted again.
    const typed = msg.input.type === "text" ? msg.input.text : undefined;
    const inbound = toChatMessage(stored.inbound, this.deps.cipher, typed);
    this.deps.events.message(stored.conversation, inbound);
    // The delivery of this turn's replies needs no read: the inbound transaction knows the recipient.
    const replyTo = stored.inbound.externalId;
    const known = { ...stored.contact, ...(replyTo ? { replyTo } : {}) };
    this.backlog.add(stored.inbound.id);
    try {
      const id = stored.inbound.id;
      const result = await this.queue.run(pseudonym, () => {
        this.backlog.askSlot(id);
        return this.turns(async (): Promise<HandleResult> => {
          this.backlog.gotSlot(id);
          const conversation = await this.turn.conversationFor(stored.inbound);
          if (!conversation) return { status: "duplicate", conversationId: stored.conversation.id };
          if (conversation.id !== stored.conversation.id) this.deps.events.message(conversation, inbound);
          return this.turn.run(conversation, stored.inbound, msg.input, known);
        });
      });
      // An erased contact's message no longer exists: its id is not handed out.
      const erased =
        result.status === "processed" && result.replies.some((r) => r.id.startsWith("ephemeral-"));
      return result.status === "processed" && !erased ? { ...result, inboundId: inbound.id } : result;
    } finally {
      this.backlog.done(stored.inbound.id);
    }
  }

  /** Whether this process is behind (a turn waits too long for a slot): webhooks then answer after their turn. */
  backlogFull(): boolean {
    return this.backlog.full();
  }

  /**
   * After a counselor closed a chat: opens a fresh bot conversation for the same contact,
   * already at the main menu, and sends `lead` (the goodbye) followed by the menu. Pressing a
   * menu button then works at once; the closed conversation keeps its transcript.
   * Call it inside `withConversationLock` of the closed conversation.
   */
  async startAtMenu(
    closed: Pick<Conversation, "contactId" | "channel" | "locale">,
    lead: OutMessage[],
  ): Promise<ChatMessage[]> {
    const locale = closed.locale as Locale;
    const start = initialState(locale, this.deps.engine);
    const turn = step({ ...start, flow: "main", step: "menu" }, { type: "start" }, this.deps.engine);
    const { turnStore, outbox } = this.deps;
    const opened = { id: newRowId(), channel: closed.channel };
    const outputs = [...lead, ...turn.outputs];
    const { conversation, stored } = await turnStore.openConversationWith(
      { ...opened, contactId: closed.contactId, locale, state: this.sealState(turn.state) },
      outputs.map((out) => outbox.outboundRow(opened, out, "system")),
      this.clock(),
    );
    return outbox.publish(conversation, stored, undefined, outputs);
  }

  /**
   * Stores and delivers a message from staff or the system to a conversation's user, outside
   * a user turn (counselor replies, queue updates). Serialized with the user's own turns.
   */
  async sendToUser(
    conversationId: string,
    out: OutMessage,
    sender: Sender,
    counselorId?: string,
  ): Promise<ChatMessage> {
    const { turnStore, outbox } = this.deps;
    const { conversation, pseudonym } = await turnStore.conversationWithPseudonym(conversationId);
    return this.queue.run(pseudonym, async () => {
      const row = await turnStore.insertOutbound({
        ...outbox.outboundRow(conversation, out, sender),
        counselorId: counselorId ?? null,
      });
      const [message] = await outbox.publish(conversation, [row], undefined, [out]);
      return message!;
    });
  }

  /** Runs `task` after any turn in progress for this conversation's contact. */
  async withConversationLock<T>(conversationId: string, task: () => Promise<T>): Promise<T> {
    const { pseudonym } = await this.deps.turnStore.conversationWithPseudonym(conversationId);
    return this.queue.run(pseudonym, task);
  }

  /** Retries outbound messages whose next attempt is due. Returns how many were attempted. */
  retryDue(limit = 100): Promise<number> {
    return this.deps.outbox.retryDue((id, task) => this.withConversationLock(id, task), limit);
  }

  /** Re-runs inbound messages stored but never processed, and sends what was never tried (see recoverUnfinished). */
  recover(options: { receivedBefore?: Date } = {}): Promise<{ inbound: number; outbound: number }> {
    return recoverUnfinished(
      {
        ...this.deps,
        queue: this.queue,
        turn: this.turn,
        waitingHere: (id) => this.backlog.has(id),
        lock: (id, task) => this.withConversationLock(id, task),
      },
      options,
    );
  }

  /** Finds or creates the pseudonymous contact of a channel user. */
  async ensureContact(channel: Channel, channelUserId: string, locale: Locale = "vi"): Promise<string> {
    const pseudonym = this.pseudonymOf(channel, channelUserId);
    return this.deps.turnStore.ensureContact(
      {
        channel,
        pseudonym,
        handle: handleFor(pseudonym),
        locale,
        address: this.deps.cipher.encrypt(channelUserId),
      },
      this.clock(),
    );
  }

  /** Marks a channel user as having blocked the bot (Telegram 403): nothing more is sent. */
  async markBlocked(channel: Channel, channelUserId: string): Promise<void> {
    await this.deps.turnStore.markBlocked(this.pseudonymOf(channel, channelUserId));
  }

  /** Reads and decrypts the reply address of a contact. */
  async addressOf(contactId: string): Promise<string | undefined> {
    return this.deps.cipher.open(await this.deps.turnStore.addressOf(contactId)) ?? undefined;
  }

  /** Messages of a conversation after `afterId`, oldest first. */
  async messagesOf(conversationId: string, afterId = 0, limit = 200): Promise<ChatMessage[]> {
    const rows = await this.deps.turnStore.messagesOf(conversationId, afterId, limit);
    return rows.map((r) => toChatMessage(r, this.deps.cipher));
  }

  /** Messages of all conversations of a contact after `afterId`, oldest first. */
  async messagesOfContact(contactId: string, afterId = 0, limit = 200): Promise<ChatMessage[]> {
    const rows = await this.deps.turnStore.messagesOfContact(contactId, afterId, limit);
    return rows.map((r) => toChatMessage(r, this.deps.cipher));
  }

  /** Turns running now, and turns of different people waiting for a free slot (TURNS_AT_ONCE). */
  get turnSlots(): { running: number; waiting: number } {
    return { running: this.turns.activeCount, waiting: this.turns.pendingCount };
  }

  /** Number of contacts with a turn queued or running (for graceful shutdown). */
  get busy(): number {
    return this.queue.size;
  }
}
