import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Logger } from "pino";
import { z } from "zod";
import type { Config } from "../config.js";

export interface Keys {
  pseudonymKey: Buffer;
  dataKey: Buffer;
  /** Earlier data keys, kept only to read rows written before a rotation. */
  previousDataKeys: Buffer[];
  sessionSecret: Buffer;
}

const keyFileSchema = z.object({
  PSEUDONYM_KEY: z.string(),
  DATA_KEY: z.string(),
  SESSION_SECRET: z.string(),
});

/**
 * Resolves the secret keys. Production requires them in the environment (config.ts refuses to
 * start without them). In development, missing keys are generated once into `<dataDir>/keys.json`
 * (mode 600) with a warning, so a restart keeps reading old data.
 */
export function resolveKeys(config: Config, dataDir: string, logger?: Logger): Keys {
  let generated: z.infer<typeof keyFileSchema> | undefined;
  const needed = !config.PSEUDONYM_KEY || !config.DATA_KEY || !config.SESSION_SECRET;
  if (needed) {
    const file = path.join(dataDir, "keys.json");
    if (existsSync(file)) {
      generated = keyFileSchema.parse(JSON.parse(readFileSync(file, "utf8")));
    } else {
      mkdirSync(dataDir, { recursive: true });
      generated = {
        PSEUDONYM_KEY: randomBytes(32).toString("hex"),
        DATA_KEY: randomBytes(32).toString("hex"),
        SESSION_SECRET: randomBytes(32).toString("hex"),
      };
      writeFileSync(file, JSON.stringify(generated, null, 2), { mode: 0o600 });
      chmodSync(file, 0o600);
    }
    logger?.warn(
      { file },
      "development keys in use: set PSEUDONYM_KEY, DATA_KEY and SESSION_SECRET for production",
    );
  }
  return {
    pseudonymKey: Buffer.from(config.PSEUDONYM_KEY ?? generated!.PSEUDONYM_KEY, "utf8"),
    dataKey: Buffer.from(config.DATA_KEY ?? generated!.DATA_KEY, "hex"),
    previousDataKeys: (config.DATA_KEY_PREVIOUS ?? "")
      .split(",")
      .filter(Boolean)
      .map((k) => Buffer.from(k, "hex")),
    sessionSecret: Buffer.from(config.SESSION_SECRET ?? generated!.SESSION_SECRET, "utf8"),
  };
}
