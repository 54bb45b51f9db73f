import type { Prisma } from "../store/prisma.js";

/** Names of the anonymous counters this module keeps. They hold numbers only, never ids. */
export const COUNTER = {
  erasures: "erasures",
  erasuresOf: (channel: string) => `erasures.${channel}`,
  purgedConversations: "retention.conversations",
  purgedMessages: "retention.messages",
  purgedContacts: "retention.contacts",
} as const;

/** Adds to anonymous counters inside a transaction (a counter that does not exist starts at 0). */
export async function bumpCounters(
  tx: Prisma.TransactionClient,
  increments: Record<string, number>,
): Promise<void> {
  for (const [key, by] of Object.entries(increments)) {
    if (by === 0) continue;
    await tx.counter.upsert({
      where: { key },
      create: { key, value: by },
      update: { value: { increment: by } },
    });
  }
}
