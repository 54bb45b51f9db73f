import type { Logger } from "pino";
import { type IntentName, intentOf } from "../engine/intents.js";
import {
  type EngineContext,
  type EngineInput,
  GLOBAL_CHOICES,
  type Locale,
  type OutMessage,
  type Priority,
  type RiskLevel,
} from "../engine/types.js";
import { transition } from "../handoff/stateMachine.js";
import type { FieldCipher } from "../privacy/fieldCipher.js";
import {
  AlreadyProcessedError,
  type Conversation,
  type Message,
  StaleConversationError,
  type TurnStore,
} from "../store/turnStore.js";
import { applyEffects, type ConversationFacts } from "./applyEffects.js";
import type { ConversationEvents } from "./conversationEvents.js";
import { readState, sealedInitialState, sealState } from "./engineState.js";
import type { KnownRecipient, Outbox } from "./outbox.js";
import type { ErasurePort, HandoffPort } from "./ports.js";
import { higherPriority, higherRisk, priorityForRisk } from "./riskLevels.js";
import { type RiskAssessor, runTurn } from "./runTurn.js";
import type { ConversationStatus, HandleResult } from "./types.js";

export interface TurnDeps {
  turnStore: TurnStore;
  cipher: FieldCipher;
  engine: Omit<EngineContext, "risk">;
  assessRisk: RiskAssessor;
  handoff: HandoffPort;
  erasure: ErasurePort;
  outbox: Outbox;
  events: ConversationEvents;
  logger: Logger;
  clock: () => Date;
}

/** Intents the bot answers even while a counselor holds the chat (everything else is relayed). */
const BOT_COMMANDS: ReadonlySet<IntentName> = new Set(["help", "language", "english", "vietnamese"]);

/** How often a turn is run again when another instance changed its conversation meanwhile. */
const MAX_ATTEMPTS = 3;

/**
 * The turn for one stored inbound message: the bot (or the counselor relay) runs, its result
 * is stored in one transaction (see storeTurn), then delivered. Callers serialize per contact.
 */
export class Turn {
  constructor(private readonly deps: TurnDeps) {}

  /**
   * Runs the turn; if another instance changed the conversation's handoff state meanwhile (a
   * claim), the versioned write fails and the turn is run again on the fresh conversation.
   */
  async run(
    conversation: Conversation,
    inbound: Message,
    input: EngineInput,
    /** The recipient as the inbound transaction read it (recovery does not know it: delivery reads it). */
    known?: KnownRecipient,
  ): Promise<HandleResult> {
    let current = conversation;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(current, inbound, input, known);
      } catch (err) {
        // Another instance finished this message first (recovery racing a live turn): done.
        if (err instanceof AlreadyProcessedError)
          return { status: "duplicate", conversationId: conversation.id };
        if (!(err instanceof StaleConversationError) || attempt >= MAX_ATTEMPTS) throw err;
        const fresh = await this.conversationFor(inbound);
        if (!fresh) return { status: "duplicate", conversationId: conversation.id };
        current = fresh;
      }
    }
  }

  /**
   * The conversation to answer a stored inbound message in, read now: its own, or the contact's
   * open one when its own was closed meanwhile (the message moves there). Undefined when erased.
   */
  conversationFor(
    inbound: Pick<Message, "id" | "conversationId" | "channel">,
  ): Promise<Conversation | undefined> {
    const { cipher, engine } = this.deps;
    return this.deps.turnStore.conversationForTurn(
      inbound,
      this.deps.clock(),
      sealedInitialState(cipher, engine),
    );
  }

  private async once(
    conversation: Conversation,
    inbound: Message,
    input: EngineInput,
    known: KnownRecipient | undefined,
  ): Promise<HandleResult> {
    const { deps } = this;
    // Read once per turn: the state is decrypted and the intent folded on every message.
    const state = readState(deps.cipher, conversation);
    // Flows word some answers by channel (how to delete the chat from the phone on Zalo, Telegram).
    state.vars.channel ??= conversation.channel;
    const intent = intentOf(input, deps.engine.intents);
    // Erasure is the person's right even while a counselor holds the chat: its confirmation runs in the bot.
    const erasing = intent === "erase" || state.flow === "erase";
    // Help and the language switch are for the bot, in the queue and with a counselor alike.
    const forTheBot = erasing || (intent !== undefined && BOT_COMMANDS.has(intent));
    if (conversation.status === "active" && !forTheBot)
      return this.relay(conversation, inbound, input, state.locale, known);

    const ctx =
      conversation.status === "bot"
        ? deps.engine
        : { ...deps.engine, flagged: true, withCounselor: conversation.status === "active" };
    const turn = runTurn(state, input, ctx, deps.assessRisk);
    let outputs: OutMessage[] = [...turn.outputs];
    let nextState = turn.state;
    let status = conversation.status as ConversationStatus;
    const left = intent === "cancel" ? transition(status, "cancel") : undefined;
    if (left?.ok) {
      // The person leaves the queue: back to the bot, the engine already shows the menu.
      status = left.to;
      outputs = [...(await deps.handoff.cancelled(conversation)), ...outputs];
    } else if (
      status === "waiting" &&
      intent === undefined &&
      !(input.type === "choice" && input.value === GLOBAL_CHOICES.call) &&
      !state.awaiting &&
      !turn.effects.some((e) => e.type === "handoff")
    ) {
      // Nothing for the bot to do: the message is kept for the counselor, the person is told so.
      const aside = await deps.handoff.whileWaiting(conversation);
      if (aside) {
        outputs = aside;
        nextState = { ...state, locale: turn.state.locale };
      }
    }
    const start: ConversationFacts = {
      status,
      priority: conversation.priority as Priority | null,
      riskLevel: conversation.riskLevel as RiskLevel,
      riskIndicators: JSON.parse(conversation.riskIndicators) as string[],
      locale: turn.state.locale,
      waitingSince: conversation.waitingSince,
      handoffReason: conversation.handoffReason,
    };
    const applied = applyEffects(start, turn.effects, deps.clock());
    for (const request of applied.handoffRequests) {
      const { status, priority, waitingSince, riskLevel } = request.facts;
      outputs.push(
        ...(await deps.handoff.requested(
          { ...conversation, status, priority, waitingSince, riskLevel },
          request.priority,
          turn.state.vars,
        )),
      );
    }
    if (applied.eraseRequested) return deps.erasure.erase(conversation, outputs);

    const facts = applied.facts;
    const { updated, stored } = await deps.turnStore.storeTurn({
      read: conversation,
      changes: {
        state: sealState(deps.cipher, nextState),
        locale: facts.locale,
        status: facts.status,
        priority: facts.priority,
        riskLevel: facts.riskLevel,
        riskIndicators: JSON.stringify(facts.riskIndicators),
        waitingSince: facts.waitingSince,
        handoffReason: facts.handoffReason,
        lastUserAt: inbound.createdAt,
        version: conversation.version + (facts.status !== conversation.status ? 1 : 0),
        updatedAt: deps.clock(),
      },
      inboundId: inbound.id,
      outbound: outputs.map((out) => deps.outbox.outboundRow(conversation, out, "bot")),
    });
    deps.events.turn({ before: conversation, after: updated, effects: turn.effects });
    if (updated.status !== conversation.status || updated.priority !== conversation.priority) {
      deps.logger.info(
        { conversationId: updated.id, status: updated.status, priority: updated.priority },
        "conversation status changed",
      );
      deps.events.status(updated);
    }
    return this.finish(updated, stored, known, outputs);
  }

  /**
   * A counselor holds the chat: every message goes to them (the console gets it through the
   * message events) and the bot stays silent. Danger is still recognised: the console sees the
   * new risk at once, and the person gets the emergency numbers the first time it turns urgent.
   */
  private async relay(
    conversation: Conversation,
    inbound: Message,
    input: EngineInput,
    locale: Locale,
    known: KnownRecipient | undefined,
  ): Promise<HandleResult> {
    const { deps } = this;
    const extra = await deps.handoff.whileActive(conversation, input);
    const risk = input.type === "text" ? deps.assessRisk(input.text) : undefined;
    const before = conversation.riskLevel as RiskLevel;
    const riskLevel = risk ? higherRisk(before, risk.level) : before;
    const indicators = new Set<string>(JSON.parse(conversation.riskIndicators) as string[]);
    for (const id of risk?.indicators ?? []) indicators.add(id);
    const priority = higherPriority(conversation.priority as Priority | null, priorityForRisk(riskLevel));
    if (risk?.level === "urgent" && before !== "urgent") {
      extra.unshift({ text: deps.engine.t(locale, "risk:urgent_during_chat") });
    }
    const changes = {
      lastUserAt: inbound.createdAt,
      riskLevel,
      riskIndicators: JSON.stringify([...indicators]),
      priority,
    };
    const stored = await deps.turnStore.storeRelayedTurn({
      conversationId: conversation.id,
      changes,
      now: deps.clock(),
      inboundId: inbound.id,
      outbound: extra.map((m) => deps.outbox.outboundRow(conversation, m, "system")),
    });
    const updated: Conversation = { ...conversation, ...changes, updatedAt: deps.clock() };
    if (riskLevel !== before || priority !== conversation.priority) deps.events.status(updated);
    return this.finish(updated, stored, known, extra);
  }

  /** Tells listeners of the stored replies, delivers them, and returns them (`written`: see Outbox.publish). */
  async finish(
    conversation: Conversation,
    stored: Message[],
    known: KnownRecipient | undefined,
    written: readonly OutMessage[],
  ): Promise<HandleResult> {
    const replies = await this.deps.outbox.publish(conversation, stored, known, written);
    return {
      status: "processed",
      conversationId: conversation.id,
      contactId: conversation.contactId,
      replies,
    };
  }
}
