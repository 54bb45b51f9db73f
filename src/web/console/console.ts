// The counselor console (served at /console): state, the /console socket and the page shell.
// Views live beside this file (loginView, listsView, chatView); the HTTP calls in api.ts.
// Everything that comes from users or the server is put into the page with textContent, never
// as HTML. Texts come from locales/<lng>/console.json.
import { io, type Socket } from "socket.io-client";
import type {
  HeldConversation,
  MessageEventDto,
  NoticeEventDto,
  PublicCounselor,
  QueueEntry,
  SessionDto,
  StatusEventDto,
} from "../../shared/consoleDto.js";
import { ConsoleApi } from "./api.js";
import { ChatView } from "./chatView.js";
import { button, type ViewContext } from "./context.js";
import { alertSound, el, type Texts, tr } from "./dom.js";
import { renderHeld, renderQueue } from "./listsView.js";
import { renderLogin } from "./loginView.js";

export { registerChatSection } from "./chatView.js";

const LANG_KEY = "hotline.console.lang";

class ConsoleApp {
  private readonly api = new ConsoleApi();
  private lang: "vi" | "en" = localStorage.getItem(LANG_KEY) === "en" ? "en" : "vi";
  private texts: Texts = {};
  private outcomes: Array<{ id: string; label: string }> = [];
  private indicatorLabels: Record<string, string> = {};
  private me: PublicCounselor | undefined;
  private socket: Socket | undefined;
  private queue: QueueEntry[] = [];
  private held: HeldConversation[] = [];
  private knownQueue = new Set<string>();
  private unseen = 0;
  private openId: string | undefined;
  private readonly root = document.getElementById("app")!;
  private readonly alertBox = el("div", "alert");
  private readonly queueList = el("ul", "list");
  private readonly mineList = el("ul", "list");
  private readonly chat = new ChatView(() => this.ctx(), {
    claim: (id) => void this.claim(id),
    changed: async (id) => {
      await this.refreshHeld();
      await this.openChat(id, false);
    },
  });

  async boot(): Promise<void> {
    await this.loadTexts();
    const me = await this.api.me();
    if (me.ok) this.signedIn(me.value);
    else this.showLogin();
    this.root.removeAttribute("aria-busy");
  }

  private t(key: string, params?: Record<string, string | number>): string {
    return tr(this.texts, key, params);
  }

  private ctx(): ViewContext {
    return {
      api: this.api,
      lang: this.lang,
      texts: this.texts,
      outcomes: this.outcomes,
      t: (key, params) => this.t(key, params),
      indicatorsText: (ids) => ids.map((id) => this.indicatorLabels[id] ?? id).join(", "),
      me: this.me!,
    };
  }

  private async loadTexts(): Promise<void> {
    const res = await this.api.texts(this.lang);
    if (res.ok) {
      this.texts = res.value.texts as Texts;
      this.outcomes = res.value.outcomes;
      this.indicatorLabels = res.value.indicators;
    }
    document.documentElement.lang = this.lang;
    this.updateTitle();
  }

  private showLogin(): void {
    renderLogin(this.root, {
      api: this.api,
      t: (key) => this.t(key),
      languageButton: this.languageButton(),
      onSignedIn: (session) => this.signedIn(session),
    });
  }

  private languageButton(): HTMLButtonElement {
    const b = button(this.t("language"));
    b.addEventListener("click", () => {
      this.lang = this.lang === "vi" ? "en" : "vi";
      localStorage.setItem(LANG_KEY, this.lang);
      void this.loadTexts().then(() => (this.me ? this.renderShell() : this.showLogin()));
    });
    return b;
  }

  private signedIn(session: SessionDto): void {
    this.api.csrf = session.csrfToken;
    this.me = session.counselor;
    this.renderShell();
    this.connect();
  }

  private renderShell(): void {
    const me = this.me!;
    const header = el("header");
    const availability = button(me.available ? this.t("available") : this.t("away"));
    availability.setAttribute("aria-pressed", String(me.available));
    availability.addEventListener("click", () => void this.setAvailable(!this.me!.available));
    const logout = button(this.t("logout"));
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
    main.append(side, this.chat.element);
    this.root.replaceChildren(header, this.alertBox, main);
    this.drawQueue();
    void this.refreshHeld();
    if (this.openId) void this.openChat(this.openId);
    else this.chat.empty(this.t("chat.pick"));
    this.updateTitle();
  }

  private async setAvailable(available: boolean): Promise<void> {
    const res = await this.api.setAvailable(available);
    if (!res.ok) return;
    this.me = res.value.counselor;
    this.renderShell();
  }

  private async logout(): Promise<void> {
    await this.api.logout();
    this.socket?.disconnect();
    this.socket = undefined;
    this.me = undefined;
    this.openId = undefined;
    this.showLogin();
  }

  private connect(): void {
    if (this.socket) return;
    this.socket = io("/console", { transports: ["websocket", "polling"], withCredentials: true });
    this.socket.on("queue", (body: { conversations: QueueEntry[] }) => this.onQueue(body.conversations));
    this.socket.on("message", (e: MessageEventDto) => {
      if (e.conversationId === this.openId) this.chat.append(e.message);
    });
    this.socket.on("status", (e: StatusEventDto) => {
      void this.refreshHeld();
      if (e.conversationId === this.openId) void this.openChat(e.conversationId, false);
    });
    this.socket.on("notice", (e: NoticeEventDto) => {
      if (e.kind === "user_stop" && e.conversationId === this.openId)
        this.chat.notice(this.t("chat.user_stop"));
    });
    // Emitted by the privacy module when a user erases their data.
    this.socket.on("conversation:erased", (e: { conversationId: string }) => {
      if (e.conversationId === this.openId) this.chat.notice(this.t("chat.erased"), true);
      void this.refreshHeld();
      void this.api.queue().then((r) => r.ok && this.onQueue(r.value.conversations));
    });
  }

  private onQueue(items: QueueEntry[]): void {
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
    this.drawQueue();
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

  private listActions = {
    open: (id: string) => void this.openChat(id),
    claim: (id: string) => void this.claim(id),
  };

  private drawQueue(): void {
    if (!this.me) return;
    renderQueue(
      this.queueList,
      this.ctx(),
      this.queue,
      { openId: this.openId, now: Date.now() },
      this.listActions,
    );
  }

  private drawHeld(): void {
    if (!this.me) return;
    renderHeld(this.mineList, this.ctx(), this.held, { openId: this.openId }, this.listActions);
  }

  private async refreshHeld(): Promise<void> {
    const res = await this.api.held();
    if (!res.ok) return;
    this.held = res.value.conversations;
    this.drawHeld();
  }

  private async claim(id: string): Promise<void> {
    const res = await this.api.claim(id);
    this.clearAlert();
    if (!res.ok && res.status === 409) {
      await this.openChat(id);
      this.chat.notice(
        res.error?.code === "already_claimed" ? this.t("chat.taken") : (res.error?.message ?? ""),
      );
      return;
    }
    await this.refreshHeld();
    await this.openChat(id);
  }

  private async openChat(id: string, audit = true): Promise<void> {
    if (!audit && this.openId !== id) return;
    const res = await this.api.detail(id, this.lang);
    if (!res.ok) {
      this.chat.notice(res.status === 404 ? this.t("chat.erased") : this.t("chat.error"), true);
      return;
    }
    this.openId = id;
    this.chat.render(res.value);
    this.drawQueue();
    this.drawHeld();
  }
}

void new ConsoleApp().boot();
