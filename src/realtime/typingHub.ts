import type { Channel } from "../conversation/types.js";

/** Whom a counselor's typing signal goes to: the person's contact and, for messengers, their address. */
export interface TypingTarget {
  contactId: string;
  /** The channel address (Telegram chat id, Zalo user id); undefined for the web chat. */
  address?: string;
}

/** Shows "typing…" to the person on one channel. Carries no text, only the signal. */
export type TypingSignal = (target: TypingTarget) => Promise<void>;

/** A person is typing in a conversation of `contactId` (only the web chat tells us). */
export type PersonTypingListener = (event: { channel: Channel; contactId: string }) => void;

export interface TypingHubOptions {
  /** Milliseconds; default Date.now. */
  now?: () => number;
  /** At most one counselor signal per person per this many ms (Telegram shows it ~5 s). */
  counselorEveryMs?: number;
  /**
   * At most one person signal per contact per this many ms: a guard against a misbehaving client,
   * shorter than the widget's own 2 s so that a well-behaved widget's signal that arrives a little
   * early (the previous one was delayed on the way) is never dropped.
   */
  personEveryMs?: number;
}

/** Throttle entries are pruned when there are more than this many. */
const PRUNE_ABOVE = 2_000;

/**
 * Typing indicators both ways, rate-limited: a counselor typing in the console shows as typing
 * to the person on their channel (each channel registers how: a web chat socket event,
 * Telegram's `sendChatAction`), and a person typing in the web chat shows in the console. Only
 * the signal travels, never the text. Throttled per person, so a burst of keystrokes (or a
 * misbehaving client) sends at most one signal per window.
 */
export class TypingHub {
  private readonly signals = new Map<Channel, TypingSignal>();
  private readonly listeners = new Set<PersonTypingListener>();
  private readonly lastCounselor = new Map<string, number>();
  private readonly lastPerson = new Map<string, number>();
  private readonly now: () => number;
  private readonly counselorEveryMs: number;
  private readonly personEveryMs: number;

  constructor(options: TypingHubOptions = {}) {
    this.now = options.now ?? Date.now;
    this.counselorEveryMs = options.counselorEveryMs ?? 4_000;
    this.personEveryMs = options.personEveryMs ?? 1_500;
  }

  /** A channel says how it shows a counselor's typing to the person. */
  registerChannel(channel: Channel, signal: TypingSignal): void {
    this.signals.set(channel, signal);
  }

  /** Whether the channel can show typing at all (Zalo OA cannot). */
  supports(channel: Channel): boolean {
    return this.signals.has(channel);
  }

  /**
   * The counselor holding the chat is typing: signal the person unless one went out within the
   * window. Resolves with whether a signal was sent; a failed signal is not retried (it expires
   * on its own) and is reported to `onError`.
   */
  async counselorTyping(
    channel: Channel,
    target: TypingTarget,
    onError?: (err: unknown) => void,
  ): Promise<boolean> {
    const signal = this.signals.get(channel);
    if (!signal || !this.pass(this.lastCounselor, `${channel}:${target.contactId}`, this.counselorEveryMs))
      return false;
    try {
      await signal(target);
      return true;
    } catch (err) {
      onError?.(err);
      return false;
    }
  }

  /** Listens for people typing; returns the function that stops listening. */
  onPersonTyping(listener: PersonTypingListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A person is typing: tell the listeners, at most once per window per contact. */
  personTyping(channel: Channel, contactId: string): boolean {
    if (!this.pass(this.lastPerson, `${channel}:${contactId}`, this.personEveryMs)) return false;
    for (const listener of this.listeners) listener({ channel, contactId });
    return true;
  }

  /** True (and records now) when the key's last pass is older than the window. */
  private pass(last: Map<string, number>, key: string, windowMs: number): boolean {
    const now = this.now();
    const previous = last.get(key);
    if (previous !== undefined && now - previous < windowMs) return false;
    if (last.size > PRUNE_ABOVE) {
      for (const [k, at] of last) if (now - at >= windowMs) last.delete(k);
    }
    last.set(key, now);
    return true;
  }
}
