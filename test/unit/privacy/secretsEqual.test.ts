import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { secretsEqual } from "../../../src/privacy/secretsEqual.js";

describe("secretsEqual", () => {
  it("when strings are equal, then true; when they differ in content or length, then false", () => {
    expect(secretsEqual("abcdefgh", "abcdefgh")).toBe(true);
    expect(secretsEqual("abcdefgh", "abcdefgx")).toBe(false);
    expect(secretsEqual("abcdefgh", "abcdefg")).toBe(false);
    expect(secretsEqual("", "abcdefgh")).toBe(false);
    expect(secretsEqual("", "")).toBe(true);
  });

  it("when the texts differ only in Unicode form or case, then they are different secrets", () => {
    expect(secretsEqual("xo\u0301a", "xóa")).toBe(false);
    expect(secretsEqual("Token", "token")).toBe(false);
  });

  it("when the source is read, then secrets are compared in one place only (no other timingSafeEqual)", () => {
    const files = (readdirSync("src", { recursive: true }) as string[])
      .filter((f) => f.endsWith(".ts") && !f.startsWith(`generated${path.sep}`))
      .map((f) => path.join("src", f));
    const users = files.filter((f) => readFileSync(f, "utf8").includes("timingSafeEqual"));
    expect(users).toEqual([path.join("src", "privacy", "secretsEqual.ts")]);
  });
});
