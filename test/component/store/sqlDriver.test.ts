// The hot path's driver on each database: a unit of work that throws is rolled back alone, units
// commit in the order they were asked for, and on SQLite (group commit: the units asked for in one
// turn of the event loop share one transaction, each in a savepoint) closing waits for them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type PrismaClient } from "../../../src/store/prisma.js";
import { openSqlDriver, type SqlDriver, sql, type Work } from "../../../src/store/sqlDriver.js";
import { createTestDatabase, type TestDatabase, testDatabases } from "../../support/testServer.js";

describe.each(testDatabases())("the SQL driver on %s", (kind) => {
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

  let n = 0;
  /** Inserts a setting row and returns its key. */
  function* insertSetting(key: string): Work<string> {
    yield sql(`INSERT INTO "Setting" ("key","value","updatedAt") VALUES (?,?,?)`, key, "v", new Date());
    return key;
  }
  const keys = async (prefix: string) =>
    (await prisma.setting.findMany({ where: { key: { startsWith: prefix } }, orderBy: { key: "asc" } })).map(
      (s) => s.key,
    );

  it("when units of work are asked for together and one throws after writing, then only that one is rolled back and its caller alone gets the error", async () => {
    const p = `t${++n}-`;
    const results = await Promise.allSettled([
      driver.transaction(() => insertSetting(`${p}a`)),
      driver.transaction(function* () {
        yield* insertSetting(`${p}b`);
        throw new Error("the turn changed its mind");
      }),
      driver.transaction(() => insertSetting(`${p}c`)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(Error);
    expect(await keys(p)).toEqual([`${p}a`, `${p}c`]);
  });

  it("when a statement fails (a duplicate key), then the units beside it still commit", async () => {
    const p = `t${++n}-`;
    await driver.transaction(() => insertSetting(`${p}taken`));
    const results = await Promise.allSettled([
      driver.transaction(() => insertSetting(`${p}x`)),
      driver.transaction(() => insertSetting(`${p}taken`)),
      driver.transaction(() => insertSetting(`${p}y`)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(await keys(p)).toEqual([`${p}taken`, `${p}x`, `${p}y`]);
  });

  it("when the driver is closed right after units of work were asked for, then they are committed first", async () => {
    const p = `t${++n}-`;
    const other = await openSqlDriver(db.url);
    const asked = [
      other.transaction(() => insertSetting(`${p}1`)),
      other.transaction(() => insertSetting(`${p}2`)),
    ];
    await other.close();
    await Promise.all(asked);
    expect(await keys(p)).toEqual([`${p}1`, `${p}2`]);
  });
});

describe("group commit on SQLite", () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let driver: SqlDriver;

  beforeAll(async () => {
    db = await createTestDatabase("sqlite");
    prisma = await openDatabase(db.url);
    driver = await openSqlDriver(db.url);
  });
  afterAll(async () => {
    await driver?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  let n = 0;
  function* insertSetting(key: string): Work<string> {
    yield sql(`INSERT INTO "Setting" ("key","value","updatedAt") VALUES (?,?,?)`, key, "v", new Date());
    return key;
  }
  const keys = async (prefix: string) =>
    (await prisma.setting.findMany({ where: { key: { startsWith: prefix } }, orderBy: { key: "asc" } })).map(
      (s) => s.key,
    );

  it("when a later unit reads what an earlier one asked for in the same moment wrote, then it sees it", async () => {
    const p = `t${++n}-`;
    const [, seen] = await Promise.all([
      driver.transaction(() => insertSetting(`${p}first`)),
      driver.transaction(function* () {
        const rows = yield sql(`SELECT "key" FROM "Setting" WHERE "key" = ?`, `${p}first`);
        return rows.length;
      }),
    ]);
    expect(seen).toBe(1);
  });

  it("when SQLite itself rolls the shared transaction back (as on a full disk), then every unit in it fails and none is written", async () => {
    const p = `t${++n}-`;
    const results = await Promise.allSettled([
      driver.transaction(() => insertSetting(`${p}a`)),
      driver.transaction(function* () {
        yield sql("ROLLBACK");
        return "gone";
      }),
      driver.transaction(() => insertSetting(`${p}c`)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(await keys(p)).toEqual([]);
    // The driver goes on working afterwards.
    await driver.transaction(() => insertSetting(`${p}after`));
    expect(await keys(p)).toEqual([`${p}after`]);
  });
});
