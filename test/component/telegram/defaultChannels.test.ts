import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channelFactories } from "../../../src/channels/index.js";
import { type FakeTelegram, startFakeTelegram } from "../../support/fakeTelegram.js";
import { FakeZalo } from "../../support/fakeZalo.js";
import { api, startTestServer, type TestServer } from "../../support/testServer.js";

const APP_ID = "app-default-channels";
const WEBHOOKS = ["/telegram/webhook", "/zalo/bot/webhook", "/zalo/oa/webhook"];

// The default channel list loads each channel's code only when its variables are set.
describe("the default channel list (npm start)", () => {
  let telegram: FakeTelegram;
  let zalo: FakeZalo;
  let withChannels: TestServer;
  let without: TestServer;

  beforeAll(async () => {
    telegram = await startFakeTelegram("123:abc");
    zalo = await FakeZalo.start({ appId: APP_ID, accessToken: "AT-0", refreshToken: "RT-0" });
    withChannels = await startTestServer({
      channels: channelFactories,
      timers: false,
      env: {
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.url,
        TELEGRAM_WEBHOOK_URL: "https://hotline.example.org/telegram/webhook",
        TELEGRAM_WEBHOOK_SECRET: "default_channels_secret_0123",
        ZALO_BOT_TOKEN: zalo.botToken,
        ZALO_BOT_API_ROOT: zalo.url,
        ZALO_BOT_WEBHOOK_SECRET: "default-bot-secret",
        PUBLIC_URL: "https://hotline.example.org",
        ZALO_APP_ID: APP_ID,
        ZALO_APP_SECRET: zalo.appSecret,
        ZALO_OA_SECRET_KEY: "default-oa-secret",
        ZALO_OA_ACCESS_TOKEN: "AT-0",
        ZALO_OA_REFRESH_TOKEN: "RT-0",
        ZALO_API_ROOT: zalo.url,
        ZALO_OAUTH_ROOT: zalo.url,
      },
    });
    without = await startTestServer({ channels: channelFactories, timers: false });
  });

  afterAll(async () => {
    await withChannels?.stop();
    await without?.stop();
    await telegram?.close();
    await zalo?.close();
  });

  it("when the Telegram and Zalo variables are set, then all three channels start and guard their webhooks", async () => {
    expect(telegram.callsOf("setWebhook")).toHaveLength(1);
    for (const path of WEBHOOKS) {
      const res = await api(withChannels.url, "POST", path, {});
      expect([401, 403], path).toContain(res.status);
    }
  });

  it("when no channel variable is set, then no channel starts and their webhook paths do not exist", async () => {
    for (const path of WEBHOOKS) {
      const res = await api(without.url, "POST", path, {});
      expect(res.status, path).toBe(404);
    }
  });
});
