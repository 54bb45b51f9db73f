import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { telegramChannel } from "../../../src/channels/telegram/index.js";
import { RATE_LIMITS } from "../../../src/privacy/rateLimits.js";
import {
  type ApiCall,
  buttonPress,
  type FakeTelegram,
  keyboardOf,
  privateText,
  startFakeTelegram,
  telegramWebhookEnv,
} from "../../support/fakeTelegram.js";
import { localeTexts } from "../../support/localeTexts.js";
import {
  api,
  startTestServer,
  type TestServer,
  testDatabases,
  turnsSettled,
} from "../../support/testServer.js";

const vi = (ns: string) => localeTexts("vi", ns);
const en = (ns: string) => localeTexts("en", ns);
const SECRET = "s3cret_for-the-webhook_0123456789";
const WEBHOOK_URL = "https://hotline.example.org/telegram/webhook";

describe.each(testDatabases())("Telegram webhook on %s", (db) => {
  let fake: FakeTelegram;
  let server: TestServer;

  const sendsTo = (chatId: number): ApiCall[] =>
    fake.callsOf("sendMessage").filter((c) => String(c.params.chat_id) === String(chatId));

  const settled = () => turnsSettled(server);

  /** Posts an update as Telegram would, then waits until its turn (and its replies) are done. */
  async function post(update: Record<string, unknown>, secret: string | null = SECRET) {
    const body = { update_id: fake.nextUpdateId(), ...update };
    const res = await api(
      server.url,
      "POST",
      "/telegram/webhook",
      body,
      secret === null ? {} : { "x-telegram-bot-api-secret-token": secret },
    );
    await settled();
    return res;
  }

  beforeAll(async () => {
    fake = await startFakeTelegram("123:abc");
    server = await startTestServer({
      db,
      channels: [telegramChannel],
      env: telegramWebhookEnv(fake, SECRET, WEBHOOK_URL),
      timers: false,
    });
  });

  afterAll(async () => {
    await server?.stop();
    await fake?.close();
  });

  describe("Telegram over a webhook", () => {
    it("when the bot starts, then it sets the webhook with the secret token and does not poll", () => {
      const [call] = fake.callsOf("setWebhook");
      expect(call?.params.url).toBe(WEBHOOK_URL);
      expect(call?.params.secret_token).toBe(SECRET);
      expect(fake.callsOf("deleteWebhook")).toHaveLength(0);
    });

    it("when Telegram posts /start, a button press and text with the right secret, then each is answered", async () => {
      const id = 7_770_024_601;
      const start = await post(privateText(id, "/start"));
      expect(start.status).toBe(200);
      const [greeting, menu] = sendsTo(id);
      expect(greeting?.params.text).toBe(vi("main").greeting);
      const data = keyboardOf(menu).find(([, d]) => d === "c:job_check")?.[1];
      expect(data).toBe("c:job_check");

      const before = sendsTo(id).length;
      const pressed = await post(buttonPress(id, data!));
      expect(pressed.status).toBe(200);
      expect(fake.callsOf("answerCallbackQuery").length).toBeGreaterThanOrEqual(1);
      expect(sendsTo(id).length).toBeGreaterThan(before);

      const beforeText = sendsTo(id).length;
      const text = await post(privateText(id, "một công ty trên mạng"));
      expect(text.status).toBe(200);
      expect(sendsTo(id).length).toBeGreaterThan(beforeText);
    });

    it("when the secret is wrong or missing, then the answer is 401 and nothing is stored", async () => {
      const id = 7_770_024_602;
      const before = await server.prisma.message.count();
      const wrong = await post(privateText(id, "/start"), "not-the-secret-0000000000");
      const missing = await post(privateText(id, "/start"), null);
      const almost = await post(privateText(id, "/start"), `${SECRET}x`);
      expect([wrong.status, missing.status, almost.status]).toEqual([401, 401, 401]);
      expect(await server.prisma.message.count()).toBe(before);
      expect(sendsTo(id)).toHaveLength(0);
    });

    it("when Telegram sends the same update twice, then both are answered 200 and the user gets one reply", async () => {
      const id = 7_770_024_603;
      const update = { update_id: fake.nextUpdateId(), ...privateText(id, "/start") };
      const headers = { "x-telegram-bot-api-secret-token": SECRET };
      const first = await api(server.url, "POST", "/telegram/webhook", update, headers);
      await settled();
      const sent = sendsTo(id).length;
      const again = await api(server.url, "POST", "/telegram/webhook", update, headers);
      await settled();
      expect([first.status, again.status]).toEqual([200, 200]);
      expect(sent).toBe(2);
      expect(sendsTo(id)).toHaveLength(2);
      const pseudonym = server.service.pseudonymOf("telegram", String(id));
      const inbound = await server.prisma.message.count({
        where: { direction: "in", conversation: { contact: { pseudonym } } },
      });
      expect(inbound).toBe(1);
    });

    it("when an English-speaking user writes first, then the conversation starts in English", async () => {
      const id = 7_770_024_604;
      await post(privateText(id, "/start", "en-GB"));
      expect(sendsTo(id)[0]?.params.text).toBe(en("main").greeting);
    });

    it("when the body is not JSON, then it is refused without storing anything", async () => {
      const before = await server.prisma.message.count();
      const res = await api(server.url, "POST", "/telegram/webhook", "{not json", {
        "x-telegram-bot-api-secret-token": SECRET,
        "content-type": "application/json",
      });
      expect(res.status).toBe(400);
      expect(await server.prisma.message.count()).toBe(before);
    });

    it("when a user in a flow writes that they are locked up, then one reply gives 113 and 111 and the chat is queued as urgent", async () => {
      const id = 7_770_024_777;
      await post(privateText(id, "/start"));
      await post(buttonPress(id, "c:job_check"));
      const before = sendsTo(id).length;
      await post(privateText(id, "họ nhốt em trong phòng và lấy hộ chiếu, cứu em với"));
      const replies = sendsTo(id).slice(before);
      expect(replies[0]?.params.text).toContain("113");
      expect(replies[0]?.params.text).toContain("111");
      const pseudonym = server.service.pseudonymOf("telegram", String(id));
      const conversation = await server.prisma.conversation.findFirstOrThrow({
        where: { contact: { pseudonym } },
      });
      expect(conversation).toMatchObject({ status: "waiting", priority: "urgent", riskLevel: "urgent" });
    });

    it("when Telegram's address delivers many verified calls, then none is throttled (only refused calls count)", async () => {
      const statuses: number[] = [];
      // Three times the limit of refused calls, 20 at a time (Telegram keeps up to 40 connections).
      for (let sent = 0; sent < RATE_LIMITS.webhooksPerIp * 3; sent += 20) {
        const batch = await Promise.all(
          Array.from({ length: 20 }, () =>
            api(
              server.url,
              "POST",
              "/telegram/webhook",
              { not: "an update" },
              {
                "x-telegram-bot-api-secret-token": SECRET,
              },
            ),
          ),
        );
        statuses.push(...batch.map((c) => c.status));
      }
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
    });
  });
});
