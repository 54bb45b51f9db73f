import { initialState } from "../engine/engine.js";
import type { EngineContext, EngineState, Locale } from "../engine/types.js";
import type { FieldCipher } from "../privacy/fieldCipher.js";
import type { Conversation } from "../store/turnTypes.js";

/** Engine state at rest is encrypted: its variables hold the person's screening and free-text answers. */
export function sealState(cipher: FieldCipher, state: EngineState): string {
  return cipher.encrypt(JSON.stringify(state));
}

/** The sealed start state of a new conversation in `locale` (a stored locale is one the engine knows). */
export function sealedInitialState(
  cipher: FieldCipher,
  engine: Omit<EngineContext, "risk">,
): (locale: string) => string {
  return (locale) => sealState(cipher, initialState(locale as Locale, engine));
}

/** Decrypts a conversation's engine state (plain JSON rows from before encryption are read as they are). */
export function readState(cipher: FieldCipher, conversation: Pick<Conversation, "state">): EngineState {
  const stored = conversation.state;
  return JSON.parse(stored.startsWith("v1.") ? cipher.decrypt(stored) : stored) as EngineState;
}
