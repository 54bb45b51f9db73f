// Bundles the browser code (widget, console) into public/ with esbuild. Runs on install and start.
import { existsSync } from "node:fs";
import { build } from "esbuild";

const entries = [
  { in: "src/web/widget/widget.ts", out: "public/widget.js" },
  { in: "src/web/console/console.ts", out: "public/console/console.js" },
  { in: "src/web/console/reports.ts", out: "public/console/reports.js" },
].filter((e) => existsSync(e.in));

for (const entry of entries) {
  await build({
    entryPoints: [entry.in],
    outfile: entry.out,
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2020", "chrome90", "safari14", "firefox90"],
    legalComments: "none",
    logLevel: "warning",
  });
}
