import pino, { type Logger } from "pino";

/**
 * JSON logs with privacy by default: fields that could carry message text, channel ids,
 * tokens or addresses are censored, so a careless `logger.info({ msg })` leaks nothing.
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
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}
