import axios from "axios";
import { z } from "zod";
import { describeHttpError } from "../shared/describeHttpError.js";

const envelopeSchema = z.object({
  ok: z.boolean(),
  result: z.unknown().optional(),
  error_code: z.coerce.number().optional(),
  description: z.string().optional(),
});

export type BotCallResult =
  | { ok: true; result: unknown }
  /** `code` is Zalo's `error_code` or the HTTP status; `description` never contains the token. */
  | { ok: false; code?: number; description: string };

/**
 * Calls one Bot Platform method: `POST {root}/bot{token}/{method}` with a JSON body.
 * `signal` aborts this call only (long polling that stops); the client's own signal aborts all.
 */
export type BotCall = (
  method: string,
  params: Record<string, unknown>,
  timeoutMs?: number,
  signal?: AbortSignal,
) => Promise<BotCallResult>;

/**
 * A client of the Zalo Bot Platform. Responses are `{ok, result, error_code, description}`;
 * every failure, HTTP or not, comes back as `{ok: false}` with a description safe to log
 * (the token is part of the URL, so no URL ever appears in it).
 */
export function botApi(root: string, token: string, signal?: AbortSignal): BotCall {
  const base = `${root.replace(/\/$/, "")}/bot${token}`;
  return async (method, params, timeoutMs = 15_000, callSignal) => {
    const abortWith = signal && callSignal ? AbortSignal.any([signal, callSignal]) : (callSignal ?? signal);
    let status: number;
    let data: unknown;
    try {
      const res = await axios.post(`${base}/${method}`, params, {
        timeout: timeoutMs,
        validateStatus: () => true,
        headers: { "content-type": "application/json" },
        ...(abortWith ? { signal: abortWith } : {}),
      });
      status = res.status;
      data = res.data;
    } catch (err) {
      return { ok: false, description: `Zalo Bot API ${method} failed: ${describeHttpError(err)}` };
    }
    const parsed = envelopeSchema.safeParse(data);
    if (parsed.success && parsed.data.ok && status < 300) return { ok: true, result: parsed.data.result };
    const code = parsed.success ? (parsed.data.error_code ?? status) : status;
    const description =
      parsed.success && parsed.data.description ? parsed.data.description.slice(0, 200) : `HTTP ${status}`;
    return { ok: false, code, description: `Zalo Bot API ${method}: ${description}` };
  };
}
