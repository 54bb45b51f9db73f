import { periodicDuty } from "../../../background/backgroundDuty.js";
import type { ChannelFactory } from "../../channelModule.js";
import { OaSender, REFRESH_MARGIN_MS } from "./oaSender.js";
import { refreshOaTokens } from "./oauth.js";
import { OaTokenStore } from "./tokenStore.js";
import { mountOaWebhook } from "./webhookRoute.js";

/** How often to check whether the access token needs refreshing while nothing is sent. */
const REFRESH_CHECK_MS = 10 * 60_000;

/**
 * The Zalo Official Account channel (OA API v3). Starts when `ZALO_APP_ID`, `ZALO_APP_SECRET`,
 * `ZALO_OA_SECRET_KEY`, `ZALO_OA_ACCESS_TOKEN` and `ZALO_OA_REFRESH_TOKEN` are all set.
 * Zalo calls `POST /zalo/oa/webhook`; replies go through `/v3.0/oa/message/cs`.
 */
export const zaloOaChannel: ChannelFactory = (ctx) => {
  const c = ctx.config;
  if (
    !c.ZALO_APP_ID ||
    !c.ZALO_APP_SECRET ||
    !c.ZALO_OA_SECRET_KEY ||
    !c.ZALO_OA_ACCESS_TOKEN ||
    !c.ZALO_OA_REFRESH_TOKEN
  ) {
    return undefined;
  }
  const appId = c.ZALO_APP_ID;
  const appSecret = c.ZALO_APP_SECRET;
  const env = { accessToken: c.ZALO_OA_ACCESS_TOKEN, refreshToken: c.ZALO_OA_REFRESH_TOKEN };
  const tokens = new OaTokenStore({
    settings: ctx.store.settings,
    cipher: ctx.cipher,
    logger: ctx.logger,
    clock: ctx.clock,
    exchange: (refreshToken) =>
      refreshOaTokens({ oauthRoot: c.ZALO_OAUTH_ROOT, appId, appSecret, refreshToken }),
  });
  mountOaWebhook(ctx, { appId, oaSecretKey: c.ZALO_OA_SECRET_KEY });
  ctx.service.registerSender("zalo_oa", new OaSender({ apiRoot: c.ZALO_API_ROOT, tokens, t: ctx.t }));
  return {
    name: "zalo_oa",
    async start() {
      await tokens.seed(env);
    },
    async stop() {},
    // Keep the token fresh when no message is sent for a long time; one instance checks (a
    // send that finds it expired refreshes it on any instance, through the lease in tokenStore).
    background: [
      periodicDuty(
        "zalo-oa-token",
        REFRESH_CHECK_MS,
        async () => {
          const current = await tokens.current();
          if (tokens.expiresSoon(current, REFRESH_MARGIN_MS)) await tokens.refresh(current.accessToken);
        },
        { logger: ctx.logger },
      ),
    ],
  };
};
