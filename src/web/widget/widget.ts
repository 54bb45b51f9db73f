// The embeddable anonymous web chat: <script src="https://<server>/widget.js" data-locale="vi" async></script>
// Text from the server is always inserted with textContent, never as HTML.
import { io, type Socket } from "socket.io-client";
import { el } from "../shared/el.js";
import { linkify } from "./linkify.js";
import { WIDGET_CSS } from "./styles.js";
import { WIDGET_TEXTS, type WidgetLocale } from "./texts.js";

interface Button {
  label: string;
  value: string;
  /** A number to dial: shown as a tap-to-call link instead of a button that sends `value`. */
  phone?: string;
}
interface Message {
  id: string;
  from: "bot" | "counselor" | "system" | "user";
  text: string;
  buttons?: Button[];
  at: string;
}
interface Session {
  sessionId: string;
  token: string;
  lastId: string;
  locale: WidgetLocale;
}

const STORAGE_KEY = "hotline.chat";
const MAX_TEXT = 4000;

const script = document.currentScript as HTMLScriptElement | null;
const origin = script?.src ? new URL(script.src).origin : window.location.origin;
const pageLang = new URLSearchParams(window.location.search).get("lang");
const requestedLocale: WidgetLocale = (pageLang ?? script?.dataset.locale) === "en" ? "en" : "vi";
const openAtStart = script?.dataset.open === "true";

function loadSession(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  } catch {
    return undefined;
  }
}

function saveSession(s: Session): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(s));
  } catch {
    // storage may be disabled: the chat still works for this page view
  }
}

class ChatWidget {
  private session: Session | undefined = loadSession();
  private readonly texts = WIDGET_TEXTS[this.session?.locale ?? requestedLocale];
  private readonly seen = new Set<string>();
  private socket: Socket | undefined;
  private exitUrl = "https://www.google.com/";
  private lastEscape = 0;
  private readonly root: ShadowRoot;
  private readonly launcher = el("button", "launcher", this.texts.launcher);
  private readonly panel = el("section", "panel");
  private readonly log = el("div", "log");
  private readonly status = el("div", "status");
  private readonly input = el("textarea");
  private readonly sendButton = el("button", "send", this.texts.send);

  constructor() {
    const host = el("div");
    host.id = "hotline-chat";
    document.body.appendChild(host);
    this.root = host.attachShadow({ mode: "open" });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(WIDGET_CSS);
    this.root.adoptedStyleSheets = [sheet];
    this.build();
    void this.loadConfig();
    document.addEventListener("keydown", (e) => this.onGlobalKey(e));
    if (openAtStart || this.session) this.open();
  }

  private build(): void {
    const t = this.texts;
    this.launcher.type = "button";
    this.launcher.setAttribute("aria-haspopup", "dialog");
    this.launcher.addEventListener("click", () => this.open());

    this.panel.hidden = true;
    this.panel.setAttribute("role", "dialog");
    this.panel.setAttribute("aria-label", t.title);
    const header = el("div", "header");
    const title = el("h2", "title", t.title);
    const exit = el("button", "exit", t.exit);
    exit.type = "button";
    exit.title = t.exitHint;
    exit.setAttribute("aria-label", t.exitHint);
    exit.addEventListener("click", () => this.quickExit());
    const close = el("button", "close", "×");
    close.type = "button";
    close.setAttribute("aria-label", t.close);
    close.addEventListener("click", () => this.close());
    header.append(title, exit, close);

    this.log.setAttribute("role", "log");
    this.log.setAttribute("aria-live", "polite");
    this.status.setAttribute("aria-live", "polite");

    const composer = el("form", "composer");
    this.input.rows = 1;
    this.input.maxLength = MAX_TEXT;
    this.input.placeholder = t.placeholder;
    this.input.setAttribute("aria-label", t.placeholder);
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey) {
        e.preventDefault();
        composer.requestSubmit();
      }
    });
    this.sendButton.type = "submit";
    composer.append(this.input, this.sendButton);
    composer.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.sendText();
    });
    const note = el("div", "note", t.privacy);
    this.panel.append(header, this.log, this.status, composer, note);
    this.root.append(this.launcher, this.panel);
  }

  private async loadConfig(): Promise<void> {
    try {
      const res = await fetch(`${origin}/webchat/api/config`, { credentials: "omit" });
      if (res.ok) this.exitUrl = ((await res.json()) as { quickExitUrl: string }).quickExitUrl;
    } catch {
      // keep the default exit page
    }
  }

  private onGlobalKey(e: KeyboardEvent): void {
    if (e.key !== "Escape") return;
    const now = Date.now();
    if (now - this.lastEscape < 800) this.quickExit();
    this.lastEscape = now;
  }

  /** Leaves at once: forget the session and replace this page in history with a neutral site. */
  quickExit(): void {
    try {
      sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      // nothing stored
    }
    this.socket?.disconnect();
    this.log.replaceChildren();
    window.location.replace(this.exitUrl);
  }

  private open(): void {
    this.launcher.hidden = true;
    this.panel.hidden = false;
    void this.ensureSession().then(() => this.input.focus());
  }

  private close(): void {
    this.panel.hidden = true;
    this.launcher.hidden = false;
    this.launcher.focus();
  }

  private async ensureSession(): Promise<void> {
    if (!this.session) {
      const res = await this.request("POST", "/webchat/api/sessions", { locale: requestedLocale });
      if (!res.ok) {
        this.status.textContent = this.texts.error;
        return;
      }
      const body = (await res.json()) as { sessionId: string; token: string };
      this.session = { ...body, lastId: "0", locale: requestedLocale };
      saveSession(this.session);
    }
    // A new page view shows the whole conversation; reconnects fetch only what was missed.
    await this.catchUp(this.seen.size === 0 ? "0" : this.session.lastId);
    this.connect();
  }

  private connect(): void {
    if (this.socket || !this.session) return;
    const { sessionId, token } = this.session;
    this.socket = io(`${origin}/webchat`, {
      auth: { sessionId, token },
      transports: ["websocket", "polling"],
    });
    this.socket.on("message", (m: Message) => this.show(m));
    this.socket.on("connect", () => {
      this.status.textContent = "";
      void this.catchUp();
    });
    this.socket.on("disconnect", () => {
      this.status.textContent = this.texts.offline;
    });
    this.socket.on("connect_error", (err: Error) => {
      if (err.message === "unauthorized") this.forget();
      else this.status.textContent = this.texts.offline;
    });
  }

  /** The server no longer knows this session (erased or expired): start afresh next time. */
  private forget(): void {
    this.socket?.disconnect();
    this.socket = undefined;
    this.session = undefined;
    try {
      sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      // nothing stored
    }
  }

  private async catchUp(after = this.session?.lastId ?? "0"): Promise<void> {
    if (!this.session) return;
    const res = await this.request(
      "GET",
      `/webchat/api/sessions/${this.session.sessionId}/messages?after=${after}`,
    );
    if (res.status === 401) return this.forget();
    if (!res.ok) return;
    const body = (await res.json()) as { messages: Message[] };
    for (const m of body.messages) this.show(m);
  }

  private request(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (this.session) headers.authorization = `Bearer ${this.session.token}`;
    return fetch(`${origin}${path}`, {
      method,
      headers,
      credentials: "omit",
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  }

  private async sendText(): Promise<void> {
    const text = this.input.value.trim();
    if (!text) return;
    if (text.length > MAX_TEXT) {
      this.status.textContent = this.texts.tooLong;
      return;
    }
    this.input.value = "";
    await this.post({ text, clientMessageId: crypto.randomUUID() }, text);
  }

  private async press(button: Button, group: HTMLElement): Promise<void> {
    for (const b of group.querySelectorAll("button")) b.disabled = true;
    await this.post({ choice: button.value, clientMessageId: crypto.randomUUID() }, button.label);
  }

  private async post(body: Record<string, string>, shownText: string): Promise<void> {
    if (!this.session) await this.ensureSession();
    if (!this.session) return;
    const pending = this.bubble({ id: "", from: "user", text: shownText, at: new Date().toISOString() });
    const res = await this.request(
      "POST",
      `/webchat/api/sessions/${this.session.sessionId}/messages`,
      body,
    ).catch(() => undefined);
    if (!res?.ok) {
      pending.remove();
      if (res?.status === 401) this.forget();
      this.status.textContent = res?.status === 413 ? this.texts.tooLong : this.texts.error;
      if ("text" in body && body.text) this.input.value = body.text;
      return;
    }
    this.status.textContent = "";
    const { messages } = (await res.json()) as { messages: Message[] };
    // Unstored ("ephemeral-") replies mean the person had their data erased: leave no trace
    // on this device either, only the last words.
    if (messages.some((m) => m.id.startsWith("ephemeral-"))) {
      this.forget();
      this.log.replaceChildren();
      this.seen.clear();
    }
    for (const m of messages) this.show(m);
  }

  private show(m: Message): void {
    if (this.seen.has(m.id)) return;
    this.seen.add(m.id);
    if (this.session && Number(m.id) > Number(this.session.lastId)) {
      this.session.lastId = m.id;
      saveSession(this.session);
    }
    this.bubble(m);
  }

  private bubble(m: Message): HTMLElement {
    const wrap = el("div", `msg ${m.from}`);
    if (m.from === "counselor") wrap.append(el("span", "who", this.texts.counselor));
    // Numbers become tap-to-call links and addresses links; the text itself is never HTML.
    for (const part of linkify(m.text)) {
      if (part.kind === "text") wrap.append(document.createTextNode(part.text));
      else {
        const link = el("a", part.kind, part.text);
        link.href = part.href;
        if (part.kind === "url") {
          link.target = "_blank";
          link.rel = "noopener noreferrer";
        }
        wrap.append(link);
      }
    }
    this.log.append(wrap);
    if (m.buttons?.length) {
      for (const old of this.log.querySelectorAll(".choices button"))
        (old as HTMLButtonElement).disabled = true;
      const group = el("div", "choices");
      group.setAttribute("role", "group");
      for (const b of m.buttons) {
        if (b.phone) {
          // A call button dials on the phone; nothing is sent to the chat.
          const call = el("a", "choice call", b.label);
          call.href = `tel:${b.phone.replace(/[^\d+]/g, "")}`;
          group.append(call);
          continue;
        }
        const button = el("button", "choice", b.label);
        button.type = "button";
        button.addEventListener("click", () => void this.press(b, group));
        group.append(button);
      }
      this.log.append(group);
    }
    this.log.scrollTop = this.log.scrollHeight;
    return wrap;
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => new ChatWidget());
else new ChatWidget();
