// Helpers for console component tests: counselors created straight in the database, a signed-in
// HTTP client that carries the cookie and CSRF token, and a /console socket.
import { io, type Socket } from "socket.io-client";
import { hashPassword } from "../../../src/handoff/password.js";
import type { Role } from "../../../src/handoff/roles.js";
import { api, type TestServer } from "../../support/testServer.js";

export const PASSWORD = "correct horse battery staple";
/** Wednesday 4 March 2026, 10:00 in Vietnam: inside office hours. */
export const OFFICE_TIME = new Date("2026-03-04T03:00:00Z");

let hashed: Promise<string> | undefined;

export async function createCounselor(
  server: TestServer,
  options: { email: string; role?: Role; alias?: string; available?: boolean; maxChats?: number },
): Promise<string> {
  hashed ??= hashPassword(PASSWORD);
  const row = await server.prisma.counselor.create({
    data: {
      email: options.email,
      name: `Name of ${options.email}`,
      alias: options.alias ?? options.email.split("@")[0]!,
      role: options.role ?? "counselor",
      passwordHash: await hashed,
      available: options.available ?? true,
      maxChats: options.maxChats ?? 3,
    },
  });
  return row.id;
}

export type ConsoleClient = Awaited<ReturnType<typeof signIn>>;

export async function signIn(base: string, email: string, password = PASSWORD) {
  const res = await api(base, "POST", "/console/api/login", { email, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  const csrfToken = res.body.csrfToken as string;
  const call = (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) =>
    api(base, method, path, body, { cookie, "x-csrf-token": csrfToken, ...extra });
  return {
    cookie,
    csrfToken,
    counselor: res.body.counselor as { id: string; role: Role },
    call,
    queue: () => call("GET", "/console/api/queue"),
    claim: (id: string) => call("POST", `/console/api/conversations/${id}/claim`),
    detail: (id: string) => call("GET", `/console/api/conversations/${id}`),
    reply: (id: string, text: string) => call("POST", `/console/api/conversations/${id}/messages`, { text }),
    transfer: (id: string, counselorId?: string) =>
      call("POST", `/console/api/conversations/${id}/transfer`, counselorId ? { counselorId } : {}),
    close: (id: string, outcome: string) =>
      call("POST", `/console/api/conversations/${id}/close`, { outcome }),
  };
}

/** Connects to /console with the session cookie and resolves once connected. */
export async function consoleSocket(base: string, cookie: string): Promise<Socket> {
  const socket = io(`${base}/console`, {
    transports: ["websocket"],
    extraHeaders: { cookie },
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}

/** Resolves with the first event `name` whose payload passes `match`. */
export function nextEvent<T>(
  socket: Socket,
  name: string,
  match: (payload: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve) => {
    const handler = (payload: T) => {
      if (!match(payload)) return;
      socket.off(name, handler);
      resolve(payload);
    };
    socket.on(name, handler);
  });
}
