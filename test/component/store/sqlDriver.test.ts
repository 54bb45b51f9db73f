// The hot path's driver on each database: a unit of work that throws is rolled back alone, units
// commit in the order they were asked for, and on SQLite (group commit: the units asked for in one
// turn of the event loop share one transaction, each in a savepoint) closing waits for them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type PrismaClient } from "../../../src/store/prisma.js";
import { openSqlDriver, type SqlDriver, sql, type Work } from "../../../src/store/sqlDriver.js";
import {
  createTestDatabase,
  type TestDatabase,
  type TestDatabaseKind,
  testDatabases,
} from "../../support/testServer.js";

/** Inserts a setting row and returns its key. */
function* insertSetting(key: string): Work<string> {
  yield sql(`INSERT INTO "Setting" ("key","value","updatedAt") VALUES (?,?,?)`, key, "v", new Date());
  return key;
}

/** A fresh database of `kind` with Prisma and a driver on it, for the tests of one describe. */
function withDriver(kind: TestDatabaseKind) {
  const f = {} as { db: TestDatabase; prisma: PrismaClient; driver: SqlDriver };
  beforeAll(async () => {
    f.db = await createTestDatabase(kind);
    f.prisma = await openDatabase(f.db.url);
    f.driver = await openSqlDriver(f.db.url);
  });
  afterAll(async () => {
    await f.driver?.close();
    await f.prisma?.$disconnect();
    await f.db?.drop();
  });
  return f;
}

/** The keys of the settings starting with `prefix`, in order. */
const keysOf = async (prisma: PrismaClient, prefix: string) =>
  (await prisma.setting.findMany({ where: { key: { startsWith: prefix } }, orderBy: { key: "asc" } })).map(
    (s) => s.key,
  );

describe.each(testDatabases())("the SQL driver on %s", (kind) => {
  const fixture = withDriver(kind);
  const keys = (prefix: string) => keysOf(fixture.prisma, prefix);
  let n = 0;

  it("when units of work are asked for together and one throws after writing, then only that one is rolled back and its caller alone gets the error", async () => {
    const p = `t${++n}-`;
    const results = await Promise.allSettled([
      fixture.driver.transaction(() => insertSetting(`${p}a`)),
      fixture.driver.transaction(function* () {
        yield* insertSetting(`${p}b`);
        throw new Error("the turn changed its mind");
      }),
      fixture.driver.transaction(() => insertSetting(`${p}c`)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(Error);
    expect(await keys(p)).toEqual([`${p}a`, `${p}c`]);
  });

  it("when a statement fails (a duplicate key), then the units beside it still commit", async () => {
    const p = `t${++n}-`;
    await fixture.driver.transaction(() => insertSetting(`${p}taken`));
    const results = await Promise.allSettled([
      fixture.driver.transaction(() => insertSetting(`${p}x`)),
      fixture.driver.transaction(() => insertSetting(`${p}taken`)),
      fixture.driver.transaction(() => insertSetting(`${p}y`)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(await keys(p)).toEqual([`${p}taken`, `${p}x`, `${p}y`]);
  });

  it("when the driver is closed right after units of work were asked for, then they are committed first", async () => {
    const p = `t${++n}-`;
    const other = await openSqlDriver(fixture.db.url);
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
  const fixture = withDriver("sqlite");
  const keys = (prefix: string) => keysOf(fixture.prisma, prefix);
  let n = 0;

  it("when a later unit reads what an earlier one asked for in the same moment wrote, then it sees it", async () => {
    const p = `t${++n}-`;
    const [, seen] = await Promise.all([
      fixture.driver.transaction(() => insertSetting(`${p}first`)),
      fixture.driver.transaction(function* () {
        const rows = yield sql(`SELECT "key" FROM "Setting" WHERE "key" = ?`, `${p}first`);
        return rows.length;
      }),
    ]);
    expect(seen).toBe(1);
  });

  it("when SQLite itself rolls the shared transaction back (as on a full disk), then every unit in it fails and none is written", async () => {
    const p = `t${++n}-`;
    const results = await Promise.allSettled([
      fixture.driver.transaction(() => insertSetting(`${p}a`)),
      fixture.driver.transaction(function* () {
        yield sql("ROLLBACK");
        return "gone";
      }),
      fixture.driver.transaction(() => insertSetting(`${p}c`)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(await keys(p)).toEqual([]);
    // The driver goes on working afterwards.
    await fixture.driver.transaction(() => insertSetting(`${p}after`));
    expect(await keys(p)).toEqual([`${p}after`]);
  });
});
