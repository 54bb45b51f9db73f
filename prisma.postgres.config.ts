import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// The PostgreSQL client's config: its schema is derived from prisma/schema.prisma by
// `npm run db:generate` (scripts/dbGenerate.mjs). Prisma's WebAssembly schema engine cannot
// apply migrations to PostgreSQL; src/store/migrate.ts applies prisma/migrations-postgres.
export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: path.join("src", "generated", "postgres", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations-postgres") },
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "" }),
});
