import pino, { type Logger } from "pino";
import { redact, redactDeep } from "./privacy/redact.js";

/**
 * JSON logs with privacy by default: fields that could carry message text, channel ids,
 * tokens or addresses are censored, so a careless `logger.info({ msg })` leaks nothing; and
 * phone, identity, passport and account numbers and e-mail addresses are masked in every
 * string of every line (src/privacy/redact.ts), message included.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "hotline-bot" },
      redact: {
        paths: [
          "text",
          "*.text",
          "message.text",
          "address",
          "*.address",
          "channelUserId",
          "*.channelUserId",
          "token",
          "*.token",
          "password",
          "*.password",
          "req.headers.authorization",
          "req.headers.cookie",
          "headers.authorization",
          "headers.cookie",
        ],
        censor: "[redacted]",
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((arg) => (typeof arg === "string" ? redact(arg) : arg)) as typeof args;
          method.apply(this, masked);
        },
      },
      formatters: {
        log: (object) => redactDeep(object) as Record<string, unknown>,
      },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}
