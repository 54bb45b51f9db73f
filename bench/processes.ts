// Child processes for the bench: each server under test runs alone in its own process, so its
// memory (RSS) and CPU are its own, apart from the load generator's.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { performance } from "node:perf_hooks";

/** A free TCP port on 127.0.0.1 (the server is told to listen on it). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Resident memory of a process in MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
}

/**
 * CPU seconds (user + system) the process has used so far, from /proc: on a shared machine a
 * steadier measure of the work done than the time it took.
 */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces) start at the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100;
}

export interface Spawned {
  child: ChildProcess;
  /** Seconds from spawn until `readyUrl` answered 200. */
  startSeconds: number;
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * Starts `command args` with `env` and waits until `readyUrl` answers 200 (polling every 20 ms,
 * `timeoutMs` at most). The child's own output is kept for error reports.
 */
export async function spawnUntilReady(
  command: string,
  args: string[],
  env: Record<string, string>,
  readyUrl: string,
  timeoutMs = 60_000,
): Promise<Spawned> {
  const t0 = performance.now();
  // Its own process group: `npm start` runs the server as a grandchild, stopped with the group.
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // Already gone.
    }
  };
  let err = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    err = (err + chunk.toString()).slice(-4000);
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", (code, sig) => {
      if (process.env.BENCH_DEBUG) console.error(`${command} exited: code ${code} signal ${sig}`);
      resolve();
    }),
  );
  void exit.then(() => {
    exited = true;
  });
  const stop = async () => {
    if (!exited) {
      signal("SIGTERM");
      const killer = setTimeout(() => signal("SIGKILL"), Number(process.env.BENCH_STOP_MS ?? 30_000));
      await exit;
      clearTimeout(killer);
    }
  };
  for (;;) {
    if (exited) throw new Error(`${command} ${args.join(" ")} exited before it was ready:\n${err}`);
    if (performance.now() - t0 > timeoutMs) {
      await stop();
      throw new Error(`${command} ${args.join(" ")} not ready after ${timeoutMs} ms:\n${err}`);
    }
    const ok = await fetch(readyUrl).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { child, startSeconds: (performance.now() - t0) / 1000, stderr: () => err, stop };
}
