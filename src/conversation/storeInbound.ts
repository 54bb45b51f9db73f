import type { Button, EngineContext, EngineInput } from "../engine/types.js";
import type { FieldCipher } from "../privacy/fieldCipher.js";
import { handleFor } from "../privacy/pseudonym.js";
import type { Message, StoredInbound, TurnStore } from "../store/turnStore.js";
import { sealedInitialState } from "./engineState.js";
import type { InboundMessage } from "./types.js";

export type { StoredInbound } from "../store/turnStore.js";

export interface StoreInboundDeps {
  turnStore: TurnStore;
  cipher: FieldCipher;
  engine: Omit<EngineContext, "risk">;
}

/**
 * The first half of the walk of one message, in one transaction (TurnStore.storeInbound):
 * upsert the pseudonymous contact (reply address encrypted), find or open its conversation,
 * and store the message `received` before anything else happens to it; the insert is the
 * dedupe on `(channel, externalId)`.
 */
export function storeInbound(
  deps: StoreInboundDeps,
  msg: InboundMessage,
  pseudonym: string,
  now: Date,
): Promise<StoredInbound> {
  const { cipher } = deps;
  const input = msg.input;
  return deps.turnStore.storeInbound({
    contact: {
      channel: msg.channel,
      pseudonym,
      handle: handleFor(pseudonym),
      address: cipher.encrypt(msg.address ?? msg.channelUserId),
      locale: msg.locale ?? "vi",
    },
    message: {
      channel: msg.channel,
      kind: input.type === "start" ? "event" : input.type,
      text: cipher.seal(inboundText(input)),
      choice: input.type === "choice" ? input.value : null,
      externalId: msg.externalId ?? null,
      createdAt: now,
    },
    initialState: sealedInitialState(cipher, deps.engine),
    ...(input.type === "choice"
      ? { choiceText: (lastButtons: string | null) => cipher.seal(choiceLabel(input.value, lastButtons)) }
      : {}),
    now,
  });
}

/** What the transcript shows for the person's input (a pressed button: see choiceLabel). */
function inboundText(input: EngineInput): string | null {
  switch (input.type) {
    case "text":
      return input.text;
    case "media":
      return `[${input.media}]`;
    case "start":
      return null;
    case "choice":
      // Made inside the transaction from the last buttons shown (choiceText).
      return null;
  }
}

/** A pressed button shows its label, from the last buttons the bot showed. */
function choiceLabel(value: string, lastButtons: string | null): string {
  const buttons = lastButtons ? (JSON.parse(lastButtons) as Button[]) : [];
  return buttons.find((b) => b.value === value)?.label ?? value;
}

/** The engine input a stored inbound message was made from (recovery runs it again). */
export function inputOfStored(row: Message, cipher: FieldCipher): EngineInput {
  if (row.kind === "choice" && row.choice) return { type: "choice", value: row.choice };
  if (row.kind === "media")
    return { type: "media", media: (cipher.open(row.text) ?? "").replace(/^\[|\]$/g, "") };
  if (row.kind === "event") return { type: "start" };
  return { type: "text", text: cipher.open(row.text) ?? "" };
}
