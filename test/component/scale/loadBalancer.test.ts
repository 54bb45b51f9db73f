// Socket.IO behind a load balancer: the widget and the console open a websocket first, which
// stays on the instance it reached, so they work behind a balancer that sends every request
// anywhere; Socket.IO's long-polling fallback works only with sticky sessions (docs/deploy.md).
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoadBalancer, startLoadBalancer } from "../../support/loadBalancer.js";
import {
  createTestDatabase,
  startTestServer,
  type TestDatabase,
  type TestServer,
  testDatabases,
  webchatSession,
} from "../../support/testServer.js";
import { createCounselor, OFFICE_TIME, signIn } from "../console/consoleClient.js";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** The widget's socket options (src/web/widget/widget.ts), or long polling only. */
function webchatSocket(base: string, auth: { sessionId: string; token: string }, polling = false): Socket {
  return io(`${base}/webchat`, {
    auth,
    transports: polling ? ["polling"] : ["websocket", "polling"],
    tryAllTransports: true,
    reconnection: false,
    forceNew: true,
  });
}

const connected = (socket: Socket) =>
  new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });

const nextMessage = (socket: Socket, text: string) =>
  new Promise<{ from: string; text: string }>((resolve) => {
    const handler = (m: { from: string; text: string }) => {
      if (m.text !== text) return;
      socket.off("message", handler);
      resolve(m);
    };
    socket.on("message", handler);
  });

describe.each(testDatabases())("two instances behind a load balancer on %s", (kind) => {
  let database: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  const balancers: LoadBalancer[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const options = { database, clock: () => OFFICE_TIME, timers: false, env: { REDIS_URL } };
    a = await startTestServer(options);
    b = await startTestServer(options);
    await createCounselor(a, { email: "an@example.org", alias: "An", maxChats: 10 });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    for (const balancer of balancers) await balancer.close();
    await a?.stop();
    await b?.stop();
    await database?.drop();
  });

  /** A person on the web chat through `balancer`, waiting for a counselor; the counselor signed in on A. */
  async function waitingChat(balancer: LoadBalancer) {
    const chat = await webchatSession(balancer.url);
    expect((await chat.say("tư vấn viên")).status).toBe(200);
    const conversation = await a.prisma.conversation.findFirstOrThrow({
      where: { contact: { pseudonym: a.service.pseudonymOf("webchat", chat.sessionId) }, status: "waiting" },
    });
    const counselor = await signIn(a.url, "an@example.org");
    expect((await counselor.claim(conversation.id)).status).toBe(200);
    return { chat, conversation, counselor };
  }

  it("when the balancer sends every request to the other instance in turn, then the web chat and its socket work, and counselor replies through either instance reach it", async () => {
    const balancer = await startLoadBalancer([a.url, b.url], "alternate");
    balancers.push(balancer);
    const { chat, conversation, counselor } = await waitingChat(balancer);
    for (const text of ["một", "hai", "ba"]) expect((await chat.say(text)).status).toBe(200);
    const history = (await chat.history()).body.messages as { from: string; text: string }[];
    expect(history.filter((m) => m.from === "user").map((m) => m.text)).toEqual(
      expect.arrayContaining(["tư vấn viên", "một", "hai", "ba"]),
    );

    const socket = webchatSocket(balancer.url, chat);
    sockets.push(socket);
    await connected(socket);
    expect(socket.io.engine.transport.name).toBe("websocket");

    // One reply through A, one through B: whichever instance holds the socket gets both.
    const onB = await signIn(b.url, "an@example.org");
    const first = nextMessage(socket, "Chào bạn, mình là An.");
    expect((await counselor.reply(conversation.id, "Chào bạn, mình là An.")).status).toBe(201);
    await expect(first).resolves.toMatchObject({ from: "counselor" });
    const second = nextMessage(socket, "Bạn đang ở đâu?");
    expect((await onB.reply(conversation.id, "Bạn đang ở đâu?")).status).toBe(201);
    await expect(second).resolves.toMatchObject({ from: "counselor" });
    expect(new Set(balancer.routed)).toEqual(new Set([0, 1]));
  });

  it("when websockets are blocked, then the widget's socket falls back to long polling (behind sticky sessions)", async () => {
    const blocking = await startLoadBalancer([a.url, b.url], "sticky", { websockets: false });
    balancers.push(blocking);
    const chat = await webchatSession(blocking.url);
    const socket = webchatSocket(blocking.url, chat);
    sockets.push(socket);
    await connected(socket);
    expect(socket.io.engine.transport.name).toBe("polling");
  });

  it("when the socket can only long-poll, then it fails without sticky sessions and works with them, with replies from the other instance", async () => {
    const alternate = await startLoadBalancer([a.url, b.url], "alternate");
    balancers.push(alternate);
    const lost = await webchatSession(alternate.url);
    const unsticky = webchatSocket(alternate.url, lost, true);
    sockets.push(unsticky);
    // The second request of the handshake reaches an instance that never saw the first.
    await expect(connected(unsticky)).rejects.toThrow();

    const sticky = await startLoadBalancer([b.url, a.url], "sticky"); // every request to B
    balancers.push(sticky);
    const { chat, conversation, counselor } = await waitingChat(sticky);
    const socket = webchatSocket(sticky.url, chat, true);
    sockets.push(socket);
    await connected(socket);
    expect(socket.io.engine.transport.name).toBe("polling");
    const reply = nextMessage(socket, "Mình nghe đây.");
    expect((await counselor.reply(conversation.id, "Mình nghe đây.")).status).toBe(201); // through A
    await expect(reply).resolves.toMatchObject({ from: "counselor" });
  });
});
