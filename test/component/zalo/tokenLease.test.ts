import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { refreshOaTokens } from "../../../src/channels/zalo/oa/oauth.js";
import { OaTokenStore } from "../../../src/channels/zalo/oa/tokenStore.js";
import { createLogger } from "../../../src/logger.js";
import { FieldCipher } from "../../../src/privacy/fieldCipher.js";
import { openDatabase, type PrismaClient } from "../../../src/store/prisma.js";
import { SettingRepository } from "../../../src/store/settingRepository.js";
import { openSqlDriver, type SqlDriver } from "../../../src/store/sqlDriver.js";
import { FakeZalo } from "../../support/fakeZalo.js";
import { freshDatabase } from "../../support/testServer.js";

let fake: FakeZalo;
let db: { dir: string; url: string };
let prismaA: PrismaClient;
let prismaB: PrismaClient;
const drivers: SqlDriver[] = [];
const cipher = new FieldCipher(randomBytes(32));
const logger = createLogger("silent");

/** One "instance": its own Prisma client, prepared-statement connection and token store on the shared database. */
async function instance(prisma: PrismaClient): Promise<OaTokenStore> {
  const driver = await openSqlDriver(db.url);
  drivers.push(driver);
  return new OaTokenStore({
    settings: new SettingRepository(prisma, driver),
    cipher,
    logger,
    clock: () => new Date(),
    exchange: (refreshToken) =>
      refreshOaTokens({ oauthRoot: fake.url, appId: fake.appId, appSecret: fake.appSecret, refreshToken }),
  });
}

beforeEach(async () => {
  fake = await FakeZalo.start();
  db = freshDatabase();
  prismaA = await openDatabase(db.url);
  prismaB = await openDatabase(db.url);
});

afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.close()));
  await prismaA.$disconnect();
  await prismaB.$disconnect();
  await fake.close();
  rmSync(db.dir, { recursive: true, force: true });
});

describe("OA token refresh lease", () => {
  it("when two instances refresh the same expired token at once, then Zalo sees one refresh and both get the new pair", async () => {
    const a = await instance(prismaA);
    const b = await instance(prismaB);
    await a.seed({ accessToken: "AT-0", refreshToken: "RT-0" });
    await b.seed({ accessToken: "AT-0", refreshToken: "RT-0" });
    let release!: () => void;
    fake.oauthGate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = a.refresh("AT-0");
    await fake.waitFor("/v4/oa/access_token", 1);
    // Instance A holds the lease while Zalo answers; B must wait, not spend RT-0 again.
    const lease = await prismaB.setting.findUniqueOrThrow({ where: { key: "zalo_oa.tokens" } });
    expect(lease.leaseOwner).not.toBeNull();
    const second = b.refresh("AT-0");
    const sameProcess = a.refresh("AT-0");
    release();
    const results = await Promise.all([first, second, sameProcess]);
    expect(results.map((r) => r.ok && r.tokens.accessToken)).toEqual(["AT-1", "AT-1", "AT-1"]);
    expect(fake.requestsTo("/v4/oa/access_token")).toHaveLength(1);
    expect((await b.current()).refreshToken).toBe("RT-1");
    const after = await prismaA.setting.findUniqueOrThrow({ where: { key: "zalo_oa.tokens" } });
    expect(after.leaseOwner).toBeNull();
  });

  it("when the environment brings a new refresh token, then it replaces the stored pair; the same one does not", async () => {
    const a = await instance(prismaA);
    await a.seed({ accessToken: "AT-0", refreshToken: "RT-0" });
    const refreshed = await a.refresh("AT-0");
    expect(refreshed.ok).toBe(true);
    await a.seed({ accessToken: "AT-0", refreshToken: "RT-0" });
    expect((await a.current()).accessToken).toBe("AT-1");
    await a.seed({ accessToken: "AT-new", refreshToken: "RT-new" });
    expect(await a.current()).toMatchObject({
      accessToken: "AT-new",
      refreshToken: "RT-new",
      expiresAt: null,
    });
  });
});
