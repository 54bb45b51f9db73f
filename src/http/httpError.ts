import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "pino";
import { z } from "zod";

/** An error with an HTTP status and a stable machine-readable code, safe to show to clients. */
export class HttpError extends Error {
  override name = "HttpError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Parses `value` with a zod schema or throws a 400 naming the bad fields. */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown, what = "body"): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = result.error.issues.map((i) => `${i.path.join(".") || what}: ${i.message}`);
  throw new HttpError(400, "invalid_request", `Invalid ${what}: ${fields.join("; ")}`);
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, "not_found", `No route for ${req.method} ${req.path}`));
};

/**
 * The one error handler: a JSON body `{error: {code, message}}` for every failure, never a
 * stack trace. Unexpected errors are logged with their stack and answered 500.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const e = err as { type?: string; status?: number; statusCode?: number };
    let status = 500;
    let code = "internal";
    let message = "Something went wrong on our side. Please try again.";
    if (err instanceof HttpError) {
      status = err.status;
      code = err.code;
      message = err.message;
    } else if (e.type === "entity.parse.failed") {
      status = 400;
      code = "invalid_json";
      message = "The request body is not valid JSON.";
    } else if (e.type === "entity.too.large") {
      status = 413;
      code = "payload_too_large";
      message = "The request body is too large.";
    } else if (e.type === "encoding.unsupported" || e.type === "charset.unsupported") {
      status = 415;
      code = "unsupported_encoding";
      message = "Send the body as UTF-8 JSON.";
    } else if (err instanceof z.ZodError) {
      status = 400;
      code = "invalid_request";
      message = "The request is not valid.";
    } else if (typeof (e.status ?? e.statusCode) === "number" && (e.status ?? e.statusCode)! < 500) {
      status = (e.status ?? e.statusCode)!;
      code = "bad_request";
      message = "The request could not be processed.";
    } else {
      logger.error({ err, method: req.method, path: req.route?.path ?? "unmatched" }, "request failed");
    }
    res.status(status).json({ error: { code, message } });
  };
}
