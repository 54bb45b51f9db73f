// The counselor console (served at /console). Everything that comes from users or the server is
// put into the page with textContent, never as HTML. Texts come from locales/<lng>/console.json.
import { io, type Socket } from "socket.io-client";
import { alertSound, el, type Texts, tr } from "./dom.js";

interface Counselor {
  id: string;
  name: string;
  alias: string;
  role: "counselor" | "supervisor" | "admin";
  available: boolean;
}
interface Risk {
  level: string;
  indicators: string[];
}
interface QueueItem {
  id: string;
  priority: string;
  channel: string;
  waitingSince: string;
  handle: string;
  locale: string;
  risk: Risk;
}
interface Held {
  id: string;
  priority: string | null;
  channel: string;
  handle: string;
  assignedTo: string | null;
  risk: Risk;
}
interface Message {
  id: string;
  from: string;
  text: string;
  at: string;
}
interface Detail {
  id: string;
  status: string;
  priority: string | null;
  channel: string;
  handle: string;
  assignedTo: string | null;
  risk: Risk;
  answers: Record<string, string | number | boolean>;
  screening?: { var: string; question: string; answer: string }[];
  transcript: Message[];
  notes: Array<{ id: string; text: string; at: string }>;
}

const LANG_KEY = "hotline.console.lang";

class ConsoleApp {
  private lang: "vi" | "en" = localStorage.getItem(LANG_KEY) === "en" ? "en" : "vi";
  private texts: Texts = {};
  private outcomes: Array<{ id: string; label: string }> = [];
  private csrf = "";
  private me: Counselor | undefined;
  private socket: Socket | undefined;
  private queue: QueueItem[] = [];
  private knownQueue = new Set<string>();
  private unseen = 0;
  private openId: string | undefined;
  private readonly root = document.getElementById("app")!;
  private readonly alertBox = el("div", "alert");
  private readonly queueList = el("ul", "list");
  private readonly mineList = el("ul", "list");
  private readonly chat = el("section", "panel chat");

  async boot(): Promise<void> {
    await this.loadTexts();
    const me = await this.request("GET", "/console/api/me");
    if (me.ok) {
      const body = (await me.json()) as { csrfToken: string; counselor: Counselor };
      this.signedIn(body.csrfToken, body.counselor);
    } else this.showLogin();
    this.root.removeAttribute("aria-busy");
  }

  private indicatorLabels: Record<string, string> = {};

  /** Risk indicators in the counselor's language (the id when no label exists). */
  private indicatorsText(ids: string[]): string {
    return ids.map((id) => this.indicatorLabels[id] ?? id).join(", ");
  }

  private t(key: string, params?: Record<string, string | number>): string {
    return tr(this.texts, key, params);
  }

  private async loadTexts(): Promise<void> {
    const res = await fetch(`/console/api/texts/${this.lang}`);
    const body = (await res.json()) as {
      texts: Texts;
      outcomes: Array<{ id: string; label: string }>;
      indicators?: Record<string, string>;
    };
    this.texts = body.texts;
    this.outcomes = body.outcomes;
    this.indicatorLabels = body.indicators ?? {};
    document.documentElement.lang = this.lang;
    this.updateTitle();
  }

  private request(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (method !== "GET") headers["x-csrf-token"] = this.csrf;
    return fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  }

  private showLogin(): void {
    const form = el("form", "login");
    const email = el("input");
    email.type = "email";
    email.required = true;
    email.autocomplete = "username";
    const password = el("input");
    password.type = "password";
    password.required = true;
    password.autocomplete = "current-password";
    const error = el("p", "error");
    error.setAttribute("role", "alert");
    const submit = el("button", "primary", this.t("login.submit"));
    submit.type = "submit";
    const emailLabel = el("label", undefined, this.t("login.email"));
    emailLabel.append(email);
    const passwordLabel = el("label", undefined, this.t("login.password"));
    passwordLabel.append(password);
    form.append(
      el("h1", undefined, this.t("login.heading")),
      emailLabel,
      passwordLabel,
      error,
      submit,
      this.languageButton(),
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      void (async () => {
        submit.disabled = true;
        const res = await this.request("POST", "/console/api/login", {
          email: email.value,
          password: password.value,
        });
        submit.disabled = false;
        if (!res.ok) {
          error.textContent = res.status === 429 ? this.t("login.limited") : this.t("login.failed");
          return;
        }
        const body = (await res.json()) as { csrfToken: string; counselor: Counselor };
        this.signedIn(body.csrfToken, body.counselor);
      })();
    });
    this.root.replaceChildren(form);
    email.focus();
  }

  private languageButton(): HTMLButtonElement {
    const button = el("button", undefined, this.t("language"));
    button.type = "button";
    button.addEventListener("click", () => {
      this.lang = this.lang === "vi" ? "en" : "vi";
      localStorage.setItem(LANG_KEY, this.lang);
      void this.loadTexts().then(() => (this.me ? this.renderShell() : this.showLogin()));
    });
    return button;
  }

  private signedIn(csrf: string, me: Counselor): void {
    this.csrf = csrf;
    this.me = me;
    this.renderShell();
    this.connect();
  }

  private renderShell(): void {
    const me = this.me!;
    const header = el("header");
    const availability = el("button", undefined, me.available ? this.t("available") : this.t("away"));
    availability.type = "button";
    availability.setAttribute("aria-pressed", String(me.available));
    availability.addEventListener("click", () => void this.setAvailable(!this.me!.available));
    const logout = el("button", undefined, this.t("logout"));
    logout.type = "button";
    logout.addEventListener("click", () => void this.logout());
    header.append(
      el("h1", undefined, this.t("title")),
      el("span", "who", `${me.alias} (${me.role})`),
      availability,
      this.languageButton(),
      logout,
    );
    this.alertBox.hidden = true;
    this.alertBox.setAttribute("role", "status");
    const side = el("section", "panel");
    side.append(
      el("h2", undefined, this.t("queue.heading")),
      this.queueList,
      el("h2", undefined, this.t("mine.heading")),
      this.mineList,
    );
    const main = el("main");
    main.append(side, this.chat);
    this.root.replaceChildren(header, this.alertBox, main);
    this.renderQueue();
    void this.refreshMine();
    if (this.openId) void this.openChat(this.openId);
    else this.chat.replaceChildren(el("p", undefined, this.t("chat.pick")));
    this.updateTitle();
  }

  private async setAvailable(available: boolean): Promise<void> {
    const res = await this.request("POST", "/console/api/availability", { available });
    if (!res.ok) return;
    this.me = ((await res.json()) as { counselor: Counselor }).counselor;
    this.renderShell();
  }

  private async logout(): Promise<void> {
    await this.request("POST", "/console/api/logout");
    this.socket?.disconnect();
    this.socket = undefined;
    this.me = undefined;
    this.openId = undefined;
    this.showLogin();
  }

  private connect(): void {
    if (this.socket) return;
    this.socket = io("/console", { transports: ["websocket", "polling"], withCredentials: true });
    this.socket.on("queue", (body: { conversations: QueueItem[] }) => this.onQueue(body.conversations));
    this.socket.on("message", (e: { conversationId: string; message: Message }) => {
      if (e.conversationId === this.openId) this.appendMessage(e.message);
    });
    this.socket.on("status", (e: { conversationId: string }) => {
      void this.refreshMine();
      if (e.conversationId === this.openId) void this.openChat(e.conversationId, false);
    });
    this.socket.on("notice", (e: { conversationId: string; kind: string }) => {
      if (e.kind === "user_stop" && e.conversationId === this.openId)
        this.showNotice(this.t("chat.user_stop"));
    });
    // Emitted by the privacy module when a user erases their data.
    this.socket.on("conversation:erased", (e: { conversationId: string }) => {
      if (e.conversationId === this.openId) this.showNotice(this.t("chat.erased"), true);
      void this.refreshMine();
      void this.request("GET", "/console/api/queue")
        .then((r) => (r.ok ? r.json() : undefined))
        .then((b?: { conversations: QueueItem[] }) => b && this.onQueue(b.conversations));
    });
  }

  private onQueue(items: QueueItem[]): void {
    // A chat new to this page (also those waiting at sign-in) rings once and counts in the badge.
    const fresh = items.filter((i) => !this.knownQueue.has(i.id));
    this.queue = items;
    for (const i of items) this.knownQueue.add(i.id);
    if (fresh.length > 0) {
      this.unseen += fresh.length;
      this.alertBox.textContent = this.t("queue.alert");
      this.alertBox.hidden = false;
      alertSound();
    }
    if (items.length === 0) this.clearAlert();
    this.renderQueue();
    this.updateTitle();
  }

  private clearAlert(): void {
    this.unseen = 0;
    this.alertBox.hidden = true;
    this.updateTitle();
  }

  private updateTitle(): void {
    const title = this.t("title") || "Trang tư vấn viên";
    document.title = this.unseen > 0 ? `(${this.unseen}) ${title}` : title;
  }

  private badges(item: { priority: string | null; channel: string; risk: Risk }): HTMLElement[] {
    const priority = item.priority ?? "normal";
    return [
      el("span", `badge ${priority}`, this.t(`priority.${priority}`)),
      el("span", "badge", this.t(`channel.${item.channel}`)),
      el("span", "badge", `${this.t("risk.label")}: ${this.t(`risk.${item.risk.level}`)}`),
    ];
  }

  private renderQueue(): void {
    if (this.queue.length === 0) {
      this.queueList.replaceChildren(el("li", undefined, this.t("queue.empty")));
      return;
    }
    const now = Date.now();
    this.queueList.replaceChildren(
      ...this.queue.map((item) => {
        const li = el("li");
        if (item.id === this.openId) li.classList.add("selected");
        const minutes = Math.max(0, Math.floor((now - Date.parse(item.waitingSince)) / 60_000));
        const open = el("button", "handle", item.handle);
        open.type = "button";
        open.addEventListener("click", () => void this.openChat(item.id));
        const claim = el("button", "primary", this.t("queue.claim"));
        claim.type = "button";
        claim.addEventListener("click", () => void this.claim(item.id));
        li.append(
          open,
          ...this.badges(item),
          el("span", "badge", this.t("queue.waited", { minutes })),
          claim,
        );
        if (item.risk.indicators.length)
          li.append(
            el(
              "span",
              "indicators",
              `${this.t("chat.indicators")}: ${this.indicatorsText(item.risk.indicators)}`,
            ),
          );
        return li;
      }),
    );
  }

  private async refreshMine(): Promise<void> {
    const res = await this.request("GET", "/console/api/conversations");
    if (!res.ok) return;
    const { conversations } = (await res.json()) as { conversations: Held[] };
    if (conversations.length === 0) {
      this.mineList.replaceChildren(el("li", undefined, this.t("mine.empty")));
      return;
    }
    this.mineList.replaceChildren(
      ...conversations.map((c) => {
        const li = el("li");
        if (c.id === this.openId) li.classList.add("selected");
        const open = el("button", "handle", c.handle);
        open.type = "button";
        open.addEventListener("click", () => void this.openChat(c.id));
        li.append(open, ...this.badges(c));
        return li;
      }),
    );
  }

  private async claim(id: string): Promise<void> {
    const res = await this.request("POST", `/console/api/conversations/${id}/claim`);
    this.clearAlert();
    if (res.status === 409) {
      const body = (await res.json()) as { error: { code: string; message: string } };
      await this.openChat(id);
      this.showNotice(body.error.code === "already_claimed" ? this.t("chat.taken") : body.error.message);
      return;
    }
    await this.refreshMine();
    await this.openChat(id);
  }

  private showNotice(text: string, replace = false): void {
    const notice = el("p", "notice", text);
    notice.setAttribute("role", "alert");
    if (replace) this.chat.replaceChildren(notice);
    else this.chat.prepend(notice);
  }

  private async openChat(id: string, audit = true): Promise<void> {
    if (!audit && this.openId !== id) return;
    const res = await this.request("GET", `/console/api/conversations/${id}?lang=${this.lang}`);
    if (!res.ok) {
      this.chat.replaceChildren(
        el("p", "notice", res.status === 404 ? this.t("chat.erased") : this.t("chat.error")),
      );
      return;
    }
    this.openId = id;
    this.renderChat((await res.json()) as Detail);
    this.renderQueue();
  }

  private transcript = el("div", "transcript");

  private appendMessage(m: Message): void {
    const bubble = el("div", `msg ${m.from}`);
    bubble.append(el("span", "from", this.t(`from.${m.from}`)), document.createTextNode(m.text));
    this.transcript.append(bubble);
    this.transcript.scrollTop = this.transcript.scrollHeight;
  }

  private renderChat(d: Detail): void {
    const mine = d.status === "active" && d.assignedTo === this.me?.id;
    const head = el("div", "row");
    head.append(
      el("h2", "handle", d.handle),
      el("span", "badge", this.t(`chat.status.${d.status}`)),
      ...this.badges(d),
    );
    const parts: HTMLElement[] = [head];
    if (d.risk.indicators.length)
      parts.push(
        el("p", "indicators", `${this.t("chat.indicators")}: ${this.indicatorsText(d.risk.indicators)}`),
      );

    parts.push(el("h2", undefined, this.t("chat.answers")));
    const answers: [string, string][] = d.screening
      ? d.screening.map((a) => [a.question, a.answer])
      : Object.entries(d.answers).map(([k, v]) => [k, String(v)]);
    if (answers.length === 0) parts.push(el("p", undefined, this.t("chat.no_answers")));
    else {
      const dl = el("dl", "answers");
      for (const [k, v] of answers) dl.append(el("dt", undefined, k), el("dd", undefined, v));
      parts.push(dl);
    }

    this.transcript = el("div", "transcript");
    this.transcript.setAttribute("role", "log");
    parts.push(this.transcript);

    if (d.status === "waiting") {
      const claim = el("button", "primary", this.t("queue.claim"));
      claim.type = "button";
      claim.addEventListener("click", () => void this.claim(d.id));
      parts.push(claim);
    }
    if (d.status === "closed") parts.push(el("p", undefined, this.t("chat.closed")));
    if (mine) parts.push(this.replyBox(d), this.actions(d));
    parts.push(this.notesBox(d));
    this.chat.replaceChildren(...parts);
    for (const m of d.transcript) this.appendMessage(m);
  }

  private replyBox(d: Detail): HTMLElement {
    const form = el("form");
    const text = el("textarea");
    text.placeholder = this.t("chat.reply_placeholder");
    text.setAttribute("aria-label", this.t("chat.reply"));
    text.maxLength = 4000;
    const canned = el("select");
    canned.setAttribute("aria-label", this.t("chat.canned"));
    canned.append(el("option", undefined, this.t("chat.canned")));
    const cannedTexts = (this.texts.canned ?? {}) as Record<string, string>;
    for (const [key, value] of Object.entries(cannedTexts)) {
      const option = el("option", undefined, value);
      option.value = key;
      canned.append(option);
    }
    canned.addEventListener("change", () => {
      const value = cannedTexts[canned.value];
      if (value) text.value = value;
      canned.selectedIndex = 0;
      text.focus();
    });
    const send = el("button", "primary", this.t("chat.send"));
    send.type = "submit";
    const row = el("div", "row");
    row.append(canned, send);
    form.append(text, row);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const value = text.value.trim();
      if (!value) return;
      void this.request("POST", `/console/api/conversations/${d.id}/messages`, { text: value }).then(
        (res) => {
          if (res.ok) text.value = "";
          else this.showNotice(this.t("chat.error"));
        },
      );
    });
    text.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
    return form;
  }

  private actions(d: Detail): HTMLElement {
    const row = el("div", "row");
    const target = el("select");
    target.setAttribute("aria-label", this.t("chat.transfer"));
    const queueOption = el("option", undefined, this.t("chat.transfer_queue"));
    queueOption.value = "";
    target.append(queueOption);
    void this.request("GET", "/console/api/counselors")
      .then((r) => r.json())
      .then((b: { counselors: Array<{ id: string; alias: string; available: boolean }> }) => {
        for (const c of b.counselors) {
          if (c.id === this.me?.id) continue;
          const option = el("option", undefined, `${c.alias}${c.available ? "" : ` (${this.t("away")})`}`);
          option.value = c.id;
          target.append(option);
        }
      });
    const transfer = el("button", undefined, this.t("chat.transfer"));
    transfer.type = "button";
    transfer.addEventListener("click", () => {
      void this.request(
        "POST",
        `/console/api/conversations/${d.id}/transfer`,
        target.value ? { counselorId: target.value } : {},
      ).then(async (res) => {
        if (!res.ok)
          return this.showNotice(((await res.json()) as { error: { message: string } }).error.message);
        await this.refreshMine();
        await this.openChat(d.id, false);
      });
    });
    const outcome = el("select");
    outcome.setAttribute("aria-label", this.t("chat.outcome"));
    for (const o of this.outcomes) {
      const option = el("option", undefined, o.label);
      option.value = o.id;
      outcome.append(option);
    }
    const close = el("button", "primary", this.t("chat.close"));
    close.type = "button";
    close.addEventListener("click", () => {
      void this.request("POST", `/console/api/conversations/${d.id}/close`, { outcome: outcome.value }).then(
        async (res) => {
          if (!res.ok) return this.showNotice(this.t("chat.error"));
          await this.refreshMine();
          await this.openChat(d.id, false);
        },
      );
    });
    row.append(target, transfer, outcome, close);
    return row;
  }

  private notesBox(d: Detail): HTMLElement {
    const box = el("div");
    const list = el("ul", "list notes");
    for (const n of d.notes) list.append(el("li", undefined, n.text));
    const form = el("form", "row");
    const input = el("input");
    input.placeholder = this.t("chat.note_placeholder");
    input.setAttribute("aria-label", this.t("chat.notes"));
    input.maxLength = 4000;
    const add = el("button", undefined, this.t("chat.add_note"));
    add.type = "submit";
    form.append(input, add);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      void this.request("POST", `/console/api/conversations/${d.id}/notes`, { text }).then((res) => {
        if (!res.ok) return;
        list.append(el("li", undefined, text));
        input.value = "";
      });
    });
    box.append(el("h2", undefined, this.t("chat.notes")), list, form);
    return box;
  }
}

void new ConsoleApp().boot();
