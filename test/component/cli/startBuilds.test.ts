import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildServer } from "../../../scripts/build-server.mjs";
import { buildWeb } from "../../../scripts/build-web.mjs";

let root: string;
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
};
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "hotline-build-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("buildServer (npm start compiles src/ to dist/ only when a source changed)", () => {
  beforeEach(() => {
    write(
      "src/main.ts",
      'import { greet } from "./lib/greet.js";\nconst who: string = "A";\nconsole.log(greet(who));\n',
    );
    write("src/lib/greet.ts", 'export const greet = (name: string): string => "hello " + name;\n');
    write("src/web/widget/widget.ts", "document.title = 'browser code';\n");
  });

  it("when built, then dist/ holds one JavaScript file per server source, types stripped, browser code left out", async () => {
    expect(await buildServer({ root })).toBe(true);
    expect(read("dist/main.js")).toContain('from "./lib/greet.js"');
    expect(read("dist/main.js")).not.toContain(": string");
    expect(existsSync(path.join(root, "dist/lib/greet.js"))).toBe(true);
    expect(existsSync(path.join(root, "dist/web"))).toBe(false);
  });

  it("when nothing changed, then the next start does not rebuild, even if the files were touched", async () => {
    await buildServer({ root });
    // Nor does it write anything (a read-only checkout starts): not even the build lock.
    rmSync(path.join(root, ".build.lock.db"));
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(root, "src/main.ts"), later, later);
    expect(await buildServer({ root })).toBe(false);
    expect(existsSync(path.join(root, ".build.lock.db"))).toBe(false);
  });

  it("when a source changes, then the next start rebuilds and runs the new code", async () => {
    await buildServer({ root });
    write("src/lib/greet.ts", 'export const greet = (name: string): string => "welcome " + name;\n');
    expect(await buildServer({ root })).toBe(true);
    expect(read("dist/lib/greet.js")).toContain("welcome");
  });

  it("when a source is added or removed, then dist/ follows", async () => {
    await buildServer({ root });
    write("src/extra.ts", "export const extra = 1;\n");
    expect(await buildServer({ root })).toBe(true);
    expect(existsSync(path.join(root, "dist/extra.js"))).toBe(true);
    rmSync(path.join(root, "src/extra.ts"));
    expect(await buildServer({ root })).toBe(true);
    expect(existsSync(path.join(root, "dist/extra.js"))).toBe(false);
  });

  it("when the last build was cut short (no stamp), then the next start builds again", async () => {
    await buildServer({ root });
    rmSync(path.join(root, "dist/.build.json"));
    expect(await buildServer({ root })).toBe(true);
  });
});

describe("buildWeb (npm start bundles the browser code only when an input changed)", () => {
  beforeEach(() => {
    write("src/web/widget/widget.ts", 'import { label } from "./label.js";\ndocument.title = label;\n');
    write("src/web/widget/label.ts", 'export const label: string = "anonymous-chat-1";\n');
  });

  it("when nothing changed, then it does not rebuild; when an imported file changes, then it does", async () => {
    expect(await buildWeb({ root })).toBe(true);
    expect(read("public/widget.js")).toContain("anonymous-chat-1");
    expect(await buildWeb({ root })).toBe(false);
    write("src/web/widget/label.ts", 'export const label: string = "anonymous-chat-2";\n');
    expect(await buildWeb({ root })).toBe(true);
    expect(read("public/widget.js")).toContain("anonymous-chat-2");
  });

  it("when a bundle was deleted, then it is rebuilt", async () => {
    await buildWeb({ root });
    rmSync(path.join(root, "public/widget.js"));
    expect(await buildWeb({ root })).toBe(true);
    expect(existsSync(path.join(root, "public/widget.js"))).toBe(true);
  });
});

describe("the build lock (two starts of one checkout build one at a time)", () => {
  it("when a build holding the lock is killed, then the next build does not wait for it", async () => {
    write("src/main.ts", "export const started = true;\n");
    const lock = pathToFileURL(path.resolve("scripts/buildLock.mjs")).href;
    const holder = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { withBuildLock } from ${JSON.stringify(lock)};
         await withBuildLock(${JSON.stringify(root)}, () => { console.log("held"); return new Promise(() => {}); });`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const [first] = await once(holder.stdout!, "data");
    expect(String(first)).toContain("held");
    holder.kill("SIGKILL");
    await once(holder, "exit");
    // A lock the dead process still held would make this wait minutes (the test times out).
    expect(await buildServer({ root })).toBe(true);
    expect(read("dist/main.js")).toContain("started");
  });
});
