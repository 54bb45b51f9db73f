import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ConfigError, databaseKind, loadConfig } from "../../../src/config.js";

describe("configuration from the environment", () => {
  it("when nothing is set, then the demo defaults apply", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      DATABASE_URL: "file:./data/hotline.db",
      NODE_ENV: "development",
      RETENTION_DAYS: 90,
    });
    expect(config.TELEGRAM_BOT_TOKEN).toBeUndefined();
  });

  it("when DATABASE_URL names PostgreSQL, then it is accepted and recognised", () => {
    const url = "postgresql://hotline:secret@db.internal:5432/hotline";
    expect(loadConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    expect(databaseKind(url)).toBe("postgres");
    expect(databaseKind("postgres://h/db")).toBe("postgres");
    expect(databaseKind("file:./data/hotline.db")).toBe("sqlite");
  });

  it("when DATABASE_URL is neither SQLite nor PostgreSQL, then one line names both forms", () => {
    expect(() => loadConfig({ DATABASE_URL: "mysql://h/db" })).toThrow(
      /DATABASE_URL: a SQLite URL such as file:\.\/data\/hotline\.db or a PostgreSQL URL such as postgresql:/,
    );
  });

  it("when a variable is empty, then it counts as not set", () => {
    expect(loadConfig({ PORT: "", TELEGRAM_API_ROOT: "" })).toMatchObject({
      PORT: 3000,
      TELEGRAM_API_ROOT: "https://api.telegram.org",
    });
  });

  it("when PORT is not a number, then one clear line names it", () => {
    expect(() => loadConfig({ PORT: "abc" })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: "abc" })).toThrow(/^Invalid configuration: PORT: /);
  });

  it("when the webhook URL is set without a secret, then the secret is named as required", () => {
    expect(() => loadConfig({ TELEGRAM_WEBHOOK_URL: "https://example.org/telegram/webhook" })).toThrow(
      /TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_WEBHOOK_URL is set/,
    );
  });

  it("when production lacks its keys, then each missing key is named", () => {
    try {
      loadConfig({ NODE_ENV: "production" });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toContain("PSEUDONYM_KEY: required when NODE_ENV=production");
      expect((err as Error).message).toContain("DATA_KEY: required when NODE_ENV=production");
      expect((err as Error).message).toContain("SESSION_SECRET: required when NODE_ENV=production");
    }
  });

  it("when DATA_KEY is not 64 hex characters, then it says what is expected", () => {
    expect(() => loadConfig({ DATA_KEY: "short" })).toThrow(/DATA_KEY: 64 hex characters/);
  });

  it("when the server is started with a bad value, then it stops with that one line and a non-zero code", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: { ...process.env, PORT: "not-a-port", NODE_ENV: "development" },
      encoding: "utf8",
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split("\n").at(-1)).toMatch(/^Invalid configuration: PORT: /);
  });
});
