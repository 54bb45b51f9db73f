// Applies pending Prisma migrations to the SQLite file named by DATABASE_URL, creating its folder.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { loadConfigOrExit, sqlitePath } from "../src/config.js";

const config = loadConfigOrExit();
mkdirSync(path.dirname(path.resolve(sqlitePath(config.DATABASE_URL))), { recursive: true });
const require = createRequire(import.meta.url);
const prismaCli = require.resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [prismaCli, "migrate", "deploy"], {
  stdio: ["ignore", "ignore", "inherit"],
  env: {
    ...process.env,
    DATABASE_URL: config.DATABASE_URL,
    // The CLI checks that a schema-engine binary exists even in js-engine mode; it is not run.
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  },
});
if (result.status !== 0) {
  console.error("Database migration failed: see the Prisma error above.");
  process.exit(result.status ?? 1);
}
