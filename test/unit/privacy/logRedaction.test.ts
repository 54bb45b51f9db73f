import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/logger.js";

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger("debug", sink), raw: () => lines.join("") };
}

describe("log redaction", () => {
  it("when a message string carries a phone number or e-mail, then the log line holds only masks", () => {
    const { logger, raw } = capture();
    logger.info("user at 0912 345 678 wrote from lan@example.vn");
    expect(raw()).toContain("user at [phone] wrote from [email]");
    expect(raw()).not.toContain("345 678");
  });

  it("when a logged object nests identity and account numbers, then they are masked and ids and numbers kept", () => {
    const { logger, raw } = capture();
    logger.warn(
      {
        conversationId: "cmf1x20240101abcdef",
        attempts: 3,
        reason: { detail: "CCCD 001203004567, stk 9704123456789" },
      },
      "send failed",
    );
    const line = JSON.parse(raw()) as {
      conversationId: string;
      attempts: number;
      reason: { detail: string };
    };
    expect(line.conversationId).toBe("cmf1x20240101abcdef");
    expect(line.attempts).toBe(3);
    expect(line.reason.detail).toBe("CCCD [id-number], stk [account]");
  });

  it("when an error is logged, then its message and stack are masked but still present", () => {
    const { logger, raw } = capture();
    logger.error({ err: new Error("Zalo refused user 0388123456") }, "delivery failed");
    const line = JSON.parse(raw()) as { err: { message: string; stack: string; type: string } };
    expect(line.err.message).toBe("Zalo refused user [phone]");
    expect(line.err.stack).toContain("Zalo refused user [phone]");
    expect(line.err.type).toBe("Error");
    expect(raw()).not.toContain("0388123456");
  });

  it("when message text is logged by mistake, then the field is censored whole", () => {
    const { logger, raw } = capture();
    logger.info({ text: "tôi bị giữ hộ chiếu" }, "oops");
    expect(raw()).toContain('"text":"[redacted]"');
    expect(raw()).not.toContain("hộ chiếu");
  });

  it("when the listening line is logged, then the port number is kept", () => {
    const { logger, raw } = capture();
    logger.info({ port: 3000 }, "hotline bot listening");
    expect(JSON.parse(raw())).toMatchObject({ port: 3000, msg: "hotline bot listening" });
  });
});
