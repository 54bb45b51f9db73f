// The lookups a person's message makes outside the turn, through prepared statements, on each
// database: the web chat session of every web chat message, and the setting Zalo OA reads per send.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type PrismaClient } from "../../../src/store/prisma.js";
import { openSqlDriver } from "../../../src/store/sqlDriver.js";
import { createStore, type Store } from "../../../src/store/store.js";
import { createTestDatabase, type TestDatabase, testDatabases } from "../../support/testServer.js";

describe.each(testDatabases())("web chat sessions and settings on %s", (kind) => {
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

  it("when a web chat session is created, then it is found by its id with its token hash, contact and time, and an unknown id finds nothing", async () => {
    const contact = await prisma.contact.create({
      data: { channel: "webchat", pseudonym: `p-${kind}-web`, handle: "Khách web" },
    });
    const before = Date.now();
    await store.webSessions.create({ id: "s-1", tokenHash: "hash-1", contactId: contact.id });
    const found = await store.webSessions.find("s-1");
    expect(found).toMatchObject({ id: "s-1", tokenHash: "hash-1", contactId: contact.id });
    expect(found!.createdAt).toBeInstanceOf(Date);
    expect(Math.abs(found!.createdAt.getTime() - before)).toBeLessThan(60_000);
    expect(await store.webSessions.find("s-2")).toBeUndefined();
  });

  it("when a setting is created and replaced, then the lookup reads the latest value, and a missing key reads undefined", async () => {
    expect(await store.settings.get("zalo_oa.tokens")).toBeUndefined();
    expect(await store.settings.createIfAbsent("zalo_oa.tokens", "v1")).toBe(true);
    expect(await store.settings.get("zalo_oa.tokens")).toBe("v1");
    await store.settings.put("zalo_oa.tokens", "v2");
    expect(await store.settings.get("zalo_oa.tokens")).toBe("v2");
  });
});
