// Loopback fakes of Zalo's HTTP APIs for component tests: the OA API (/v3.0/oa/message/cs),
// the OAuth endpoint (/v4/oa/access_token) and the Bot Platform (/bot<token>/<method>).
// They behave like the real services as CONTENT.md describes them: errors as HTTP 200 with a
// non-zero `error`, single-use refresh tokens, one update per getUpdates call.
import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** JSON or form body, parsed. */
  body: Record<string, any>;
}

export interface FakeZaloOptions {
  appId?: string;
  appSecret?: string;
  accessToken?: string;
  refreshToken?: string;
  botToken?: string;
}

type Waiter = {
  predicate: (r: RecordedRequest) => boolean;
  count: number;
  resolve: (rs: RecordedRequest[]) => void;
};

/** A fake of Zalo on 127.0.0.1, port 0. Start with `FakeZalo.start()`, end with `close()`. */
export class FakeZalo {
  readonly requests: RecordedRequest[] = [];
  url = "";
  readonly appId: string;
  readonly appSecret: string;
  readonly botToken: string;
  /** The access token the OA API accepts now; anything else gets -216. */
  accessToken: string;
  /** The one refresh token the OAuth endpoint accepts now (single use). */
  refreshToken: string;
  /** Errors for the next OA sends, in order: `{error, message}` answered with HTTP 200. */
  readonly oaSendErrors: Array<{ error: number; message: string }> = [];
  /** When set, OA sends are recorded at once but answered only after this promise resolves. */
  oaGate: Promise<void> | undefined;
  /** When set, token refreshes are recorded at once but answered only after this promise resolves. */
  oauthGate: Promise<void> | undefined;
  /** When set, every token refresh is refused with this body. */
  refreshFailure: Record<string, unknown> | undefined;
  /** Answers for the next getUpdates calls before real updates: "408" (error_code) or "http408" (status). */
  readonly getUpdatesScript: Array<"408" | "http408"> = [];
  private readonly updates: unknown[] = [];
  private heldPoll: ServerResponse | undefined;
  private issued = 0;
  private sent = 0;
  private readonly waiters: Waiter[] = [];
  private readonly server = createServer((req, res) => {
    void this.handle(req, res);
  });

  private constructor(options: FakeZaloOptions) {
    this.appId = options.appId ?? "app-123";
    this.appSecret = options.appSecret ?? "app-secret";
    this.accessToken = options.accessToken ?? "AT-0";
    this.refreshToken = options.refreshToken ?? "RT-0";
    this.botToken = options.botToken ?? "1234:bot-token";
  }

  static async start(options: FakeZaloOptions = {}): Promise<FakeZalo> {
    const fake = new FakeZalo(options);
    await new Promise<void>((resolve) => fake.server.listen(0, "127.0.0.1", resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  async close(): Promise<void> {
    this.heldPoll?.writeHead(408).end(JSON.stringify({ ok: false, error_code: 408, description: "closed" }));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Requests to a path, in order (e.g. "/v3.0/oa/message/cs", "sendMessage"). */
  requestsTo(pathEnd: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith(pathEnd));
  }

  /** Resolves with the matching requests once `count` of them have arrived (earlier ones count). */
  waitFor(
    pathEnd: string,
    count = 1,
    predicate: (r: RecordedRequest) => boolean = () => true,
  ): Promise<RecordedRequest[]> {
    const matches = (r: RecordedRequest) => r.path.endsWith(pathEnd) && predicate(r);
    const found = this.requests.filter(matches);
    if (found.length >= count) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ predicate: matches, count, resolve }));
  }

  /** Queues a Bot Platform update for the next getUpdates call (answers a held call at once). */
  pushUpdate(update: unknown): void {
    if (this.heldPoll) {
      const res = this.heldPoll;
      this.heldPoll = undefined;
      json(res, 200, { ok: true, result: update });
      return;
    }
    this.updates.push(update);
  }

  private record(request: RecordedRequest): void {
    this.requests.push(request);
    for (const waiter of [...this.waiters]) {
      const found = this.requests.filter(waiter.predicate);
      if (found.length >= waiter.count) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(found);
      }
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const path = (req.url ?? "/").split("?")[0]!;
    const isForm = (req.headers["content-type"] ?? "").includes("x-www-form-urlencoded");
    let body: Record<string, any> = {};
    try {
      body = isForm ? Object.fromEntries(new URLSearchParams(raw)) : raw ? JSON.parse(raw) : {};
    } catch {
      body = { unparsable: raw };
    }
    const request = { path, headers: req.headers, body };
    if (path === "/v3.0/oa/message/cs") {
      if (this.oaGate) {
        this.record(request);
        await this.oaGate;
        return this.oaSend(request, res, false);
      }
      return this.oaSend(request, res);
    }
    if (path === "/v4/oa/access_token") {
      if (this.oauthGate) {
        this.record(request);
        await this.oauthGate;
        return this.oauth(request, res, false);
      }
      return this.oauth(request, res);
    }
    const bot = /^\/bot(.+)\/([A-Za-z]+)$/.exec(path);
    if (bot) return this.botMethod(bot[1]!, bot[2]!, request, res);
    this.record(request);
    json(res, 404, { error: "no such path in the fake" });
  }

  private oaSend(request: RecordedRequest, res: ServerResponse, record = true) {
    if (record) this.record(request);
    if (request.headers.access_token !== this.accessToken) {
      return json(res, 200, { error: -216, message: "Access token is invalid" });
    }
    const planned = this.oaSendErrors.shift();
    if (planned) return json(res, 200, planned);
    this.sent += 1;
    json(res, 200, { error: 0, message: "Success", data: { message_id: `oa-out-${this.sent}` } });
  }

  private oauth(request: RecordedRequest, res: ServerResponse, record = true) {
    if (record) this.record(request);
    const { body, headers } = request;
    if (this.refreshFailure) return json(res, 200, this.refreshFailure);
    if (
      headers.secret_key !== this.appSecret ||
      body.app_id !== this.appId ||
      body.grant_type !== "refresh_token" ||
      body.refresh_token !== this.refreshToken
    ) {
      return json(res, 200, {
        error: -14014,
        error_name: "Invalid refresh token",
        error_description: "refused by fake",
      });
    }
    this.issued += 1;
    this.accessToken = `AT-${this.issued}`;
    this.refreshToken = `RT-${this.issued}`;
    json(res, 200, { access_token: this.accessToken, refresh_token: this.refreshToken, expires_in: "90000" });
  }

  private botMethod(token: string, method: string, request: RecordedRequest, res: ServerResponse) {
    this.record({ ...request, path: method });
    if (token !== this.botToken)
      return json(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    switch (method) {
      case "getMe":
        return json(res, 200, { ok: true, result: { id: "bot-1", account_name: "bot.fake" } });
      case "setWebhook":
      case "deleteWebhook":
        return json(res, 200, { ok: true, result: { url: request.body.url ?? "" } });
      case "sendChatAction":
        return json(res, 200, { ok: true, result: true });
      case "sendMessage":
        this.sent += 1;
        return json(res, 200, { ok: true, result: { message_id: `bot-out-${this.sent}`, date: Date.now() } });
      case "getUpdates": {
        const scripted = this.getUpdatesScript.shift();
        if (scripted === "408")
          return json(res, 200, { ok: false, error_code: 408, description: "Request timeout" });
        if (scripted === "http408")
          return json(res, 408, { ok: false, error_code: 408, description: "Request timeout" });
        const next = this.updates.shift();
        if (next !== undefined) return json(res, 200, { ok: true, result: next });
        // Long poll: held until an update is pushed or the fake closes. A second poller gets
        // the first one refused (409); a poller that went away gets nothing more.
        this.heldPoll?.writeHead(409).end();
        this.heldPoll = res;
        res.on("close", () => {
          if (this.heldPoll === res) this.heldPoll = undefined;
        });
        return;
      }
      default:
        return json(res, 404, { ok: false, error_code: 404, description: `no method ${method} in the fake` });
    }
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/**
 * Signs an OA webhook body the way Zalo does (independently of the code under test):
 * `mac=` + sha256 hex of app id + raw body + timestamp + OA secret key.
 */
export function signOaBody(rawBody: string, appId: string, timestamp: string, oaSecretKey: string): string {
  return `mac=${createHash("sha256").update(`${appId}${rawBody}${timestamp}${oaSecretKey}`, "utf8").digest("hex")}`;
}

/** A `user_send_text` event as the OA webhook sends it. */
export function oaTextEvent(params: {
  appId: string;
  userId: string;
  msgId: string;
  text: string;
  timestamp?: string;
}) {
  return {
    app_id: params.appId,
    user_id_by_app: `app-${params.userId}`,
    event_name: "user_send_text",
    timestamp: params.timestamp ?? String(Date.now()),
    sender: { id: params.userId },
    recipient: { id: "oa-1" },
    message: { text: params.text, msg_id: params.msgId },
  };
}

/** A Bot Platform text update (with a display name, which must never be stored). */
export function botTextUpdate(params: { chatId: string; messageId: string; text: string }) {
  return {
    event_name: "message.text.received",
    message: {
      message_id: params.messageId,
      from: { id: params.chatId, display_name: "Nguyễn Thị Lan", is_bot: false },
      chat: { id: params.chatId, chat_type: "PRIVATE" },
      date: Date.now(),
      text: params.text,
    },
  };
}
