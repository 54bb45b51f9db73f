import { initialState } from "../engine/engine.js";
import type { Button, EngineContext, EngineInput, Locale } from "../engine/types.js";
import type { FieldCipher } from "../privacy/fieldCipher.js";
import { handleFor } from "../privacy/pseudonym.js";
import { type Conversation, isUniqueViolation, type Message, type PrismaClient } from "../store/prisma.js";
import { sealState } from "./engineState.js";
import type { Channel, InboundMessage } from "./types.js";

export interface StoreInboundDeps {
  prisma: PrismaClient;
  cipher: FieldCipher;
  engine: Omit<EngineContext, "risk">;
}

export type StoredInbound =
  | { type: "duplicate"; conversationId: string }
  | { type: "stored"; conversation: Conversation; inbound: Message };

/**
 * The first half of the walk of one message: dedupe on `(channel, externalId)`, upsert the
 * pseudonymous contact (reply address encrypted), find or open its conversation, and store
 * the message `received` before anything else happens to it.
 */
export async function storeInbound(
  deps: StoreInboundDeps,
  msg: InboundMessage,
  pseudonym: string,
  now: Date,
): Promise<StoredInbound> {
  const { prisma, cipher } = deps;
  if (msg.externalId) {
    const seen = await prisma.message.findUnique({
      where: { channel_externalId: { channel: msg.channel, externalId: msg.externalId } },
      select: { conversationId: true },
    });
    if (seen) return { type: "duplicate", conversationId: seen.conversationId };
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
  const conversation = await openConversation(deps, contact.id, msg.channel, contact.locale as Locale);
  try {
    const inbound = await prisma.message.create({
      data: {
        conversationId: conversation.id,
        channel: msg.channel,
        direction: "in",
        sender: "user",
        kind: msg.input.type === "start" ? "event" : msg.input.type,
        text: cipher.seal(await inboundText(prisma, conversation.id, msg.input)),
        choice: msg.input.type === "choice" ? msg.input.value : null,
        externalId: msg.externalId ?? null,
        delivery: "received",
        createdAt: now,
      },
    });
    return { type: "stored", conversation, inbound };
  } catch (err) {
    if (isUniqueViolation(err)) return { type: "duplicate", conversationId: conversation.id };
    throw err;
  }
}

/** The contact's open conversation (`bot | waiting | active`), or a new one at the start. */
async function openConversation(
  deps: StoreInboundDeps,
  contactId: string,
  channel: Channel,
  locale: Locale,
): Promise<Conversation> {
  const { prisma } = deps;
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
      state: sealState(deps.cipher, initialState(locale, deps.engine)),
    },
  });
}

/** What the transcript shows for the person's input: a pressed button shows its label. */
async function inboundText(
  prisma: PrismaClient,
  conversationId: string,
  input: EngineInput,
): Promise<string | null> {
  switch (input.type) {
    case "text":
      return input.text;
    case "media":
      return `[${input.media}]`;
    case "start":
      return null;
    case "choice": {
      const lastBot = await prisma.message.findFirst({
        where: { conversationId, direction: "out", buttons: { not: null } },
        orderBy: { id: "desc" },
        select: { buttons: true },
      });
      const buttons = lastBot?.buttons ? (JSON.parse(lastBot.buttons) as Button[]) : [];
      return buttons.find((b) => b.value === input.value)?.label ?? input.value;
    }
  }
}

/** The engine input a stored inbound message was made from (recovery runs it again). */
export function inputOfStored(row: Message, cipher: FieldCipher): EngineInput {
  if (row.kind === "choice" && row.choice) return { type: "choice", value: row.choice };
  if (row.kind === "media")
    return { type: "media", media: (cipher.open(row.text) ?? "").replace(/^\[|\]$/g, "") };
  if (row.kind === "event") return { type: "start" };
  return { type: "text", text: cipher.open(row.text) ?? "" };
}
