import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { botCommandsFor } from "../../../src/channels/telegram/botCommands.js";
import { secretMatches } from "../../../src/channels/telegram/verifySecret.js";
import type { Locale } from "../../../src/engine/types.js";

describe("secretMatches", () => {
  const secret = "0123456789abcdef_-XYZ";

  it("when the header equals the secret, then it matches", () => {
    expect(secretMatches(secret, secret)).toBe(true);
  });

  it("when the header is missing, empty, repeated, longer, shorter or different, then it does not match", () => {
    for (const header of [
      undefined,
      "",
      [secret, secret],
      `${secret}0`,
      secret.slice(1),
      secret.toUpperCase(),
    ]) {
      expect(secretMatches(header, secret)).toBe(false);
    }
  });

  it("when no secret is configured, then nothing matches", () => {
    expect(secretMatches("", "")).toBe(false);
  });
});

describe("botCommandsFor", () => {
  const texts = (locale: Locale) => JSON.parse(readFileSync(`locales/${locale}/telegram.json`, "utf8"));
  const t = (locale: Locale, key: string) => {
    const path = key.replace(/^telegram:/, "").split(".");
    return path.reduce<unknown>(
      (node, part) => (node as Record<string, unknown>)[part],
      texts(locale),
    ) as string;
  };

  it("when commands are built, then Vietnamese has /tuvan and English /counselor, each with a description", () => {
    const vi = botCommandsFor("vi", t);
    const en = botCommandsFor("en", t);
    expect(vi.map((c) => c.command)).toEqual(["start", "menu", "tuvan", "help", "lang", "delete"]);
    expect(en.map((c) => c.command)).toEqual(["start", "menu", "counselor", "help", "lang", "delete"]);
    for (const c of [...vi, ...en]) {
      expect(c.command).toMatch(/^[a-z0-9_]{1,32}$/);
      expect(c.description.length).toBeGreaterThanOrEqual(1);
      expect(c.description.length).toBeLessThanOrEqual(256);
    }
    expect(vi.find((c) => c.command === "delete")?.description).not.toBe(
      en.find((c) => c.command === "delete")?.description,
    );
  });
});
