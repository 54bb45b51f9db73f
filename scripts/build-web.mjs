// Bundles the browser code (widget, console) into public/ with esbuild. Runs on install and at
// every `npm start`, where it rebuilds only when an input changed: the stamp keeps the hash of
// every file the last bundles were made from (esbuild's metafile lists them, node_modules
// included), so an unchanged tree costs a few milliseconds. `--force` rebuilds anyway.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { withBuildLock } from "./buildLock.mjs";
import { hashFiles, readStamp, sameInputs, writeStamp } from "./buildStamp.mjs";

const ENTRIES = [
  { in: "src/web/widget/widget.ts", out: "public/widget.js" },
  { in: "src/web/console/console.ts", out: "public/console/console.js" },
  { in: "src/web/console/reports.ts", out: "public/console/reports.js" },
];
const THIS_SCRIPT = fileURLToPath(import.meta.url);

/**
 * Builds the bundles under `root` unless every input of the last build is unchanged; returns
 * true when it built. A build holds the checkout's build lock (scripts/buildLock.mjs) and checks
 * again under it, so two starts at once do not write the same bundles together; up-to-date
 * bundles take no lock.
 */
export async function buildWeb({ root = process.cwd(), force = false } = {}) {
  if (!force && upToDate(root)) return false;
  return withBuildLock(root, () => buildUnlocked(root, force));
}

function upToDate(root) {
  const at = (file) => path.join(root, file);
  const stamp = readStamp(at("public/.build-web.json"));
  if (!stamp || !ENTRIES.filter((e) => existsSync(at(e.in))).every((e) => existsSync(at(e.out))))
    return false;
  return sameInputs(stamp, hashFiles(Object.keys(stamp.inputs)));
}

async function buildUnlocked(root, force) {
  const at = (file) => path.join(root, file);
  const entries = ENTRIES.filter((e) => existsSync(at(e.in)));
  const stampFile = at("public/.build-web.json");
  if (!force && upToDate(root)) return false;
  const { build } = await import("esbuild");
  const inputs = new Set([THIS_SCRIPT]);
  for (const entry of entries) {
    const result = await build({
      absWorkingDir: root,
      entryPoints: [entry.in],
      outfile: entry.out,
      bundle: true,
      minify: true,
      format: "iife",
      target: ["es2020", "chrome90", "safari14", "firefox90"],
      legalComments: "none",
      logLevel: "warning",
      metafile: true,
    });
    for (const input of Object.keys(result.metafile.inputs)) inputs.add(at(input));
  }
  writeStamp(stampFile, hashFiles(inputs));
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await buildWeb({ force: process.argv.includes("--force") });
}
