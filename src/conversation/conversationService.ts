import { EventEmitter } from "node:events";
import type { Logger } from "pino";
import { initialState, step } from "../engine/engine.js";
import { type IntentName, matchIntent, slashCommand } from "../engine/intents.js";
import {
  type Button,
  type Effect,
  type EngineContext,
  type EngineInput,
  type EngineState,
  GLOBAL_CHOICES,
  type Locale,
  type OutMessage,
  type Priority,
  type RiskLevel,
  type Scalar,
} from "../engine/types.js";
import type { FieldCipher } from "../privacy/fieldCipher.js";
import { handleFor, pseudonymFor } from "../privacy/pseudonym.js";
import {
  type Conversation,
  isUniqueViolation,
  type Message,
  type Prisma,
  type PrismaClient,
} from "../store/prisma.js";
import { toChatMessage } from "./chatMessage.js";
import { KeyedQueue } from "./keyedQueue.js";
import { higherPriority, higherRisk, priorityForRisk } from "./riskLevels.js";
import { type RiskAssessor, runTurn } from "./runTurn.js";
import type {
  Channel,
  ChannelSender,
  ChatMessage,
  ConversationStatus,
  HandleResult,
  InboundMessage,
  MessageEvent,
  Sender,
} from "./types.js";

export interface ConversationDeps {
  prisma: PrismaClient;
  cipher: FieldCipher;
  pseudonymKey: Buffer;
  engine: Omit<EngineContext, "risk">;
  assessRisk: RiskAssessor;
  logger: Logger;
  clock?: () => Date;
}

/** Extension points for the handoff layer (queue position, office hours, counselor relay). */
export interface HandoffHooks {
  /** Called inside the turn after a handoff was requested; returns extra messages for the user. */
  onHandoffRequested?(
    conversation: Conversation,
    priority: Priority,
    reason: string,
    /** The conversation's variables after this turn (where the person is, their answers). */
    vars: Record<string, Scalar>,
  ): Promise<OutMessage[]>;
  /** A user message arrived while a counselor holds the conversation. */
  onUserMessageWhileActive?(
    conversation: Conversation,
    message: ChatMessage,
    input: EngineInput,
  ): Promise<OutMessage[]>;
  /**
   * A message that is not a command arrived while the user waits in the queue and no flow
   * question is pending. Returning messages replaces the bot's answer (the menu would be
   * noise); returning undefined lets the bot answer.
   */
  onUserMessageWhileWaiting?(
    conversation: Conversation,
    message: ChatMessage,
    input: EngineInput,
  ): Promise<OutMessage[] | undefined>;
  /** The user left the queue ("hủy", the cancel button): returns messages shown before the menu. */
  onHandoffCancelled?(conversation: Conversation): Promise<OutMessage[]>;
  /**
   * The user confirmed erasure: delete everything about the contact, then send `lastWords`
   * without storing them (see `sendEphemeral`). Runs inside the contact's serialized turn.
   */
  onErase?(conversation: Conversation, lastWords: OutMessage[]): Promise<HandleResult>;
}

/** One stored bot turn, for listeners that count what happened (never message text). */
export interface TurnEvent {
  before: Conversation;
  after: Conversation;
  effects: readonly Effect[];
}

const MAX_SEND_ATTEMPTS = 8;

export interface HandleOptions {
  /**
   * Called once the inbound message is durably stored (or known to be a replay), before the
   * bot runs: a webhook can answer then (Zalo wants an answer within 2 s) and lose nothing.
   */
  onStored?: () => void;
}

/** The conversation changed under a turn (another instance claimed or closed it): run the turn again. */
class StaleConversationError extends Error {
  override name = "StaleConversationError";
}

/** The inbound message was processed meanwhile, by another instance: nothing more to do. */
class AlreadyProcessedError extends Error {
  override name = "AlreadyProcessedError";
}

/**
 * Marks an inbound message processed inside the turn's transaction, only if nobody did yet:
 * recovery on one instance and a live turn on another can never both answer it.
 */
async function markProcessed(tx: Prisma.TransactionClient, messageId: number): Promise<void> {
  const marked = await tx.message.updateMany({
    where: { id: messageId, delivery: "received" },
    data: { delivery: "processed" },
  });
  if (marked.count !== 1) throw new AlreadyProcessedError();
}

/**
 * The walk of one message (DESIGN.md): dedupe, persist the inbound message first, run the
 * engine, write state and outbound messages in one transaction, then deliver. Work for one
 * contact is serialized.
 */
export class ConversationService {
  private readonly senders = new Map<Channel, ChannelSender>();
  private readonly queue = new KeyedQueue();
  private readonly events = new EventEmitter();
  private readonly clock: () => Date;
  hooks: HandoffHooks = {};

  constructor(private readonly deps: ConversationDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.events.setMaxListeners(100);
  }

  registerSender(channel: Channel, sender: ChannelSender): void {
    this.senders.set(channel, sender);
  }

  /** Engine state at rest is encrypted: its variables hold the person's screening and free-text answers. */
  sealState(state: EngineState): string {
    return this.deps.cipher.encrypt(JSON.stringify(state));
  }

  /** Decrypts a conversation's engine state (plain JSON rows from before encryption are read as they are). */
  readState(conversation: Pick<Conversation, "state">): EngineState {
    const stored = conversation.state;
    return JSON.parse(stored.startsWith("v1.") ? this.deps.cipher.decrypt(stored) : stored) as EngineState;
  }

  private questionIndex: Map<string, { question: string; choices: Map<string, string> }> | undefined;

  /**
   * The person's answers to the flows' questions, in words a counselor reads: each `ask` step's
   * question and the label of the chosen option (free-text answers as written), in `locale`.
   * Internal variables (scores, levels) are left out.
   */
  describeAnswers(
    vars: Record<string, Scalar>,
    locale: Locale,
  ): { var: string; question: string; answer: string }[] {
    if (!this.questionIndex) {
      this.questionIndex = new Map();
      for (const flow of this.deps.engine.flows.values()) {
        for (const step of Object.values(flow.steps)) {
          if (step.type !== "ask" || !step.var || this.questionIndex.has(step.var)) continue;
          const keys = Array.isArray(step.text) ? step.text : [step.text];
          this.questionIndex.set(step.var, {
            question: keys[keys.length - 1]!,
            choices: new Map((step.choices ?? []).map((c) => [c.value, c.label])),
          });
        }
      }
    }
    const t = this.deps.engine.t;
    const described: { var: string; question: string; answer: string }[] = [];
    for (const [name, value] of Object.entries(vars)) {
      const entry = this.questionIndex.get(name);
      if (!entry) continue;
      const label = entry.choices.get(String(value));
      described.push({
        var: name,
        question: t(locale, entry.question, { ...vars }),
        answer: label ? t(locale, label, { ...vars }) : String(value),
      });
    }
    return described;
  }

  /** Subscribes to every stored message (user, bot, counselor, system). Returns an unsubscribe. */
  onMessage(listener: (event: MessageEvent) => void): () => void {
    this.events.on("message", listener);
    return () => this.events.off("message", listener);
  }

  /** Pseudonym of a channel user, as stored on the contact. */
  pseudonymOf(channel: Channel, channelUserId: string): string {
    return pseudonymFor(this.deps.pseudonymKey, channel, channelUserId);
  }

  /** The global intent a user input asks for ("cancel", "menu"...), if any. */
  intentOf(input: EngineInput): IntentName | undefined {
    if (input.type === "choice") {
      const byValue: Record<string, IntentName> = {
        [GLOBAL_CHOICES.menu]: "menu",
        [GLOBAL_CHOICES.human]: "human",
        [GLOBAL_CHOICES.help]: "help",
        [GLOBAL_CHOICES.cancel]: "cancel",
        [GLOBAL_CHOICES.erase]: "erase",
        [GLOBAL_CHOICES.vi]: "vietnamese",
        [GLOBAL_CHOICES.en]: "english",
      };
      return byValue[input.value];
    }
    if (input.type !== "text") return undefined;
    const command = slashCommand(input.text);
    if (command === "cancel") return "cancel";
    if (command === "start" || command === "menu") return "menu";
    if (command === "delete" || command === "xoa") return "erase";
    if (command) return undefined;
    return matchIntent(input.text, this.deps.engine.intents);
  }

  /** Tells status listeners (console queue) that the handoff layer changed a conversation. */
  notifyStatus(conversation: Conversation): void {
    this.events.emit("status", conversation);
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
    const atMenu = { ...start, flow: "main", step: "menu" };
    const turn = step(atMenu, { type: "start" }, this.deps.engine);
    const { prisma } = this.deps;
    const { conversation, rows } = await prisma.$transaction(async (tx) => {
      const conversation = await tx.conversation.create({
        data: {
          contactId: closed.contactId,
          channel: closed.channel,
          locale,
          status: "bot",
          state: this.sealState(turn.state),
        },
      });
      const rows: Message[] = [];
      for (const out of [...lead, ...turn.outputs])
        rows.push(await tx.message.create({ data: this.outboundRow(conversation, out, "system") }));
      return { conversation, rows };
    });
    const result = await this.finish(conversation, rows);
    return result.status === "processed" ? result.replies : [];
  }

  /** Finds or creates the pseudonymous contact of a channel user. */
  async ensureContact(channel: Channel, channelUserId: string, locale: Locale = "vi"): Promise<string> {
    const pseudonym = this.pseudonymOf(channel, channelUserId);
    const contact = await this.deps.prisma.contact.upsert({
      where: { pseudonym },
      create: {
        channel,
        pseudonym,
        handle: handleFor(pseudonym),
        locale,
        address: this.deps.cipher.encrypt(channelUserId),
      },
      update: {},
    });
    return contact.id;
  }

  /** Messages of all conversations of a contact after `afterId`, oldest first. */
  async messagesOfContact(contactId: string, afterId = 0, limit = 200): Promise<ChatMessage[]> {
    const rows = await this.deps.prisma.message.findMany({
      where: { conversation: { contactId }, id: { gt: afterId }, kind: { not: "event" } },
      orderBy: { id: "asc" },
      take: limit,
    });
    return rows.map((r) => toChatMessage(r, this.deps.cipher));
  }

  /** Handles one inbound message end to end. A replayed `externalId` is a no-op. */
  handleInbound(msg: InboundMessage, options: HandleOptions = {}): Promise<HandleResult> {
    const pseudonym = this.pseudonymOf(msg.channel, msg.channelUserId);
    return this.queue.run(pseudonym, () => this.handleSerialized(msg, pseudonym, options.onStored));
  }

  private async handleSerialized(
    msg: InboundMessage,
    pseudonym: string,
    onStored: (() => void) | undefined,
  ): Promise<HandleResult> {
    const { prisma, cipher } = this.deps;
    const now = this.clock();
    if (msg.externalId) {
      const seen = await prisma.message.findUnique({
        where: { channel_externalId: { channel: msg.channel, externalId: msg.externalId } },
        select: { conversationId: true },
      });
      if (seen) {
        onStored?.();
        return { status: "duplicate", conversationId: seen.conversationId };
      }
    }
    const address = cipher.encrypt(msg.address ?? msg.channelUserId);
    const contact = await prisma.contact.upsert({
      where: { pseudonym },
      create: {
        channel: msg.channel,
        pseudonym,
        handle: handleFor(pseudonym),
        address,
        locale: msg.locale ?? "vi",
        lastSeenAt: now,
      },
      update: { lastSeenAt: now, address, blocked: false },
    });
    const conversation = await this.openConversation(contact.id, msg.channel, contact.locale as Locale);
    let inbound: Message;
    try {
      inbound = await prisma.message.create({
        data: {
          conversationId: conversation.id,
          channel: msg.channel,
          direction: "in",
          sender: "user",
          kind: msg.input.type === "start" ? "event" : msg.input.type,
          text: cipher.seal(await this.inboundText(conversation.id, msg.input)),
          choice: msg.input.type === "choice" ? msg.input.value : null,
          externalId: msg.externalId ?? null,
          delivery: "received",
          createdAt: now,
        },
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        onStored?.();
        return { status: "duplicate", conversationId: conversation.id };
      }
      throw err;
    }
    onStored?.();
    this.emit(conversation, toChatMessage(inbound, cipher));
    return this.process(conversation, inbound, msg.input);
  }

  private async openConversation(contactId: string, channel: Channel, locale: Locale): Promise<Conversation> {
    const { prisma } = this.deps;
    const open = await prisma.conversation.findFirst({
      where: { contactId, status: { not: "closed" } },
      orderBy: { createdAt: "desc" },
    });
    if (open) return open;
    return prisma.conversation.create({
      data: {
        contactId,
        channel,
        locale,
        status: "bot",
        state: this.sealState(initialState(locale, this.deps.engine)),
      },
    });
  }

  /** What the transcript shows for the user's input: a pressed button shows its label. */
  private async inboundText(conversationId: string, input: EngineInput): Promise<string | null> {
    switch (input.type) {
      case "text":
        return input.text;
      case "media":
        return `[${input.media}]`;
      case "start":
        return null;
      case "choice": {
        const lastBot = await this.deps.prisma.message.findFirst({
          where: { conversationId, direction: "out", buttons: { not: null } },
          orderBy: { id: "desc" },
          select: { buttons: true },
        });
        const buttons = lastBot?.buttons ? (JSON.parse(lastBot.buttons) as Button[]) : [];
        return buttons.find((b) => b.value === input.value)?.label ?? input.value;
      }
    }
  }

  /** Runs the bot (or relays to the counselor) for a stored inbound message, then delivers. */
  /**
   * Runs a turn; if another instance changed the conversation's handoff state meanwhile (a
   * claim), the versioned write fails and the turn is run again on the fresh conversation.
   */
  private async process(
    conversation: Conversation,
    inbound: Message,
    input: EngineInput,
  ): Promise<HandleResult> {
    let current = conversation;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.processOnce(current, inbound, input);
      } catch (err) {
        // Another instance finished this message first (recovery racing a live turn): done.
        if (err instanceof AlreadyProcessedError)
          return { status: "duplicate", conversationId: conversation.id };
        if (!(err instanceof StaleConversationError) || attempt >= 3) throw err;
        current = await this.deps.prisma.conversation.findUniqueOrThrow({ where: { id: conversation.id } });
      }
    }
  }

  private async processOnce(
    conversation: Conversation,
    inbound: Message,
    input: EngineInput,
  ): Promise<HandleResult> {
    const { prisma, cipher } = this.deps;
    // Read once per turn: the state is decrypted and the intent folded on every message.
    const state = this.readState(conversation);
    // Flows word some answers by channel (how to delete the chat from the phone on Zalo, Telegram).
    state.vars.channel ??= conversation.channel;
    const intent = this.intentOf(input);
    // Erasure is the person's right even while a counselor holds the chat: its confirmation runs in the bot.
    const erasing = intent === "erase" || state.flow === "erase";
    if (conversation.status === "active" && !erasing) {
      const extra =
        (await this.hooks.onUserMessageWhileActive?.(conversation, toChatMessage(inbound, cipher), input)) ??
        [];
      // Danger is recognised while a counselor holds the chat too: the console sees the new
      // risk at once, and the person gets the emergency numbers the first time it turns urgent.
      const risk = input.type === "text" ? this.deps.assessRisk(input.text) : undefined;
      const before = conversation.riskLevel as RiskLevel;
      const riskLevel = risk ? higherRisk(before, risk.level) : before;
      const indicators = new Set<string>(JSON.parse(conversation.riskIndicators) as string[]);
      for (const id of risk?.indicators ?? []) indicators.add(id);
      const priority = higherPriority(conversation.priority as Priority | null, priorityForRisk(riskLevel));
      if (risk?.level === "urgent" && before !== "urgent") {
        extra.unshift({ text: this.deps.engine.t(state.locale, "risk:urgent_during_chat") });
      }
      const changes = {
        lastUserAt: inbound.createdAt,
        riskLevel,
        riskIndicators: JSON.stringify([...indicators]),
        priority,
      };
      const stored = await prisma.$transaction(async (tx) => {
        await markProcessed(tx, inbound.id);
        await tx.conversation.update({ where: { id: conversation.id }, data: changes });
        return Promise.all(
          extra.map((m) => tx.message.create({ data: this.outboundRow(conversation, m, "system") })),
        );
      });
      const updated: Conversation = { ...conversation, ...changes };
      if (riskLevel !== before || priority !== conversation.priority) this.events.emit("status", updated);
      return this.finish(updated, stored);
    }

    const waitingForCounselor = conversation.status === "waiting";
    const turn = runTurn(
      state,
      input,
      waitingForCounselor ? { ...this.deps.engine, flagged: true } : this.deps.engine,
      this.deps.assessRisk,
    );
    let outputs = [...turn.outputs];
    let nextState = turn.state;
    let status = conversation.status as ConversationStatus;
    if (status === "waiting" && intent === "cancel") {
      // The user leaves the queue: back to the bot, the engine already shows the menu.
      status = "bot";
      const lead = (await this.hooks.onHandoffCancelled?.(conversation)) ?? [];
      outputs = [...lead, ...outputs];
    } else if (
      status === "waiting" &&
      intent === undefined &&
      !(input.type === "choice" && input.value === GLOBAL_CHOICES.call) &&
      !state.awaiting &&
      !turn.effects.some((e) => e.type === "handoff")
    ) {
      // Nothing for the bot to do: the message is kept for the counselor, the user is told so.
      const aside = await this.hooks.onUserMessageWhileWaiting?.(
        conversation,
        toChatMessage(inbound, cipher),
        input,
      );
      if (aside) {
        outputs = aside;
        nextState = { ...state, locale: turn.state.locale };
      }
    }
    let priority = conversation.priority as Priority | null;
    let riskLevel = conversation.riskLevel as RiskLevel;
    const indicators = new Set<string>(JSON.parse(conversation.riskIndicators) as string[]);
    let locale = turn.state.locale;
    let waitingSince = conversation.waitingSince;
    let handoffReason = conversation.handoffReason;
    let eraseRequested = false;
    for (const effect of turn.effects) {
      switch (effect.type) {
        case "risk":
          riskLevel = higherRisk(riskLevel, effect.level);
          for (const id of effect.indicators) indicators.add(id);
          // A risk seen while waiting moves the chat up the queue.
          if (status === "waiting") priority = higherPriority(priority, priorityForRisk(riskLevel));
          break;
        case "locale":
          locale = effect.locale;
          break;
        case "handoff": {
          // Priority comes from how the request came and from the risk seen so far.
          priority = higherPriority(higherPriority(priority, effect.priority), priorityForRisk(riskLevel));
          if (status === "bot") {
            status = "waiting";
            waitingSince = this.clock();
            handoffReason = effect.reason;
          }
          const extra = await this.hooks.onHandoffRequested?.(
            { ...conversation, status, priority, waitingSince, riskLevel },
            effect.priority,
            effect.reason,
            turn.state.vars,
          );
          if (extra) outputs.push(...extra);
          break;
        }
        case "erase":
          eraseRequested = true;
          break;
        case "screened":
          // Counted by turn listeners (anonymous figures); nothing changes in the conversation.
          break;
        default: {
          const unreachable: never = effect;
          throw new Error(`unhandled effect ${JSON.stringify(unreachable)}`);
        }
      }
    }

    if (eraseRequested) {
      if (!this.hooks.onErase) throw new Error("erasure requested but no erasure handler is installed");
      return this.hooks.onErase(conversation, outputs);
    }

    const { updated, stored } = await prisma.$transaction(async (tx) => {
      // Versioned write: a claim or close by another instance since we read the conversation wins.
      const changes = {
        state: this.sealState(nextState),
        locale,
        status,
        priority: status === "bot" ? null : priority,
        riskLevel,
        riskIndicators: JSON.stringify([...indicators]),
        waitingSince: status === "bot" ? null : waitingSince,
        handoffReason: status === "bot" ? null : handoffReason,
        lastUserAt: inbound.createdAt,
        version: conversation.version + (status !== conversation.status ? 1 : 0),
        updatedAt: this.clock(),
      };
      const written = await tx.conversation.updateMany({
        where: { id: conversation.id, version: conversation.version },
        data: changes,
      });
      if (written.count !== 1) throw new StaleConversationError();
      // The versioned write succeeded, so the row is exactly the old one with these changes.
      const updated: Conversation = { ...conversation, ...changes };
      if (locale !== conversation.locale)
        await tx.contact.update({ where: { id: conversation.contactId }, data: { locale } });
      await markProcessed(tx, inbound.id);
      const stored =
        outputs.length === 0
          ? []
          : (
              await tx.message.createManyAndReturn({
                data: outputs.map((out) => this.outboundRow(conversation, out, "bot")),
              })
            ).sort((a, b) => a.id - b.id);
      return { updated, stored };
    });
    this.events.emit("turn", {
      before: conversation,
      after: updated,
      effects: turn.effects,
    } satisfies TurnEvent);
    if (updated.status !== conversation.status || updated.priority !== conversation.priority) {
      this.deps.logger.info(
        { conversationId: updated.id, status: updated.status, priority: updated.priority },
        "conversation status changed",
      );
      this.events.emit("status", updated);
    }
    return this.finish(updated, stored);
  }

  /**
   * Sends messages through the conversation's channel without storing them (the last words
   * after an erasure). `address` is read before the data is deleted.
   */
  async sendEphemeral(
    target: { conversationId: string; contactId: string; channel: Channel; address: string; locale: Locale },
    outputs: OutMessage[],
  ): Promise<ChatMessage[]> {
    const sender = this.senders.get(target.channel);
    const now = this.clock().toISOString();
    const messages = outputs.map((out, i) => ({
      id: `ephemeral-${Date.now()}-${i}`,
      from: "bot" as const,
      text: out.text,
      ...(out.buttons?.length ? { buttons: out.buttons } : {}),
      at: now,
    }));
    for (const message of messages) {
      this.emit({ id: target.conversationId, contactId: target.contactId, channel: target.channel }, message);
      await sender
        ?.send(
          {
            conversationId: target.conversationId,
            contactId: target.contactId,
            address: target.address,
            locale: target.locale,
          },
          message,
        )
        .catch(() => undefined);
    }
    return messages;
  }

  /** Marks a channel user as having blocked the bot (Telegram 403): nothing more is sent. */
  async markBlocked(channel: Channel, channelUserId: string): Promise<void> {
    await this.deps.prisma.contact.updateMany({
      where: { pseudonym: this.pseudonymOf(channel, channelUserId) },
      data: { blocked: true },
    });
  }

  /** Reads and decrypts the reply address of a contact. */
  async addressOf(contactId: string): Promise<string | undefined> {
    const contact = await this.deps.prisma.contact.findUnique({
      where: { id: contactId },
      select: { address: true },
    });
    return this.deps.cipher.open(contact?.address) ?? undefined;
  }

  /**
   * Subscribes to every bot turn once it is stored: the conversation before and after, and the
   * engine's effects (anonymous figures). Returns an unsubscribe.
   */
  onTurn(listener: (event: TurnEvent) => void): () => void {
    this.events.on("turn", listener);
    return () => this.events.off("turn", listener);
  }

  /** Subscribes to conversation status changes (queue updates). */
  onStatus(listener: (conversation: Conversation) => void): () => void {
    this.events.on("status", listener);
    return () => this.events.off("status", listener);
  }

  private outboundRow(conversation: Conversation, out: OutMessage, sender: Sender) {
    return {
      conversationId: conversation.id,
      channel: conversation.channel,
      direction: "out",
      sender,
      kind: "text",
      text: this.deps.cipher.encrypt(out.text),
      buttons: out.buttons?.length ? JSON.stringify(out.buttons) : null,
      delivery: "pending",
      createdAt: this.clock(),
    };
  }

  private async finish(conversation: Conversation, stored: Message[]): Promise<HandleResult> {
    const replies = stored.map((row) => toChatMessage(row, this.deps.cipher));
    for (const reply of replies) this.emit(conversation, reply);
    await this.deliver(conversation, stored);
    return {
      status: "processed",
      conversationId: conversation.id,
      contactId: conversation.contactId,
      replies,
    };
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
    const conversation = await this.deps.prisma.conversation.findUniqueOrThrow({
      where: { id: conversationId },
      include: { contact: { select: { pseudonym: true } } },
    });
    return this.queue.run(conversation.contact.pseudonym, async () => {
      const row = await this.deps.prisma.message.create({
        data: { ...this.outboundRow(conversation, out, sender), counselorId: counselorId ?? null },
      });
      const message = toChatMessage(row, this.deps.cipher);
      this.emit(conversation, message);
      await this.deliver(conversation, [row]);
      return message;
    });
  }

  /** Runs `task` after any turn in progress for this conversation's contact. */
  async withConversationLock<T>(conversationId: string, task: () => Promise<T>): Promise<T> {
    const conversation = await this.deps.prisma.conversation.findUniqueOrThrow({
      where: { id: conversationId },
      include: { contact: { select: { pseudonym: true } } },
    });
    return this.queue.run(conversation.contact.pseudonym, task);
  }

  private emit(
    conversation: Pick<Conversation, "id" | "contactId" | "channel"> &
      Partial<Pick<Conversation, "status" | "assignedTo">>,
    message: ChatMessage,
  ): void {
    const event: MessageEvent = {
      conversationId: conversation.id,
      contactId: conversation.contactId,
      channel: conversation.channel as Channel,
      message,
      ...(conversation.status ? { status: conversation.status as ConversationStatus } : {}),
      ...(conversation.assignedTo !== undefined ? { assignedTo: conversation.assignedTo } : {}),
    };
    this.events.emit("message", event);
  }

  /** Sends stored outbound messages through their channel, in order; failures wait for a retry. */
  private async deliver(conversation: Conversation, rows: Message[]): Promise<void> {
    const sender = this.senders.get(conversation.channel as Channel);
    if (!sender || rows.length === 0) return;
    if (sender.addressless) {
      // Web chat: storing the message is delivering it (the client fetches or is pushed it).
      await this.deps.prisma.message.updateMany({
        where: { id: { in: rows.map((r) => r.id) } },
        data: { delivery: "sent", attempts: { increment: 1 }, deliveryError: null, nextAttemptAt: null },
      });
      return;
    }
    const contact = await this.deps.prisma.contact.findUnique({ where: { id: conversation.contactId } });
    if (!contact) return;
    if (contact.blocked) {
      await this.deps.prisma.message.updateMany({
        where: { id: { in: rows.map((r) => r.id) } },
        data: { delivery: "undeliverable", deliveryError: "blocked by user" },
      });
      return;
    }
    const replyTo = await this.deps.prisma.message.findFirst({
      where: { conversationId: conversation.id, direction: "in", externalId: { not: null } },
      orderBy: { id: "desc" },
      select: { externalId: true },
    });
    const envelope = {
      conversationId: conversation.id,
      contactId: contact.id,
      address: this.deps.cipher.open(contact.address) ?? "",
      locale: conversation.locale as Locale,
      ...(replyTo?.externalId ? { replyTo: replyTo.externalId } : {}),
    };
    for (const [i, row] of rows.entries()) {
      const outcome = await this.sendOne(sender, envelope, row);
      if (outcome === "sent") {
        // Recorded at once, one by one: a crash right after must not send it again.
        await this.deps.prisma.message.update({
          where: { id: row.id },
          data: { delivery: "sent", attempts: { increment: 1 }, deliveryError: null, nextAttemptAt: null },
        });
        continue;
      }
      // Keep order: later messages wait for the retry of this one.
      const later = rows.slice(i + 1).map((r) => r.id);
      const nextAttemptAt = outcome ?? this.clock();
      if (later.length > 0)
        await this.deps.prisma.message.updateMany({
          where: { id: { in: later } },
          data: { nextAttemptAt },
        });
      return;
    }
  }

  /** Sends one message; returns "sent", the time of the next attempt, or null when given up. */
  private async sendOne(
    sender: ChannelSender,
    envelope: Parameters<ChannelSender["send"]>[0],
    row: Message,
  ): Promise<"sent" | Date | null> {
    const { prisma, logger } = this.deps;
    let result: Awaited<ReturnType<ChannelSender["send"]>>;
    try {
      result = await sender.send(envelope, toChatMessage(row, this.deps.cipher));
    } catch (err) {
      result = { ok: false, permanent: false, reason: err instanceof Error ? err.message : String(err) };
    }
    const attempts = row.attempts + 1;
    // The caller records a success at once.
    if (result.ok) return "sent";
    const giveUp = result.permanent || attempts >= MAX_SEND_ATTEMPTS;
    const delayMs = Math.min(2 ** attempts * 5_000, 15 * 60_000);
    const nextAttemptAt = giveUp ? null : new Date(this.clock().getTime() + delayMs);
    await prisma.message.update({
      where: { id: row.id },
      data: {
        delivery: giveUp ? (result.permanent ? "undeliverable" : "failed") : "pending",
        attempts,
        deliveryError: result.reason.slice(0, 500),
        nextAttemptAt,
      },
    });
    logger.warn(
      { messageId: row.id, channel: row.channel, attempts, permanent: result.permanent },
      "message delivery failed",
    );
    return nextAttemptAt;
  }

  /** Retries outbound messages whose next attempt is due. Returns how many were attempted. */
  async retryDue(limit = 100): Promise<number> {
    const { prisma } = this.deps;
    const due = await prisma.message.findMany({
      where: { direction: "out", delivery: "pending", nextAttemptAt: { lte: this.clock() } },
      orderBy: { id: "asc" },
      take: limit,
      include: { conversation: true },
    });
    const byConversation = new Map<string, { conversation: Conversation; rows: Message[] }>();
    for (const row of due) {
      const entry = byConversation.get(row.conversationId) ?? { conversation: row.conversation, rows: [] };
      entry.rows.push(row);
      byConversation.set(row.conversationId, entry);
    }
    for (const { conversation, rows } of byConversation.values()) {
      await this.withConversationLock(conversation.id, () => this.deliver(conversation, rows));
    }
    return due.length;
  }

  /**
   * After a crash: inbound messages stored but never processed are run now, in order, and
   * outbound messages never attempted are sent. Nothing acknowledged is lost.
   * `receivedBefore` leaves alone the messages a live instance may be answering right now
   * (continuous recovery); were one taken anyway, only one instance can mark it processed.
   */
  async recover(options: { receivedBefore?: Date } = {}): Promise<{ inbound: number; outbound: number }> {
    const { prisma } = this.deps;
    const unprocessed = await prisma.message.findMany({
      where: {
        direction: "in",
        delivery: "received",
        ...(options.receivedBefore ? { createdAt: { lt: options.receivedBefore } } : {}),
      },
      orderBy: { id: "asc" },
      include: { conversation: { include: { contact: { select: { pseudonym: true } } } } },
    });
    for (const row of unprocessed) {
      await this.queue.run(row.conversation.contact.pseudonym, async () => {
        const conversation = await prisma.conversation.findUniqueOrThrow({
          where: { id: row.conversationId },
        });
        const input: EngineInput =
          row.kind === "choice" && row.choice
            ? { type: "choice", value: row.choice }
            : row.kind === "media"
              ? { type: "media", media: (this.deps.cipher.open(row.text) ?? "").replace(/^\[|\]$/g, "") }
              : row.kind === "event"
                ? { type: "start" }
                : { type: "text", text: this.deps.cipher.open(row.text) ?? "" };
        await this.process(conversation, row, input);
      });
    }
    const neverTried = await prisma.message.updateMany({
      // Younger ones may be being sent by a live turn right now: sending them here would double them.
      where: {
        direction: "out",
        delivery: "pending",
        nextAttemptAt: null,
        ...(options.receivedBefore ? { createdAt: { lt: options.receivedBefore } } : {}),
      },
      data: { nextAttemptAt: this.clock() },
    });
    await this.retryDue(1000);
    return { inbound: unprocessed.length, outbound: neverTried.count };
  }

  /** Messages of a conversation after `afterId`, oldest first. */
  async messagesOf(conversationId: string, afterId = 0, limit = 200): Promise<ChatMessage[]> {
    const rows = await this.deps.prisma.message.findMany({
      where: { conversationId, id: { gt: afterId }, kind: { not: "event" } },
      orderBy: { id: "asc" },
      take: limit,
    });
    return rows.map((r) => toChatMessage(r, this.deps.cipher));
  }

  /** Number of contacts with a turn queued or running (for graceful shutdown). */
  get busy(): number {
    return this.queue.size;
  }
}
