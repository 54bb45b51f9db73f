// Compiles the server (src/, without the browser code in src/web) to plain JavaScript in dist/,
// one file per source file, so that `npm start` runs Node on JavaScript with no compiler loaded.
// esbuild strips the types exactly as tsx does in `npm run dev` and the tests (tsx is built on
// esbuild), so what runs in production is what was tested; `tsc --noEmit` stays the type check.
// The whole tree takes about a second; it runs on install and again at `npm start` only when a
// source file changed (content hashes in dist/.build.json). `--force` rebuilds anyway.
import { existsSync, readdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { withBuildLock } from "./buildLock.mjs";
import { hashFiles, readStamp, sameInputs, writeStamp } from "./buildStamp.mjs";

const THIS_SCRIPT = fileURLToPath(import.meta.url);

/** Every server source file under `srcDir` (src/web is browser code, bundled by build-web.mjs). */
function serverSources(srcDir) {
  const web = path.join(srcDir, "web") + path.sep;
  return readdirSync(srcDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts"))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .filter((file) => !file.startsWith(web))
    .sort();
}

/**
 * Builds `<root>/dist` from `<root>/src` unless the sources are unchanged since the last build;
 * returns true when it built. A build holds the checkout's build lock and checks again under it,
 * so a second start at the same instant waits and then finds dist/ up to date. An up-to-date
 * tree takes no lock (and writes nothing: a read-only checkout starts).
 */
export async function buildServer({ root = process.cwd(), force = false } = {}) {
  if (!force && upToDate(root, serverInputs(root).inputs)) return false;
  return withBuildLock(root, () => buildUnlocked(root, force));
}

function serverInputs(root) {
  const srcDir = path.join(root, "src");
  const lockfile = path.join(root, "package-lock.json");
  const sources = serverSources(srcDir);
  const inputs = hashFiles([...sources, THIS_SCRIPT, ...(existsSync(lockfile) ? [lockfile] : [])]);
  return { srcDir, sources, inputs };
}

const upToDate = (root, inputs) => sameInputs(readStamp(path.join(root, "dist", ".build.json")), inputs);

async function buildUnlocked(root, force) {
  const dist = path.join(root, "dist");
  const { srcDir, sources, inputs } = serverInputs(root);
  if (!force && upToDate(root, inputs)) return false;
  const { build } = await import("esbuild");
  // Trees left by a build that was killed (only the lock holder builds, so none is in use).
  for (const entry of readdirSync(root)) {
    if (/^dist\.(build|old)-\d+$/.test(entry))
      rmSync(path.join(root, entry), { recursive: true, force: true });
  }
  // Built beside dist/ and moved in whole: a stopped build never leaves half a tree behind,
  // and dist/ is missing only between two renames, not for the time a delete takes.
  const next = `${dist}.build-${process.pid}`;
  const old = `${dist}.old-${process.pid}`;
  await build({
    entryPoints: sources,
    outdir: next,
    outbase: srcDir,
    bundle: false,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "warning",
  });
  writeStamp(path.join(next, ".build.json"), inputs);
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(next, dist);
  rmSync(old, { recursive: true, force: true });
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await buildServer({ force: process.argv.includes("--force") });
}
