import type { ServiceDirectory } from "./directory.js";
import type { Flow, Intents } from "./flowSchema.js";
import type { Places } from "./places.js";

export type Locale = "vi" | "en";
export const LOCALES: readonly Locale[] = ["vi", "en"];
export type Scalar = string | number | boolean;
export type Priority = "urgent" | "high" | "normal";
export type RiskLevel = "none" | "low" | "medium" | "high" | "urgent";

/** Serializable engine state, stored per conversation. `v` invalidates old shapes on change. */
export interface EngineState {
  v: 1;
  flow: string;
  step: string;
  /** True while an `ask` step waits for the user's answer. */
  awaiting: boolean;
  /** True after an `end` step: the next input starts at the menu. */
  done: boolean;
  locale: Locale;
  vars: Record<string, Scalar>;
  /** Not-understood answers in a row at the current `ask`. */
  retries: number;
}

export type EngineInput =
  | { type: "start" }
  | { type: "text"; text: string }
  | { type: "choice"; value: string }
  /** A photo, sticker, voice note, file or location: the bot reads text only. */
  | { type: "media"; media: string };

export interface Button {
  label: string;
  value: string;
  /**
   * A number to dial: channels that can (the web chat's `tel:` link, Zalo's phone button) call it;
   * the others send `value` like any button, and the bot answers with the number in text.
   */
  phone?: string;
}

export interface OutMessage {
  text: string;
  buttons?: Button[];
}

export type Effect =
  | { type: "handoff"; priority: Priority; reason: string }
  | { type: "locale"; locale: Locale }
  | { type: "risk"; level: RiskLevel; indicators: string[] }
  /** A screening (an `assess` step) was completed in `flow` with this level: for the anonymous figures. */
  | { type: "screened"; flow: string; level: RiskLevel }
  /** Delete everything about this contact; the outputs of this turn are the last words. */
  | { type: "erase" };

/** A risk assessment of the current free-text input, made before the engine runs. */
export interface RiskSignal {
  level: RiskLevel;
  indicators: string[];
  /** Text keys of advice for the fired indicators, most important first. */
  advice?: string[];
}

export type Translate = (locale: Locale, key: string, params?: Record<string, unknown>) => string;

export interface EngineContext {
  flows: ReadonlyMap<string, Flow>;
  intents: Intents;
  t: Translate;
  /** The service directory (`flows/directory.yaml`) for `find_area` and `services` steps. */
  directory?: ServiceDirectory;
  /** Phrases saying where someone is (`flows/places.yaml`): sets the `location` variable. */
  places?: Places;
  /** Risk of the current free-text input, if any. */
  risk?: RiskSignal;
  /**
   * The person waits for a counselor (danger or a high risk put them in the queue). Then
   * nothing they write is answered with "not understood" or the menu: the engine says that
   * a counselor will read it.
   */
  flagged?: boolean;
  /**
   * A counselor holds the chat: a side trip (help, language) is answered alone, without the
   * pending question or the menu again (the counselor leads the conversation now).
   */
  withCounselor?: boolean;
  /** Where "menu" leads and where "talk to a person" leads. */
  entry?: { menu: StepAddress; human: StepAddress; start: StepAddress; erase: StepAddress };
}

export interface StepAddress {
  flow: string;
  step?: string;
}

export interface StepResult {
  state: EngineState;
  outputs: OutMessage[];
  effects: Effect[];
}

/** Reserved button values that work at any step. */
export const GLOBAL_CHOICES = {
  menu: "g_menu",
  human: "g_human",
  vi: "g_vi",
  en: "g_en",
  help: "g_help",
  cancel: "g_cancel",
  erase: "g_erase",
  /** "Call 111" / "Call citizen protection": answered with the numbers for where the person is. */
  call: "g_call",
} as const;

/** Thrown for flow graphs that should have been rejected by the checker (a bug, not user input). */
export class FlowRuntimeError extends Error {
  override name = "FlowRuntimeError";
}
