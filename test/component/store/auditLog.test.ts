// The audit log through a prepared statement, on each database: a line reads back through Prisma
// exactly as written (time to the millisecond, detail as JSON, no counselor for a person's own act).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditLog } from "../../../src/store/auditLog.js";
import { openDatabase, type PrismaClient } from "../../../src/store/prisma.js";
import { openSqlDriver, type SqlDriver } from "../../../src/store/sqlDriver.js";
import { createTestDatabase, type TestDatabase, testDatabases } from "../../support/testServer.js";

describe.each(testDatabases())("the audit log on %s", (kind) => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let driver: SqlDriver;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    prisma = await openDatabase(db.url);
    driver = await openSqlDriver(db.url);
  });
  afterAll(async () => {
    await driver?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  it("when a person leaves the queue and a counselor transfers a chat, then both lines read back as written", async () => {
    const audit = new AuditLog(driver);
    const at = new Date("2025-04-02T09:08:07.654Z");
    await audit.record({ counselorId: null, action: "cancel", conversationId: "conv-1", at });
    await audit.record({
      counselorId: "lan",
      action: "transfer",
      conversationId: "conv-2",
      detail: { to: "mai" },
      at: new Date(at.getTime() + 1),
    });
    const lines = await prisma.auditLog.findMany({ orderBy: { id: "asc" } });
    expect(lines.map(({ id: _id, ...line }) => line)).toEqual([
      { at, counselorId: null, action: "cancel", conversationId: "conv-1", detail: null },
      {
        at: new Date(at.getTime() + 1),
        counselorId: "lan",
        action: "transfer",
        conversationId: "conv-2",
        detail: '{"to":"mai"}',
      },
    ]);
  });
});
