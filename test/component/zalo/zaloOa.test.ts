import { rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { zaloOaChannel } from "../../../src/channels/zalo/index.js";
import { FieldCipher } from "../../../src/privacy/fieldCipher.js";
import { resolveKeys } from "../../../src/privacy/keys.js";
import { FakeZalo, oaTextEvent, signOaBody } from "../../support/fakeZalo.js";
import { localeTexts } from "../../support/localeTexts.js";
import { freshDatabase, startTestServer, type TestServer } from "../../support/testServer.js";
import { mainMenu } from "./mainMenu.js";

const APP_ID = "app-123";
const OA_SECRET = "oa-secret-key-for-tests";
const USER = "8837261098127364";
const vi = {
  main: localeTexts("vi", "main"),
  jobCheck: localeTexts("vi", "job_check"),
};

let fake: FakeZalo;
let server: TestServer;
let db: { dir: string; url: string };

/** Starts the server on `db` with the OA channel pointed at the fake. */
function startServer(): Promise<TestServer> {
  return startTestServer({
    channels: [zaloOaChannel],
    timers: false,
    database: db,
    env: {
      ZALO_APP_ID: APP_ID,
      ZALO_APP_SECRET: fake.appSecret,
      ZALO_OA_SECRET_KEY: OA_SECRET,
      ZALO_OA_ACCESS_TOKEN: "AT-0",
      ZALO_OA_REFRESH_TOKEN: "RT-0",
      ZALO_API_ROOT: fake.url,
      ZALO_OAUTH_ROOT: fake.url,
    },
  });
}

beforeEach(async () => {
  fake = await FakeZalo.start({ appId: APP_ID, accessToken: "AT-0", refreshToken: "RT-0" });
  db = freshDatabase();
  server = await startServer();
});

afterEach(async () => {
  await server.stop();
  await fake.close();
  rmSync(db.dir, { recursive: true, force: true });
});

/** The OA token pair as stored in the Setting table, decrypted with the server's data key. */
async function storedTokens(): Promise<{
  accessToken: string;
  refreshToken: string;
  expiresAt: string | null;
}> {
  const row = await server.prisma.setting.findUniqueOrThrow({ where: { key: "zalo_oa.tokens" } });
  const cipher = new FieldCipher(resolveKeys(server.config, db.dir).dataKey);
  return JSON.parse(cipher.decrypt(row.value));
}

/** Posts an OA event to our webhook, signed (or with the given signature). */
async function postEvent(event: Record<string, unknown>, signature?: string) {
  const raw = JSON.stringify(event);
  const res = await fetch(`${server.url}/zalo/oa/webhook`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-zevent-signature": signature ?? signOaBody(raw, APP_ID, String(event.timestamp), OA_SECRET),
    },
    body: raw,
  });
  return res.status;
}

function textEvent(msgId: string, text: string) {
  return oaTextEvent({ appId: APP_ID, userId: USER, msgId, text });
}

/** Resolves once every turn in progress (engine, sending, delivery status) has finished. */
async function turnsDone(): Promise<void> {
  for (const c of await server.prisma.conversation.findMany({ select: { id: true } })) {
    await server.service.withConversationLock(c.id, async () => undefined);
  }
}

/** Every string in a locale file, at any depth. */
function stringsOf(node: unknown): string[] {
  if (typeof node === "string") return [node];
  if (typeof node === "object" && node !== null) return Object.values(node).flatMap(stringsOf);
  return [];
}

const sends = () => fake.requestsTo("/v3.0/oa/message/cs");

describe("Zalo OA webhook", () => {
  it("when a signed text event arrives, then it is answered 200 and the user gets the Vietnamese greeting and menu buttons", async () => {
    expect(await postEvent(textEvent("m-1", "Xin chào"))).toBe(200);
    // Answered only once the message is stored.
    expect(await server.prisma.message.count({ where: { externalId: "zoa:m-1", direction: "in" } })).toBe(1);
    const [greeting, menu] = await fake.waitFor("/v3.0/oa/message/cs", 2);
    expect(greeting!.headers.access_token).toBe("AT-0");
    expect(greeting!.body.message.text).toBe(vi.main.greeting);
    expect(greeting!.body.recipient).toEqual({ message_id: "m-1" });
    // The options travel as buttons (up to 5) or as numbered lines: either way all of them.
    const text = menu!.body.message.text as string;
    expect(text.startsWith(vi.main.menu.prompt)).toBe(true);
    const titles = (menu!.body.message.attachment?.payload.buttons ?? []).map(
      (b: { title: string }) => b.title,
    );
    for (const option of mainMenu().options) {
      expect(titles.includes(option.label) || text.includes(option.label)).toBe(true);
    }
    await turnsDone();
    const out = await server.prisma.message.findMany({ where: { direction: "out" } });
    expect(out.map((m) => m.delivery)).toEqual(["sent", "sent"]);
  });

  it("when a message has a few options, then they go out as oa.query.show buttons whose payload is #value", async () => {
    await postEvent(textEvent("m-1", "Xin chào"));
    await fake.waitFor("/v3.0/oa/message/cs", 2);
    await turnsDone();
    const conversation = await server.prisma.conversation.findFirstOrThrow();
    const buttons = [
      { label: "Có", value: "yes" },
      { label: "Không", value: "no" },
    ];
    await server.service.sendToUser(conversation.id, { text: "Bạn có an toàn không?", buttons }, "bot");
    const [, , asked] = await fake.waitFor("/v3.0/oa/message/cs", 3);
    expect(asked!.body.message).toEqual({
      text: "Bạn có an toàn không?",
      attachment: {
        type: "template",
        payload: {
          buttons: [
            { title: "Có", type: "oa.query.show", payload: "#yes" },
            { title: "Không", type: "oa.query.show", payload: "#no" },
          ],
        },
      },
    });
  });

  it("when the user presses a button, then the payload is taken as that choice and the chosen flow answers", async () => {
    await postEvent(textEvent("m-1", "Xin chào"));
    await fake.waitFor("/v3.0/oa/message/cs", 2);
    await turnsDone();
    expect(await postEvent(textEvent("m-2", "#job_check"))).toBe(200);
    await fake.waitFor("/v3.0/oa/message/cs", 3);
    await turnsDone();
    const pressed = await server.prisma.message.findFirstOrThrow({ where: { externalId: "zoa:m-2" } });
    expect(pressed.kind).toBe("choice");
    expect(pressed.choice).toBe("job_check");
    const firstAfterPress = sends()[2]!.body.message.text as string;
    expect(stringsOf(vi.jobCheck)).toContain(firstAfterPress);
  });

  it("when sending the reply is slow, then the webhook is still answered once the message is stored", async () => {
    let release!: () => void;
    fake.oaGate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const answered = postEvent(textEvent("m-1", "Xin chào"));
    await fake.waitFor("/v3.0/oa/message/cs", 1);
    // The first reply is held by Zalo (the fake), yet the webhook call returns.
    expect(await answered).toBe(200);
    expect(await server.prisma.message.count({ where: { externalId: "zoa:m-1" } })).toBe(1);
    release();
    fake.oaGate = undefined;
    await turnsDone();
    expect(await server.prisma.message.count({ where: { direction: "out", delivery: "sent" } })).toBe(2);
  });

  it("when the signature is wrong, then 401, nothing is stored and nothing is sent", async () => {
    const event = textEvent("m-1", "Xin chào");
    const status = await postEvent(event, `mac=${"0".repeat(64)}`);
    expect(status).toBe(401);
    const tampered = await postEvent(
      { ...event, message: { text: "khác", msg_id: "m-1" } },
      signOaBody(JSON.stringify(event), APP_ID, event.timestamp, OA_SECRET),
    );
    expect(tampered).toBe(401);
    expect(await postEvent(event, "")).toBe(401);
    expect(await server.prisma.message.count()).toBe(0);
    expect(await server.prisma.contact.count()).toBe(0);
    expect(sends()).toHaveLength(0);
  });

  it("when the same msg_id arrives twice, then the user is answered once", async () => {
    const event = textEvent("m-1", "Xin chào");
    expect(await postEvent(event)).toBe(200);
    await fake.waitFor("/v3.0/oa/message/cs", 2);
    expect(await postEvent(event)).toBe(200);
    await turnsDone();
    expect(sends()).toHaveLength(2);
    expect(await server.prisma.message.count({ where: { direction: "in" } })).toBe(1);
  });

  it("when an unknown event arrives, then it is acknowledged and ignored", async () => {
    const event = {
      app_id: APP_ID,
      event_name: "follow",
      timestamp: String(Date.now()),
      follower: { id: USER },
    };
    expect(await postEvent(event)).toBe(200);
    expect(await server.prisma.message.count()).toBe(0);
  });

  it("when the user sends a picture, then it is stored as media and answered with text", async () => {
    const event = {
      app_id: APP_ID,
      event_name: "user_send_image",
      timestamp: String(Date.now()),
      sender: { id: USER },
      recipient: { id: "oa-1" },
      message: {
        msg_id: "m-img",
        attachments: [{ type: "image", payload: { url: "https://example.org/a.jpg" } }],
      },
    };
    expect(await postEvent(event)).toBe(200);
    await fake.waitFor("/v3.0/oa/message/cs", 1);
    await turnsDone();
    const stored = await server.prisma.message.findFirstOrThrow({ where: { externalId: "zoa:m-img" } });
    expect(stored.kind).toBe("media");
    expect(sends().length).toBeGreaterThan(0);
  });
});

describe("Zalo OA tokens", () => {
  it("when the access token has expired (-216), then it is refreshed, the send retried once, and the new pair persisted", async () => {
    fake.accessToken = "AT-expired-server-side";
    fake.refreshToken = "RT-0";
    await postEvent(textEvent("m-1", "Xin chào"));
    await fake.waitFor("/v3.0/oa/message/cs", 3);
    await turnsDone();
    const refreshes = fake.requestsTo("/v4/oa/access_token");
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]!.headers.secret_key).toBe(fake.appSecret);
    expect(refreshes[0]!.body).toEqual({
      refresh_token: "RT-0",
      app_id: APP_ID,
      grant_type: "refresh_token",
    });
    const tokensUsed = sends().map((r) => r.headers.access_token);
    expect(tokensUsed).toEqual(["AT-0", "AT-1", "AT-1"]);
    const out = await server.prisma.message.findMany({ where: { direction: "out" } });
    expect(out.map((m) => m.delivery)).toEqual(["sent", "sent"]);

    const setting = await server.prisma.setting.findUniqueOrThrow({ where: { key: "zalo_oa.tokens" } });
    expect(setting.value).not.toContain("RT-1"); // encrypted at rest
    expect(setting.leaseOwner).toBeNull();
    const stored = await storedTokens();
    expect(stored.accessToken).toBe("AT-1");
    expect(stored.refreshToken).toBe("RT-1");
    expect(Date.parse(stored.expiresAt ?? "")).toBeGreaterThan(Date.now() + 24 * 3600_000);
    expect(server.rawLogs()).not.toContain("RT-1");
    expect(server.rawLogs()).not.toContain("AT-1");
  });

  it("when the server restarts after a refresh, then it uses the stored new pair, not the spent environment one", async () => {
    fake.accessToken = "AT-expired-server-side";
    await postEvent(textEvent("m-1", "Xin chào"));
    await fake.waitFor("/v3.0/oa/message/cs", 3);
    await turnsDone();
    await server.stop();
    server = await startServer();
    await postEvent(textEvent("m-2", "menu"));
    const all = await fake.waitFor("/v3.0/oa/message/cs", 4);
    expect(all[3]!.headers.access_token).toBe("AT-1");
    expect(fake.requestsTo("/v4/oa/access_token")).toHaveLength(1);
  });

  it("when the refresh fails, then a clear error is logged without tokens and the message stays pending", async () => {
    fake.accessToken = "AT-expired-server-side";
    fake.refreshFailure = { error: -14014, error_name: "Invalid refresh token" };
    expect(await postEvent(textEvent("m-1", "Xin chào"))).toBe(200);
    await fake.waitFor("/v4/oa/access_token", 1);
    await turnsDone();
    const out = await server.prisma.message.findMany({ where: { direction: "out" }, orderBy: { id: "asc" } });
    expect(out[0]!.delivery).toBe("pending");
    expect(out[0]!.deliveryError).toMatch(/refresh failed/);
    expect(out[0]!.nextAttemptAt).not.toBeNull();
    const errors = server.logs.filter((l) => l.level === 50);
    expect(errors.some((l) => String(l.msg).includes("ZALO_OA_REFRESH_TOKEN"))).toBe(true);
    expect(server.rawLogs()).not.toContain("RT-0");
    expect(server.rawLogs()).not.toContain("AT-0");
  });

  it("when two sends hit -216 at once, then only one refresh reaches Zalo", async () => {
    fake.accessToken = "AT-expired-server-side";
    await Promise.all([
      postEvent(oaTextEvent({ appId: APP_ID, userId: "1111", msgId: "a-1", text: "Xin chào" })),
      postEvent(oaTextEvent({ appId: APP_ID, userId: "2222", msgId: "b-1", text: "Xin chào" })),
    ]);
    await fake.waitFor("/v3.0/oa/message/cs", 6);
    await turnsDone();
    expect(fake.requestsTo("/v4/oa/access_token")).toHaveLength(1);
    const delivered = await server.prisma.message.findMany({ where: { direction: "out" } });
    expect(delivered.every((m) => m.delivery === "sent")).toBe(true);
  });
});

describe("Zalo OA reply window", () => {
  it("when Zalo refuses with error 230, then the message is recorded undeliverable with the reason and not retried", async () => {
    fake.oaSendErrors.push({
      error: -230,
      message: "User has not interacted with the OA in the last 7 days",
    });
    await postEvent(textEvent("m-1", "Xin chào"));
    await fake.waitFor("/v3.0/oa/message/cs", 1);
    await turnsDone();
    const out = await server.prisma.message.findMany({ where: { direction: "out" }, orderBy: { id: "asc" } });
    expect(out[0]!.delivery).toBe("undeliverable");
    expect(out[0]!.deliveryError).toMatch(/230/);
    expect(out[0]!.nextAttemptAt).toBeNull();
    expect(sends()).toHaveLength(1);
  });
});
