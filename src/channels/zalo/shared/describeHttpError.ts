import { isAxiosError } from "axios";

/**
 * A one-line description of a failed HTTP call that is safe to log and store: the HTTP
 * status or the network error code, never the URL (the Bot Platform puts the token in it)
 * nor the request headers (the OA API puts the access token there).
 */
export function describeHttpError(err: unknown): string {
  if (isAxiosError(err)) {
    if (err.response) return `HTTP ${err.response.status}`;
    if (err.code === "ECONNABORTED" || err.code === "ETIMEDOUT") return "timed out";
    return `network error ${err.code ?? "unknown"}`;
  }
  if (err instanceof Error) return err.name === "Error" ? "unexpected error" : err.name;
  return "unexpected error";
}
