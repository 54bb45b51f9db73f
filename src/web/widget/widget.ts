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

/** A message waiting to reach the server: sent once, in order, when the connection allows. */
interface Outgoing {
  body: Record<string, string>;
  bubble: HTMLElement;
  /** The text shown in the bubble (a pressed button's label), as the history will list it. */
  shown: string;
}

/** Above this many characters a counter shows how close the text is to the limit. */
const COUNTER_FROM = 3500;
/** The person's typing is signalled at most this often (ms); the server throttles too. */
const TYPING_EVERY_MS = 2_000;
/** "The counselor is typing…" goes away this long after the last signal (ms). */
const TYPING_SHOWN_MS = 6_000;

class ChatWidget {
  private session: Session | undefined = loadSession();
  private locale: WidgetLocale = this.session?.locale ?? requestedLocale;
  private texts: (typeof WIDGET_TEXTS)[WidgetLocale] = WIDGET_TEXTS[this.locale];
  private readonly outbox: Outgoing[] = [];
  private flushing = false;
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
  private readonly counter = el("div", "counter");
  private readonly title = el("h2", "title", this.texts.title);
  private readonly exit = el("button", "exit", this.texts.exit);
  private readonly closeButton = el("button", "close", "×");
  private readonly language = el("button", "language");
  private readonly note = el("div", "note", this.texts.privacy);
  private readonly typing = el("div", "typing");
  private typingTimer: number | undefined;
  private lastTypingSignal = 0;

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
    this.launcher.type = "button";
    this.launcher.setAttribute("aria-haspopup", "dialog");
    this.launcher.addEventListener("click", () => this.open());

    this.panel.hidden = true;
    this.panel.setAttribute("role", "dialog");
    const header = el("div", "header");
    this.exit.type = "button";
    this.exit.addEventListener("click", () => this.quickExit());
    this.closeButton.type = "button";
    this.closeButton.addEventListener("click", () => this.close());
    this.language.type = "button";
    this.language.addEventListener("click", () => void this.switchLanguage());
    header.append(this.title, this.language, this.exit, this.closeButton);

    this.log.setAttribute("role", "log");
    this.log.setAttribute("aria-live", "polite");
    this.status.setAttribute("aria-live", "polite");

    const composer = el("form", "composer");
    this.input.rows = 1;
    // No maxLength: a pasted text is never cut silently; the counter and a clear message say why it cannot go.
    this.input.addEventListener("input", () => {
      this.updateCounter();
      this.signalTyping();
    });
    this.counter.id = "hotline-counter";
    this.counter.setAttribute("aria-live", "polite");
    this.input.setAttribute("aria-describedby", "hotline-counter");
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
    this.typing.hidden = true;
    this.typing.setAttribute("role", "status");
    this.panel.append(header, this.log, this.typing, this.status, this.counter, composer, this.note);
    this.root.append(this.launcher, this.panel);
    this.applyTexts();
  }

  /** Writes every piece of the widget's own text in the current language. */
  private applyTexts(): void {
    const t = this.texts;
    this.launcher.textContent = t.launcher;
    this.panel.setAttribute("aria-label", t.title);
    this.title.textContent = t.title;
    this.exit.textContent = t.exit;
    this.exit.title = t.exitHint;
    this.exit.setAttribute("aria-label", t.exitHint);
    this.closeButton.setAttribute("aria-label", t.close);
    this.language.textContent = t.otherLanguage;
    this.language.lang = this.locale === "vi" ? "en" : "vi";
    this.language.setAttribute("aria-label", t.switchLanguage);
    this.input.placeholder = t.placeholder;
    this.input.setAttribute("aria-label", t.placeholder);
    this.sendButton.textContent = t.send;
    this.typing.textContent = t.counselorTyping;
    this.note.textContent = t.privacy;
    this.root.host.setAttribute("lang", this.locale);
    for (const retry of this.log.querySelectorAll<HTMLButtonElement>(".retry")) retry.textContent = t.retry;
    this.updateCounter();
  }

  /** Switches the widget and the bot to the other language. */
  private async switchLanguage(): Promise<void> {
    this.locale = this.locale === "vi" ? "en" : "vi";
    this.texts = WIDGET_TEXTS[this.locale];
    this.applyTexts();
    if (this.session) {
      this.session.locale = this.locale;
      saveSession(this.session);
    }
    // The bot answers in the new language and shows the pending question again.
    await this.post(
      { choice: this.locale === "en" ? "g_en" : "g_vi", clientMessageId: crypto.randomUUID() },
      this.texts.languageName,
    );
  }

  private updateCounter(): void {
    const length = this.input.value.length;
    const over = length > MAX_TEXT;
    this.counter.hidden = length < COUNTER_FROM;
    this.counter.classList.toggle("over", over);
    this.counter.textContent = over
      ? this.texts.tooLongBy.replace("{{count}}", String(length - MAX_TEXT))
      : this.texts.counter.replace("{{count}}", String(length)).replace("{{max}}", String(MAX_TEXT));
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
      const res = await this.request("POST", "/webchat/api/sessions", { locale: this.locale });
      if (!res.ok) {
        this.status.textContent = this.texts.error;
        return;
      }
      const body = (await res.json()) as { sessionId: string; token: string };
      this.session = { ...body, lastId: "0", locale: this.locale };
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
      // A websocket stays on the instance it reached (no sticky sessions needed); long
      // polling is tried only when websockets are blocked, and needs them (docs/deploy.md).
      transports: ["websocket", "polling"],
      tryAllTransports: true,
    });
    this.socket.on("message", (m: Message) => this.show(m));
    this.socket.on("typing", () => this.showTyping());
    this.socket.on("connect", () => {
      this.status.textContent = "";
      void this.catchUp();
      // Messages written while offline go now, once, in order.
      void this.flush();
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
      // Nothing is cut: the text stays in the box and the person is told how much to shorten it.
      this.status.textContent = this.texts.tooLong;
      this.updateCounter();
      return;
    }
    this.input.value = "";
    this.updateCounter();
    await this.post({ text, clientMessageId: crypto.randomUUID() }, text);
  }

  private async press(button: Button, group: HTMLElement): Promise<void> {
    for (const b of group.querySelectorAll("button")) b.disabled = true;
    await this.post({ choice: button.value, clientMessageId: crypto.randomUUID() }, button.label);
  }

  /** Shows the person's message at once and sends it; one at a time, in order (see `flush`). */
  private async post(body: Record<string, string>, shownText: string): Promise<void> {
    if (!this.session) await this.ensureSession();
    if (!this.session) return;
    const bubble = this.bubble({ id: "", from: "user", text: shownText, at: new Date().toISOString() });
    this.outbox.push({ body, bubble, shown: shownText });
    await this.flush();
  }

  /**
   * Sends waiting messages in order. A message that cannot go now (offline, server error) stays
   * marked "not sent" with a retry button, and the ones after it wait; the same client id makes a
   * retry arrive once. A message the server refuses (too long, bad) is removed with a clear reason.
   */
  private async flush(): Promise<void> {
    if (this.flushing || !this.session) return;
    this.flushing = true;
    try {
      while (this.outbox.length > 0 && this.session) {
        const item = this.outbox[0]!;
        const res = await this.request(
          "POST",
          `/webchat/api/sessions/${this.session.sessionId}/messages`,
          item.body,
        ).catch(() => undefined);
        if (!res || res.status >= 500 || res.status === 429) {
          this.markUnsent(item);
          return;
        }
        this.outbox.shift();
        item.bubble.classList.remove("unsent");
        item.bubble.querySelector(".retry")?.remove();
        if (!res.ok) {
          item.bubble.remove();
          if (res.status === 401) this.forget();
          this.status.textContent = res.status === 413 ? this.texts.tooLong : this.texts.error;
          if ("text" in item.body && item.body.text && !this.input.value) this.input.value = item.body.text;
          continue;
        }
        this.status.textContent = "";
        const { messages, messageId } = (await res.json()) as { messages: Message[]; messageId?: string };
        // The person's own message, as the history will list it: never shown a second time.
        if (messageId) {
          this.seen.add(messageId);
          item.bubble.dataset.id = messageId;
        }
        // Unstored ("ephemeral-") replies mean the person had their data erased: leave no trace
        // on this device either, only the last words.
        if (messages.some((m) => m.id.startsWith("ephemeral-"))) {
          this.forget();
          this.log.replaceChildren();
          this.seen.clear();
        }
        for (const m of messages) this.show(m);
      }
    } finally {
      this.flushing = false;
    }
  }

  private markUnsent(item: Outgoing): void {
    this.status.textContent = this.texts.notSent;
    item.bubble.classList.add("unsent");
    if (item.bubble.querySelector(".retry")) return;
    const retry = el("button", "retry", this.texts.retry);
    retry.type = "button";
    retry.addEventListener("click", () => void this.flush());
    item.bubble.append(retry);
  }

  /** Tells the server the person is typing (only the signal, never the text), now and then. */
  private signalTyping(): void {
    const now = Date.now();
    if (
      !this.socket?.connected ||
      this.input.value.trim() === "" ||
      now - this.lastTypingSignal < TYPING_EVERY_MS
    )
      return;
    this.lastTypingSignal = now;
    this.socket.emit("typing");
  }

  /** "The counselor is typing…" until their message arrives or the signals stop. */
  private showTyping(): void {
    this.typing.hidden = false;
    window.clearTimeout(this.typingTimer);
    this.typingTimer = window.setTimeout(() => this.hideTyping(), TYPING_SHOWN_MS);
  }

  private hideTyping(): void {
    this.typing.hidden = true;
    window.clearTimeout(this.typingTimer);
  }

  private show(m: Message): void {
    if (this.seen.has(m.id)) return;
    this.seen.add(m.id);
    if (m.from === "counselor") this.hideTyping();
    // An answered question's buttons stay disabled (also when the history is shown again after a
    // reload), and once a counselor writes, old bot buttons would reach them as text: disable them.
    // Only questions asked before this message: a history fetch that ends after a newer
    // question arrived must not grey out that question's buttons.
    if (m.from === "user" || m.from === "counselor") this.disableChoices(m.id);
    if (this.session && Number(m.id) > Number(this.session.lastId)) {
      this.session.lastId = m.id;
      saveSession(this.session);
    }
    // A history fetch can list the person's message while its own request is still under way:
    // it is the bubble already shown, not a new one.
    const sending = this.flushing ? this.outbox[0] : undefined;
    if (m.from === "user" && sending && !sending.bubble.dataset.id && sending.shown === m.text) {
      sending.bubble.dataset.id = m.id;
      return;
    }
    this.bubble(m);
  }

  /** Disables the buttons of questions older than message `before` (all of them without it). */
  private disableChoices(before?: string): void {
    for (const group of this.log.querySelectorAll<HTMLElement>(".choices")) {
      if (before !== undefined && Number(group.dataset.id) > Number(before)) continue;
      for (const old of group.querySelectorAll("button")) old.disabled = true;
    }
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
      this.disableChoices(m.id);
      const group = el("div", "choices");
      group.dataset.id = m.id;
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
