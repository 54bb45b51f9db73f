// Migrates one template SQLite database with the real `npm run db:migrate` path (Prisma's
// `migrate deploy`); each test copies it. When PostgreSQL is reachable, also one template
// PostgreSQL database, migrated by the same script, that each PostgreSQL test server copies.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import {
  createDatabaseFrom,
  dropDatabase,
  TEST_POSTGRES_URL,
  uniqueDatabaseName,
  withAdmin,
} from "./postgres.js";

function migrate(databaseUrl: string): void {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/migrate.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`migrating the template database failed:\n${result.stderr}`);
}

/** The PostgreSQL template, or undefined (one loud line) when no server answers outside CI. */
async function postgresTemplate(): Promise<string | undefined> {
  try {
    await withAdmin(TEST_POSTGRES_URL, (client) => client.query("SELECT 1"));
  } catch (err) {
    const why = `PostgreSQL is not reachable at TEST_POSTGRES_URL=${TEST_POSTGRES_URL} (${err instanceof Error ? err.message : err})`;
    if (process.env.CI === "true") throw new Error(`${why}: CI runs every suite on PostgreSQL too.`);
    console.warn(
      `\n!!! ${why}: the PostgreSQL runs of the component, crash and transcript suites are SKIPPED. ` +
        "Start PostgreSQL or set TEST_POSTGRES_URL to an admin URL (a role that may create databases) to run them.\n",
    );
    return undefined;
  }
  const name = uniqueDatabaseName("hotline_template");
  migrate(await createDatabaseFrom(TEST_POSTGRES_URL, name));
  return name;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(path.join(tmpdir(), "hotline-template-"));
  const file = path.join(dir, "template.db");
  migrate(`file:${file}`);
  project.provide("templateDb", file);
  const template = await postgresTemplate();
  project.provide("postgres", template ? { adminUrl: TEST_POSTGRES_URL, template } : null);
  // Browser tests load the bundled widget and console from public/.
  const web = spawnSync(process.execPath, ["scripts/build-web.mjs"], { encoding: "utf8" });
  if (web.status !== 0) throw new Error(`building the browser code failed:\n${web.stderr}`);
  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (template) await dropDatabase(TEST_POSTGRES_URL, template);
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
    /** The PostgreSQL admin URL and migrated template database, null when PostgreSQL is absent. */
    postgres: { adminUrl: string; template: string } | null;
  }
}
