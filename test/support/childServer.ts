// The real server as a child process (`node --import tsx src/main.ts`), for tests that kill it
// with SIGKILL: crash tests and several instances on one database.
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface ChildServer {
  child: ChildProcess;
  url: string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Its JSON log lines so far. */
  logs: Record<string, unknown>[];
  /** Stops it with SIGTERM (a clean shutdown) if it still runs. */
  stop(): Promise<void>;
}

/** Fixed keys, the same for every child: a PostgreSQL run has no database folder to keep generated ones in. */
export const CHILD_KEYS = {
  PSEUDONYM_KEY: "k".repeat(32),
  DATA_KEY: "ab".repeat(32),
  SESSION_SECRET: "s".repeat(32),
};

/** Where and how the child runs: by default `node --import tsx src/main.ts` in this checkout. */
export interface ChildCommand {
  /** The checkout to run in. */
  cwd?: string;
  /** Node's arguments, e.g. what `npm start` runs: `["scripts/start.mjs"]`. */
  args?: string[];
}

/** Starts the server on port 0 and resolves once it logs that it is listening. */
export function startChildServer(
  databaseUrl: string,
  env: Record<string, string> = {},
  command: ChildCommand = {},
): Promise<ChildServer> {
  const child = spawn(process.execPath, command.args ?? ["--import", "tsx", "src/main.ts"], {
    cwd: command.cwd,
    env: {
      ...process.env,
      NODE_ENV: "test",
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: "info",
      ...CHILD_KEYS,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const logs: Record<string, unknown>[] = [];
  let stderr = "";
  child.stderr!.on("data", (c) => {
    stderr += String(c);
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(entry);
      if (entry.msg === "hotline bot listening" && typeof entry.port === "number")
        resolve({
          child,
          url: `http://127.0.0.1:${entry.port}`,
          exited,
          logs,
          async stop() {
            if (child.exitCode !== null || child.signalCode !== null) return;
            child.kill("SIGTERM");
            await exited;
          },
        });
    });
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${stderr}`)));
  });
}
