// The HTTP client under grammY's calls to the Bot API. grammY asks for a `fetch` and reads only
// the answer's JSON (core/client.js: `fetch(url, options).then((res) => res.json())`); on Node it
// defaults to node-fetch. undici's `request` on one keep-alive Agent does the same work at about
// half the CPU per call (measured in docs/benchmarks.md), and replies are most of what the bot
// sends: two or three per message a person writes.
import type { Readable } from "node:stream";
import { Agent, request } from "undici";

/** The part of a fetch answer grammY uses. */
export interface BotApiResponse {
  json(): Promise<unknown>;
}

interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Readable | null;
  signal?: AbortSignal;
}

/**
 * A `fetch` for grammY's `client.fetch` option. JSON bodies and grammY's multipart streams are
 * sent as they are; grammY's abort signal (its timeout, a stopped long poll) aborts the request.
 */
export function botApiFetch(dispatcher: Agent = new Agent()) {
  return async (url: string | URL, init: FetchInit = {}): Promise<BotApiResponse> => {
    const res = await request(url, {
      method: (init.method ?? "GET") as "GET" | "POST",
      headers: init.headers ?? {},
      body: init.body ?? null,
      signal: init.signal,
      dispatcher,
    });
    return { json: () => res.body.json() };
  };
}
