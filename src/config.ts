import path from "node:path";
import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();
const optionalUrl = optionalString.pipe(
  z.url({ error: "a full URL such as https://example.org/path" }).optional(),
);

/** Environment schema. Every variable is documented in `.env.example` and README.md. */
export const configSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default("0.0.0.0"),
    DATABASE_URL: z
      .string()
      .regex(/^(file:.+|postgres(ql)?:\/\/.+)/, {
        error:
          "a SQLite URL such as file:./data/hotline.db or a PostgreSQL URL such as postgresql://user:pass@host:5432/db",
      })
      .default("file:./data/hotline.db"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    PUBLIC_URL: optionalUrl,
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    FLOWS_DIR: z.string().default("flows"),
    LOCALES_DIR: z.string().default("locales"),

    PSEUDONYM_KEY: optionalString.pipe(z.string().min(32, { error: "at least 32 characters" }).optional()),
    DATA_KEY: optionalString.pipe(
      z
        .string()
        .regex(/^[0-9a-fA-F]{64}$/, { error: "64 hex characters (32 bytes)" })
        .optional(),
    ),
    DATA_KEY_PREVIOUS: optionalString.pipe(
      z
        .string()
        .regex(/^[0-9a-fA-F]{64}(,[0-9a-fA-F]{64})*$/, { error: "comma-separated keys of 64 hex characters" })
        .optional(),
    ),
    SESSION_SECRET: optionalString.pipe(z.string().min(32, { error: "at least 32 characters" }).optional()),
    RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    QUICK_EXIT_URL: z.url().default("https://www.google.com/search?q=th%E1%BB%9Di+ti%E1%BA%BFt"),

    TELEGRAM_BOT_TOKEN: optionalString,
    TELEGRAM_API_ROOT: z.url().default("https://api.telegram.org"),
    TELEGRAM_WEBHOOK_URL: optionalUrl,
    TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{16,256}$/, { error: "16 to 256 characters of A-Z, a-z, 0-9, _ and -" })
        .optional(),
    ),
    TELEGRAM_COUNSELOR_CHAT_ID: optionalString,
    URGENT_SLA_SECONDS: z.coerce.number().int().min(10).default(120),

    ZALO_APP_ID: optionalString,
    ZALO_APP_SECRET: optionalString,
    ZALO_OA_SECRET_KEY: optionalString,
    ZALO_OA_ACCESS_TOKEN: optionalString,
    ZALO_OA_REFRESH_TOKEN: optionalString,
    ZALO_API_ROOT: z.url().default("https://openapi.zalo.me"),
    ZALO_OAUTH_ROOT: z.url().default("https://oauth.zaloapp.com"),
    ZALO_BOT_TOKEN: optionalString,
    ZALO_BOT_API_ROOT: z.url().default("https://bot-api.zaloplatforms.com"),
    ZALO_BOT_WEBHOOK_SECRET: optionalString.pipe(
      z.string().min(8, { error: "8 to 256 characters" }).max(256).optional(),
    ),

    REDIS_URL: optionalString.pipe(z.url({ error: "a URL such as redis://127.0.0.1:6379" }).optional()),
  })
  .superRefine((env, ctx) => {
    if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["TELEGRAM_WEBHOOK_SECRET"],
        message: "required when TELEGRAM_WEBHOOK_URL is set (16+ characters)",
      });
    }
    if (env.NODE_ENV === "production") {
      for (const key of ["PSEUDONYM_KEY", "DATA_KEY", "SESSION_SECRET"] as const) {
        if (!env[key]) {
          ctx.addIssue({ code: "custom", path: [key], message: "required when NODE_ENV=production" });
        }
      }
    }
  });

export type Config = z.infer<typeof configSchema>;

/** Thrown when the environment is invalid; `message` is one line per bad variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Parses the environment into one typed object.
 * @throws ConfigError naming each bad variable and what is expected.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (PORT= in a copied .env) means "not set", never "0" or "".
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ""),
  );
  const result = configSchema.safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "environment";
    return `${name}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration: ${lines.join("; ")}`);
}

/** Which database a `DATABASE_URL` names: the embedded SQLite file or a PostgreSQL server. */
export type DatabaseKind = "sqlite" | "postgres";

/** The kind of database `databaseUrl` names (config.ts accepts only these two forms). */
export function databaseKind(databaseUrl: string): DatabaseKind {
  return /^postgres(ql)?:\/\//.test(databaseUrl) ? "postgres" : "sqlite";
}

/**
 * Folder for local files beside the data (development keys): the SQLite file's folder, or
 * `./data` when the data lives in PostgreSQL.
 */
export function localDataDir(databaseUrl: string): string {
  return databaseKind(databaseUrl) === "sqlite"
    ? path.dirname(path.resolve(sqlitePath(databaseUrl)))
    : path.resolve("data");
}

/** Path of the SQLite file named by a `file:` URL. */
export function sqlitePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, "");
}

/**
 * Loads the configuration for a command-line entry point: on a bad value it prints the one-line
 * explanation and ends the process with code 78 (configuration error), instead of a stack trace.
 */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
}
