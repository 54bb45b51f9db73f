// Migrates one template SQLite database with the real `prisma migrate deploy`; each test copies it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), "hotline-template-"));
  const file = path.join(dir, "template.db");
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/migrate.ts"], {
    env: { ...process.env, DATABASE_URL: `file:${file}` },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`migrating the template database failed:\n${result.stderr}`);
  project.provide("templateDb", file);
  // Browser tests load the bundled widget and console from public/.
  const web = spawnSync(process.execPath, ["scripts/build-web.mjs"], { encoding: "utf8" });
  if (web.status !== 0) throw new Error(`building the browser code failed:\n${web.stderr}`);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
  }
}
