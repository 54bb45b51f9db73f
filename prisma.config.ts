import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";

// js-engine mode: migrations run in Prisma's WebAssembly schema engine, so no binary is
// downloaded (see ../shared/DESIGN.md, "Prisma offline").
const url = process.env.DATABASE_URL ?? "file:./data/hotline.db";

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: async () => new PrismaBetterSQLite3({ url }),
});
