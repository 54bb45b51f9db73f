import { rmSync } from "node:fs";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../../src/logger.js";
import { RETENTION_INTERVAL_MS, RetentionJob } from "../../../src/privacy/retentionJob.js";
import { openDatabase, type PrismaClient } from "../../../src/store/prisma.js";
import { PrivacyStore } from "../../../src/store/privacyStore.js";
import { freshDatabase } from "../../support/testServer.js";

const DAY = 24 * 60 * 60 * 1000;
const START = new Date("2025-03-01T00:00:00.000Z");

let prisma: PrismaClient | undefined;
let dir: string | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await prisma?.$disconnect();
  if (dir) rmSync(dir, { recursive: true, force: true });
  prisma = dir = undefined;
});

async function closedConversation(db: PrismaClient, closedAt: Date): Promise<string> {
  const contact = await db.contact.create({
    data: { channel: "webchat", pseudonym: `p-${closedAt.getTime()}`, handle: "Khách 0000" },
  });
  const conversation = await db.conversation.create({
    data: { contactId: contact.id, channel: "webchat", state: "{}", status: "closed", closedAt },
  });
  return conversation.id;
}

describe("the daily retention job", () => {
  it("when a day passes, then the job runs again with the clock of that day; after stop, it no longer runs", async () => {
    const db = freshDatabase();
    dir = db.dir;
    prisma = await openDatabase(db.url);
    // Expires between the first and the second run (90 days after closing).
    const soon = await closedConversation(prisma, new Date(START.getTime() - 89.5 * DAY));
    // Expires between the second and the third.
    const later = await closedConversation(prisma, new Date(START.getTime() - 88.5 * DAY));

    let now = START;
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    // Each purge that deleted something logs one line: the test awaits those lines.
    let purged: () => void = () => undefined;
    const sink = new Writable({
      write(chunk, _enc, done) {
        if (String(chunk).includes("expired conversations purged")) purged();
        done();
      },
    });
    const nextPurge = () =>
      new Promise<void>((resolve) => {
        purged = resolve;
      });
    const job = new RetentionJob({
      privacy: new PrivacyStore(prisma),
      retentionDays: 90,
      clock: () => now,
      logger: createLogger("info", sink),
    });
    await job.start();
    expect(await prisma.conversation.count({ where: { id: soon } })).toBe(1);

    now = new Date(START.getTime() + DAY);
    const second = nextPurge();
    vi.advanceTimersByTime(RETENTION_INTERVAL_MS);
    await second;
    expect(await prisma.conversation.count({ where: { id: soon } })).toBe(0);
    expect(await prisma.conversation.count({ where: { id: later } })).toBe(1);

    await job.stop();
    now = new Date(START.getTime() + 2 * DAY);
    vi.advanceTimersByTime(RETENTION_INTERVAL_MS);
    expect(vi.getTimerCount()).toBe(0);
    expect(await prisma.conversation.count({ where: { id: later } })).toBe(1);
  });
});
