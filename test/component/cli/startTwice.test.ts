// Two `npm start` launched at the same instant from one checkout, after a source change: both
// rebuild checks run together. Without the build lock (scripts/buildLock.mjs) both rebuilt
// dist/, and one deleted or replaced the tree the other was loading (ERR_MODULE_NOT_FOUND,
// ENOTEMPTY); with it, one builds and the other waits and finds dist/ fresh. The race did not
// lose every time, so the test starts the pair three times, each after another source change.
import { appendFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startChildServer } from "../../support/childServer.js";

const ROUNDS = 3;
/** What a checkout needs at run time (src/ includes the generated Prisma clients). */
const COPIED = [
  "src",
  "scripts",
  "flows",
  "locales",
  "prisma",
  "public",
  "package.json",
  "package-lock.json",
];

let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), "hotline-start-twice-"));
  for (const entry of COPIED) cpSync(path.resolve(entry), path.join(root, entry), { recursive: true });
  rmSync(path.join(root, "public/.build-web.json"), { force: true });
  symlinkSync(path.resolve("node_modules"), path.join(root, "node_modules"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("npm start twice at the same instant from one checkout", () => {
  it(
    "when a source changed, then both servers come up healthy",
    async () => {
      for (let round = 1; round <= ROUNDS; round++) {
        appendFileSync(path.join(root, "src/logger.ts"), `// source change ${round}\n`);
        const starts = [1, 2].map((n) =>
          startChildServer(
            `file:./data-${round}-${n}/hotline.db`,
            {},
            { cwd: root, args: ["--max-semi-space-size=8", "scripts/start.mjs"] },
          ),
        );
        const settled = await Promise.allSettled(starts);
        const servers = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
        try {
          const failures = settled.flatMap((s) => (s.status === "rejected" ? [String(s.reason)] : []));
          expect(failures, `round ${round}`).toEqual([]);
          for (const server of servers) {
            expect((await fetch(`${server.url}/healthz`)).status, `round ${round}`).toBe(200);
          }
        } finally {
          await Promise.all(servers.map((server) => server.stop()));
        }
      }
    },
    ROUNDS * 60_000,
  );
});
