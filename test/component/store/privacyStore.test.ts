// The privacy use cases of the store, on each database: erasing a contact and purging a closed
// conversation delete exactly what they should in one transaction and keep anonymous counters.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FieldCipher } from "../../../src/privacy/fieldCipher.js";
import { openDatabase, type PrismaClient } from "../../../src/store/prisma.js";
import { openSqlDriver } from "../../../src/store/sqlDriver.js";
import { createStore, type Store } from "../../../src/store/store.js";
import { createTestDatabase, type TestDatabase, testDatabases } from "../../support/testServer.js";

const DAY = 86_400_000;
const NOW = new Date("2025-06-01T03:00:00.000Z");
const cipher = new FieldCipher(randomBytes(32));

describe.each(testDatabases())("the privacy store on %s", (kind) => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let store: Store;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    prisma = await openDatabase(db.url);
    store = createStore(prisma, await openSqlDriver(db.url));
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  let n = 0;
  /** A contact with `closedAt.length` conversations (closed then, or open when null), each with a message, a note, an audit line and a referral. */
  async function person(closedAt: (Date | null)[]) {
    n++;
    const contact = await prisma.contact.create({
      data: {
        channel: "telegram",
        pseudonym: `p-${kind}-${n}`,
        handle: `Khách ${n}`,
        address: cipher.encrypt(`chat-${n}`),
      },
    });
    await prisma.webSession.create({ data: { id: `s-${kind}-${n}`, tokenHash: "x", contactId: contact.id } });
    const ids: string[] = [];
    for (const closed of closedAt) {
      const c = await prisma.conversation.create({
        data: {
          contactId: contact.id,
          channel: "telegram",
          locale: "en",
          state: "{}",
          status: closed ? "closed" : "bot",
          closedAt: closed,
        },
      });
      await prisma.message.create({
        data: {
          conversationId: c.id,
          channel: "telegram",
          direction: "in",
          sender: "user",
          text: "x",
          delivery: "processed",
        },
      });
      await prisma.note.create({ data: { conversationId: c.id, counselorId: "lan", text: "sealed" } });
      await prisma.auditLog.create({
        data: { action: "view", conversationId: c.id, counselorId: "lan", detail: "{}" },
      });
      const referral = await prisma.referral.create({
        data: {
          conversationId: c.id,
          serviceId: "svc",
          serviceKind: "hotline",
          consent: true,
          counselorId: "lan",
          createdOn: "2025-05-01",
        },
      });
      await prisma.referralNote.create({
        data: { referralId: referral.id, conversationId: c.id, counselorId: "lan", text: "sealed" },
      });
      ids.push(c.id);
    }
    return { contactId: contact.id, ids };
  }

  const counter = async (key: string) => (await prisma.counter.findUnique({ where: { key } }))?.value ?? 0;

  it("when a contact is erased, then every conversation, message, note, referral note, web session and the contact go; referrals and audit lines stay without anything about the person; the erasure is counted", async () => {
    const { contactId, ids } = await person([null, new Date(NOW.getTime() - DAY)]);
    const other = await person([null]);
    const before = await counter("erasures.telegram");

    const subject = await store.privacy.erasureSubject(ids[0]!);
    expect(subject).toMatchObject({ contactId, channel: "telegram", locale: "en" });
    expect(subject?.conversationIds.sort()).toEqual([...ids].sort());
    expect(cipher.open(subject?.sealedAddress)).toMatch(/^chat-/);

    const forgotten = await store.privacy.eraseContact(subject!);
    expect(forgotten).toEqual({ conversations: 2, messages: 2, notes: 2 });
    expect(await prisma.contact.count({ where: { id: contactId } })).toBe(0);
    expect(await prisma.webSession.count({ where: { contactId } })).toBe(0);
    expect(await prisma.conversation.count({ where: { id: { in: ids } } })).toBe(0);
    expect(await prisma.referralNote.count({ where: { conversationId: { in: ids } } })).toBe(0);
    const audit = await prisma.auditLog.findMany({ where: { conversationId: { in: ids } } });
    expect(audit.map((a) => a.detail)).toEqual([null, null]);
    expect(
      await prisma.referral.count({ where: { conversationId: null, counselorId: null } }),
    ).toBeGreaterThanOrEqual(2);
    expect(await counter("erasures.telegram")).toBe(before + 1);
    // Someone else's data is untouched.
    expect(await prisma.conversation.count({ where: { contactId: other.contactId } })).toBe(1);
    expect(await store.privacy.erasureSubject(ids[0]!)).toBeUndefined();
  });

  it("when closed conversations pass retention, then only those are purged, the contact goes with its last one, and the purge is counted", async () => {
    const cutoff = new Date(NOW.getTime() - 90 * DAY);
    const old = new Date(cutoff.getTime() - DAY);
    const recent = new Date(cutoff.getTime() + DAY);
    const mixed = await person([old, recent]);
    const gone = await person([old]);
    const purgedBefore = await counter("retention.contacts");

    const expired = await store.privacy.expiredConversations(cutoff, [], 100);
    const mine = expired.filter((e) => [...mixed.ids, ...gone.ids].includes(e.id));
    expect(mine.map((e) => e.id).sort()).toEqual([mixed.ids[0]!, gone.ids[0]!].sort());
    expect(
      await store.privacy.expiredConversations(cutoff, [mixed.ids[0]!, gone.ids[0]!], 100),
    ).not.toContainEqual(expect.objectContaining({ id: mixed.ids[0] }));

    expect(await store.privacy.purgeConversation(mixed.ids[0]!, mixed.contactId, cutoff)).toEqual({
      conversations: 1,
      messages: 1,
      notes: 1,
      contacts: 0,
    });
    expect(await prisma.contact.count({ where: { id: mixed.contactId } })).toBe(1);
    expect(await store.privacy.purgeConversation(gone.ids[0]!, gone.contactId, cutoff)).toMatchObject({
      contacts: 1,
    });
    expect(await prisma.contact.count({ where: { id: gone.contactId } })).toBe(0);
    expect(await prisma.webSession.count({ where: { contactId: gone.contactId } })).toBe(0);
    expect(await counter("retention.contacts")).toBe(purgedBefore + 1);
    // A recent one is never purged, even when asked by id.
    expect(await store.privacy.purgeConversation(mixed.ids[1]!, mixed.contactId, cutoff)).toEqual({
      conversations: 0,
      messages: 0,
      notes: 0,
      contacts: 0,
    });
  });
});
