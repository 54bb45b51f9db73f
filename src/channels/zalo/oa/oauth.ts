import axios from "axios";
import { z } from "zod";
import { describeHttpError } from "../shared/describeHttpError.js";

const successSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  // Zalo sends it as a string of seconds ("90000").
  expires_in: z.coerce.number().int().positive(),
});
const errorSchema = z
  .object({
    error: z.coerce.number().optional(),
    error_name: z.string().optional(),
    error_description: z.string().optional(),
    message: z.string().optional(),
  })
  .passthrough();

export interface OaTokenPair {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
}

export type RefreshResult = { ok: true; tokens: OaTokenPair } | { ok: false; reason: string };

/**
 * Exchanges the (single-use) refresh token for a new access token and a NEW refresh token:
 * `POST {oauthRoot}/v4/oa/access_token`, form body, header `secret_key` = the app secret.
 * The reason of a failure never contains a token.
 */
export async function refreshOaTokens(params: {
  oauthRoot: string;
  appId: string;
  appSecret: string;
  refreshToken: string;
}): Promise<RefreshResult> {
  const form = new URLSearchParams({
    refresh_token: params.refreshToken,
    app_id: params.appId,
    grant_type: "refresh_token",
  });
  let data: unknown;
  try {
    const res = await axios.post(
      `${params.oauthRoot.replace(/\/$/, "")}/v4/oa/access_token`,
      form.toString(),
      {
        headers: { secret_key: params.appSecret, "content-type": "application/x-www-form-urlencoded" },
        timeout: 10_000,
      },
    );
    data = res.data;
  } catch (err) {
    return { ok: false, reason: `Zalo OAuth call failed: ${describeHttpError(err)}` };
  }
  const ok = successSchema.safeParse(data);
  if (ok.success) {
    return {
      ok: true,
      tokens: {
        accessToken: ok.data.access_token,
        refreshToken: ok.data.refresh_token,
        expiresInSeconds: ok.data.expires_in,
      },
    };
  }
  const err = errorSchema.safeParse(data);
  const detail = err.success
    ? [err.data.error, err.data.error_name, err.data.error_description ?? err.data.message]
        .filter(Boolean)
        .join(" ")
    : "";
  return { ok: false, reason: `Zalo refused the token refresh${detail ? ` (${detail.slice(0, 200)})` : ""}` };
}
