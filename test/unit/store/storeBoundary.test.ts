// src/store is the one door to the database (issue 11): nothing outside it imports Prisma.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** Every TypeScript file under src, outside the store and the generated clients. */
function filesOutsideStore(): string[] {
  return (readdirSync("src", { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join("/"))
    .filter((f) => f.endsWith(".ts") && !f.startsWith("store/") && !f.startsWith("generated/"))
    .map((f) => `src/${f}`)
    .sort();
}

const importsOf = (file: string) =>
  [...readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((m) => m[1]!);

describe("src/store is the only door to the database", () => {
  it("when any file outside src/store imports @prisma/* or a generated client, then this fails", () => {
    const offenders = filesOutsideStore().filter((file) =>
      importsOf(file).some((spec) => spec.startsWith("@prisma/") || /(^|\/)generated\/prisma/.test(spec)),
    );
    expect(offenders).toEqual([]);
  });

  it("when a file outside src/store reaches Prisma through store/prisma.js (its client or row types), then this fails", () => {
    const reaching = filesOutsideStore().filter((file) =>
      importsOf(file).some((spec) => /(^|\/)store\/prisma\.js$/.test(spec)),
    );
    expect(reaching).toEqual([]);
  });
});
