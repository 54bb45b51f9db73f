// npm run counselor:add -- --email E --name N --role counselor|supervisor|admin [--alias A] [--max-chats 3]
// The password comes from COUNSELOR_PASSWORD, else a prompt. It is hashed with argon2id.
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { loadConfigOrExit } from "../config.js";
import { hashPassword, MIN_PASSWORD_LENGTH } from "../handoff/password.js";
import { ROLES } from "../handoff/roles.js";
import { openMigratedStore, runCli } from "./runCli.js";

const USAGE =
  "Usage: npm run counselor:add -- --email E --name N --role counselor|supervisor|admin [--alias A] [--max-chats 3]\n" +
  "The password is read from COUNSELOR_PASSWORD, or asked for (at least 12 characters).";

const argsSchema = z.object({
  email: z.string().trim().toLowerCase().email({ error: "--email must be an email address" }),
  name: z.string().trim().min(1, { error: "--name is required" }).max(100),
  role: z.enum(ROLES, { error: "--role must be counselor, supervisor or admin" }),
  alias: z.string().trim().min(1).max(40).optional(),
  maxChats: z.coerce.number().int().min(1).max(20).default(3),
});

async function readPassword(): Promise<string> {
  const fromEnv = process.env.COUNSELOR_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    // Piped input: read the first line.
    const rl = createInterface({ input: process.stdin });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    return "";
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await rl.question(
    `Password for the new account (at least ${MIN_PASSWORD_LENGTH} characters): `,
  );
  rl.close();
  return answer;
}

async function main(): Promise<number> {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      options: {
        email: { type: "string" },
        name: { type: "string" },
        role: { type: "string" },
        alias: { type: "string" },
        "max-chats": { type: "string" },
      },
      strict: true,
    }).values;
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  const parsed = argsSchema.safeParse({ ...values, maxChats: values["max-chats"] });
  if (!parsed.success) {
    console.error(`${parsed.error.issues.map((i) => i.message).join("\n")}\n${USAGE}`);
    return 2;
  }
  const args = parsed.data;
  const password = await readPassword();
  if (password.length < MIN_PASSWORD_LENGTH) {
    console.error(`The password must have at least ${MIN_PASSWORD_LENGTH} characters. Nothing was created.`);
    return 2;
  }
  const config = loadConfigOrExit();
  const store = await openMigratedStore(config);
  try {
    if (await store.counselors.findByEmail(args.email)) {
      console.error(`A counselor with the email ${args.email} exists already. Nothing was created.`);
      return 1;
    }
    const created = await store.counselors.create({
      email: args.email,
      name: args.name,
      alias: args.alias ?? args.name.split(/\s+/).pop()!,
      role: args.role,
      maxChats: args.maxChats,
      passwordHash: await hashPassword(password),
    });
    process.stdout.write(
      `Created ${created.role} ${created.email} (shown to users as "${created.alias}", up to ${created.maxChats} chats at once).\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

runCli("counselor:add", main);
