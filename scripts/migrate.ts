// npm run db:migrate: applies pending migrations to the database in DATABASE_URL (SQLite or
// PostgreSQL); see src/store/migrate.ts.
import { loadConfigOrExit } from "../src/config.js";
import { migrateDatabase } from "../src/store/migrate.js";

const config = loadConfigOrExit();
migrateDatabase(config.DATABASE_URL).then(
  (applied) => {
    for (const name of applied) console.log(`applied migration ${name}`);
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
