import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../../src/store/prisma.js";
import { freshDatabase } from "../../support/testServer.js";

const db = freshDatabase();
afterAll(() => rmSync(db.dir, { recursive: true, force: true }));

function counselorAdd(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ["--import", "tsx", "src/cli/counselorAdd.ts", ...args], {
    env: { ...process.env, DATABASE_URL: db.url, NODE_ENV: "test", ...env },
    encoding: "utf8",
    input: "",
  });
}

const ARGS = ["--email", "an@example.org", "--name", "Nguyễn An", "--role", "counselor"];

describe("npm run counselor:add", () => {
  it("when the arguments are right, then the account is created with its alias and a hashed password", async () => {
    const result = counselorAdd(ARGS, { COUNSELOR_PASSWORD: "a long enough passphrase" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('shown to users as "An"');
    const prisma = await openDatabase(db.url);
    const row = await prisma.counselor.findUniqueOrThrow({ where: { email: "an@example.org" } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    await prisma.$disconnect();
  });

  it("when the same email is added again, then nothing is created and it says why", () => {
    const result = counselorAdd(ARGS, { COUNSELOR_PASSWORD: "a long enough passphrase" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("exists already");
  });

  it("when the password is too short, then nothing is created", () => {
    const result = counselorAdd(["--email", "b@example.org", "--name", "B", "--role", "admin"], {
      COUNSELOR_PASSWORD: "short",
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("at least 12 characters");
  });

  it("when the role is unknown, then the usage is shown", () => {
    const result = counselorAdd(["--email", "c@example.org", "--name", "C", "--role", "boss"], {
      COUNSELOR_PASSWORD: "a long enough passphrase",
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Usage: npm run counselor:add");
  });

  it("when the database does not exist, then it says how to fix it and creates no empty database", () => {
    const result = counselorAdd(ARGS, {
      COUNSELOR_PASSWORD: "a long enough passphrase",
      DATABASE_URL: `file:${db.dir}/missing/hotline.db`,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^counselor:add failed: No database at .*npm run db:migrate first\.$/,
    );
    expect(existsSync(`${db.dir}/missing`)).toBe(false);
  });
});
