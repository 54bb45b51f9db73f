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
  QueueDto,
  QueueEntry,
  SessionDto,
  StatusEventDto,
  TypingEventDto,
} from "../../shared/consoleDto.js";
import { askForNotifications, canAskForNotifications, notify, playTone, titleWithCount } from "./alerts.js";
import { ConsoleApi } from "./api.js";
import { ChatView } from "./chatView.js";
import { button, type ViewContext } from "./context.js";
import { el, type Texts, tr } from "./dom.js";
import { renderHistory } from "./historyView.js";
// Registered before the referral section, so suggestions sit right under the reply box.
import "./helpView.js";
import { type ChatMarks, renderHeld, renderQueue } from "./listsView.js";
import { renderLogin } from "./loginView.js";
import { dueReferralsPanel } from "./referralsView.js";
import { ServerClock } from "./serverClock.js";

export { registerChatSection } from "./chatView.js";

const LANG_KEY = "hotline.console.lang";
/** The counselor's typing is signalled at most this often per chat (ms). */
const TYPING_EVERY_MS = 2_000;

class ConsoleApp {
  private readonly api = new ConsoleApi();
  /** Waits and the SLA are measured on the server's clock, not this PC's (which may be off). */
  private readonly clock = new ServerClock();
  private lang: "vi" | "en" = localStorage.getItem(LANG_KEY) === "en" ? "en" : "vi";
  private texts: Texts = {};
  private outcomes: Array<{ id: string; label: string }> = [];
  private indicatorLabels: Record<string, string> = {};
  private me: PublicCounselor | undefined;
  private socket: Socket | undefined;
  private queue: QueueEntry[] = [];
  private held: HeldConversation[] = [];
  private knownQueue = new Set<string>();
  /** New queue entries not looked at yet. */
  private unseen = 0;
  /** User messages per chat that arrived while the chat was not open in a visible tab. */
  private readonly unread = new Map<string, number>();
  /** Held chats whose person wrote last: since when (server ms), from the server and live messages. */
  private readonly awaiting = new Map<string, number>();
  /** The `awaiting` value already re-alerted, per chat: one re-alert per unanswered stretch. */
  private readonly realerted = new Map<string, number>();
  private urgentSlaSeconds = 120;
  private slaTimer: number | undefined;
  private openId: string | undefined;
  private readonly root = document.getElementById("app")!;
  private readonly alertBox = el("div", "alert");
  private readonly offlineBox = el("div", "alert offline");
  private readonly main = el("main");
  private online = true;
  private everConnected = false;
  private readonly queueList = el("ul", "list queue");
  private readonly mineList = el("ul", "list mine");
  private readonly chat = new ChatView(() => this.ctx(), {
    claim: (id) => void this.claim(id),
    changed: async (id) => {
      await this.refreshHeld();
      await this.openChat(id, false);
    },
    back: () => this.showView("lists"),
    open: (id) => void this.openChat(id),
    typing: (id) => this.signalTyping(id),
  });
  /** When this page last told the server the counselor is typing, per chat (ms). */
  private readonly typingSent = new Map<string, number>();

  /** The newest message id seen per chat (from its transcript and live messages). */
  private readonly newest = new Map<string, string>();
  /** The read mark last sent to the server per chat. */
  private readonly readSent = new Map<string, number>();

  /** Tells the server this chat is read up to its newest message (once per new message). */
  private markRead(id: string): void {
    const upTo = this.newest.get(id);
    if (!upTo || Number(upTo) <= (this.readSent.get(id) ?? 0)) return;
    this.readSent.set(id, Number(upTo));
    void this.api.markRead(id, upTo).then((res) => {
      // Not recorded (offline): try again with the next message or visit.
      if (!res.ok && res.status === 0) this.readSent.delete(id);
    });
  }

  /** True when the chat is open in a tab the counselor can see. */
  private seeing(id: string): boolean {
    return id === this.openId && document.visibilityState === "visible";
  }

  /** The tab came back into view: the open chat is read now. */
  visible(): void {
    if (document.visibilityState !== "visible" || !this.openId) return;
    this.markRead(this.openId);
    if (!this.unread.has(this.openId)) return;
    this.unread.delete(this.openId);
    this.drawQueue();
    this.drawHeld();
    this.updateTitle();
  }

  async boot(): Promise<void> {
    await this.loadTexts();
    const me = await this.api.me();
    if (me.ok) this.signedIn(me.value);
    else this.showLogin();
    this.root.removeAttribute("aria-busy");
  }

  private t(key: string, params?: Record<string, string | number>): string {
    return tr(this.texts, key, params, this.lang);
  }

  private ctx(): ViewContext {
    return {
      api: this.api,
      lang: this.lang,
      texts: this.texts,
      outcomes: this.outcomes,
      t: (key, params) => this.t(key, params),
      indicatorsText: (ids) => ids.map((id) => this.indicatorLabels[id] ?? id).join(", "),
      now: () => this.clock.now(),
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
    this.clock.observe(session.now);
    this.api.csrf = session.csrfToken;
    this.me = session.counselor;
    this.urgentSlaSeconds = session.urgentSlaSeconds;
    this.slaTimer ??= window.setInterval(() => this.checkOverdue(), 5_000);
    this.renderShell();
    this.connect();
  }

  private renderShell(): void {
    const me = this.me!;
    const header = el("header");
    // The control names the action; the state is written beside it.
    const state = el(
      "span",
      `state ${me.available ? "on" : "off"}`,
      this.t(me.available ? "state.available" : "state.away"),
    );
    const availability = button(this.t(me.available ? "action.go_away" : "action.go_available"));
    availability.addEventListener("click", () => void this.setAvailable(!this.me!.available));
    const logout = button(this.t("logout"));
    logout.addEventListener("click", () => void this.logout());
    const items = el("div", "menu-items");
    items.id = "console-menu";
    items.append(el("span", "who", `${me.alias} · ${this.t(`role.${me.role}`)}`), state, availability);
    if (canAskForNotifications()) {
      const ask = button(this.t("notify.enable"));
      ask.addEventListener("click", () => void askForNotifications().then(() => ask.remove()));
      items.append(ask);
    }
    const history = button(this.t("history.open"));
    history.addEventListener("click", () => this.showHistory());
    items.append(history, this.languageButton(), logout);
    // On a phone the controls fold into a menu; on a desktop they are always shown.
    const menu = button(this.t("menu"), "menu-toggle");
    menu.setAttribute("aria-expanded", "false");
    menu.setAttribute("aria-controls", items.id);
    menu.addEventListener("click", () => {
      const open = header.classList.toggle("open");
      menu.setAttribute("aria-expanded", String(open));
    });
    header.append(el("h1", undefined, this.t("title")), state.cloneNode(true), menu, items);
    this.alertBox.hidden = true;
    this.alertBox.setAttribute("role", "status");
    this.offlineBox.textContent = this.t("connection.lost");
    this.offlineBox.setAttribute("role", "alert");
    this.offlineBox.hidden = this.online;
    const side = el("section", "panel side");
    side.append(
      el("h2", undefined, this.t("queue.heading")),
      this.queueList,
      el("h2", undefined, this.t("mine.heading")),
      this.mineList,
      dueReferralsPanel(this.ctx()),
    );
    this.main.replaceChildren(side, this.chat.element);
    this.root.replaceChildren(header, this.offlineBox, this.alertBox, this.main);
    this.drawQueue();
    void this.refreshHeld();
    if (this.openId) void this.openChat(this.openId);
    else this.chat.empty(this.t("chat.pick"));
    this.updateTitle();
  }

  private showHistory(): void {
    this.openId = undefined;
    this.drawQueue();
    this.drawHeld();
    this.showView("chat");
    renderHistory(this.chat.element, this.ctx(), (id) => void this.openChat(id));
  }

  /** Phones show the lists or the chat, not both. */
  private showView(view: "lists" | "chat"): void {
    this.main.dataset.view = view;
  }

  private setOnline(online: boolean): void {
    this.online = online;
    this.offlineBox.hidden = online;
    this.chat.setOnline(online);
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
    this.everConnected = false;
    this.setOnline(true);
    window.clearInterval(this.slaTimer);
    this.slaTimer = undefined;
    this.me = undefined;
    this.openId = undefined;
    this.showLogin();
  }

  private connect(): void {
    if (this.socket) return;
    // Websocket first; long polling only where websockets are blocked (see docs/deploy.md).
    this.socket = io("/console", {
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      withCredentials: true,
    });
    // Lost socket: a banner, sending disabled (drafts stay). Back: catch up on what was missed;
    // the server sends the whole queue on every connection.
    this.socket.on("disconnect", (reason) => {
      this.setOnline(false);
      // The client reconnects by itself except when the server closed the socket: then retry
      // once; a dead session fails the handshake and the console asks to sign in again.
      if (reason === "io server disconnect") window.setTimeout(() => this.socket?.connect(), 2_000);
    });
    this.socket.on("connect_error", (err) => {
      this.setOnline(false);
      if (err.message === "unauthorized") void this.logout();
    });
    this.socket.on("connect", () => {
      this.setOnline(true);
      if (!this.everConnected) {
        this.everConnected = true;
        return;
      }
      void this.refreshHeld();
      if (this.openId) void this.openChat(this.openId, false);
    });
    this.socket.on("queue", (body: QueueDto) => this.onQueue(body));
    this.socket.on("message", (e: MessageEventDto) => this.onMessage(e));
    this.socket.on("status", (e: StatusEventDto) => {
      void this.refreshHeld();
      if (e.conversationId === this.openId) void this.openChat(e.conversationId, false);
    });
    this.socket.on("typing", (e: TypingEventDto) => {
      if (e.conversationId === this.openId) this.chat.showTyping(e.conversationId);
    });
    this.socket.on("notice", (e: NoticeEventDto) => {
      if (e.kind === "user_stop" && e.conversationId === this.openId)
        this.chat.notice(this.t("chat.user_stop"));
    });
    // Emitted by the privacy module when a user erases their data.
    this.socket.on("conversation:erased", (e: { conversationId: string }) => {
      if (e.conversationId === this.openId) this.chat.notice(this.t("chat.erased"), true);
      void this.refreshHeld();
      void this.api.queue().then((r) => r.ok && this.onQueue(r.value));
    });
  }

  /** The counselor types in a chat: tell the server now and then (it throttles again). */
  private signalTyping(id: string): void {
    const now = Date.now();
    if (!this.socket?.connected || now - (this.typingSent.get(id) ?? 0) < TYPING_EVERY_MS) return;
    this.typingSent.set(id, now);
    this.socket.emit("typing", { conversationId: id });
  }

  private onQueue({ conversations: items, now }: QueueDto): void {
    this.clock.observe(now);
    // A chat new to this page (also those waiting at sign-in) rings once and counts in the badge.
    const fresh = items.filter((i) => !this.knownQueue.has(i.id));
    this.queue = items;
    for (const i of items) this.knownQueue.add(i.id);
    if (fresh.length > 0) {
      this.unseen += fresh.length;
      this.alertBox.textContent = this.t("queue.alert");
      this.alertBox.hidden = false;
      playTone(
        "queue",
        fresh.some((i) => i.priority === "urgent"),
      );
    }
    if (items.length === 0) this.clearAlert();
    this.drawQueue();
    this.updateTitle();
  }

  /** A stored message of a chat this counselor may see: show it, or count it and alert. */
  private onMessage(e: MessageEventDto): void {
    const id = e.conversationId;
    const seen = this.seeing(id);
    if (Number(e.message.id) > Number(this.newest.get(id) ?? 0)) this.newest.set(id, e.message.id);
    if (id === this.openId) this.chat.append(e.message);
    if (seen) this.markRead(id);
    if (e.message.from === "counselor") {
      this.awaiting.delete(id);
      this.realerted.delete(id);
    }
    if (e.message.from === "user") {
      if (!seen) this.unread.set(id, (this.unread.get(id) ?? 0) + 1);
      const held = this.held.find((c) => c.id === id);
      if (held) {
        if (!this.awaiting.has(id)) this.awaiting.set(id, Date.parse(e.message.at));
        // Alerts only for one's own chats: supervisors see all, but are not rung for each.
        if (!seen && held.assignedTo === this.me?.id) {
          const urgent = this.isUrgent(held);
          playTone("message", urgent);
          notify(`${held.handle} — ${this.t("notify.new_message")}`, {
            tag: id,
            urgent,
            onClick: () => void this.openChat(id),
          });
        }
      }
    }
    this.drawQueue();
    this.drawHeld();
    this.updateTitle();
  }

  private isUrgent(c: HeldConversation): boolean {
    return c.priority === "urgent" || c.risk.level === "urgent";
  }

  private marks(id: string): ChatMarks {
    const since = this.awaiting.get(id);
    const held = this.held.find((c) => c.id === id);
    const waited = since === undefined ? undefined : this.clock.now() - since;
    return {
      unread: this.unread.get(id) ?? 0,
      ...(waited === undefined ? {} : { awaitingMs: waited }),
      overdue:
        held !== undefined &&
        waited !== undefined &&
        this.isUrgent(held) &&
        waited > this.urgentSlaSeconds * 1000,
    };
  }

  /** Re-alerts each urgent chat of one's own whose person has waited past the SLA (once per stretch). */
  private checkOverdue(): void {
    if (!this.me) return;
    for (const c of this.held) {
      const since = this.awaiting.get(c.id);
      if (since === undefined || c.assignedTo !== this.me.id || !this.marks(c.id).overdue) continue;
      if (this.realerted.get(c.id) === since) continue;
      this.realerted.set(c.id, since);
      playTone("message", true);
      notify(`${c.handle} — ${this.t("notify.overdue")}`, {
        tag: c.id,
        urgent: true,
        onClick: () => void this.openChat(c.id),
      });
    }
    this.drawQueue();
    this.drawHeld();
  }

  private clearAlert(): void {
    this.unseen = 0;
    this.alertBox.hidden = true;
    this.updateTitle();
  }

  private updateTitle(): void {
    const title = this.t("title") || "Trang tư vấn viên";
    let unread = 0;
    for (const c of this.held) unread += this.unread.get(c.id) ?? 0;
    document.title = titleWithCount(title, this.unseen + unread);
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
      { openId: this.openId, now: this.clock.now(), marks: (id) => this.marks(id) },
      this.listActions,
    );
  }

  private drawHeld(): void {
    if (!this.me) return;
    renderHeld(
      this.mineList,
      this.ctx(),
      this.held,
      { openId: this.openId, marks: (id) => this.marks(id) },
      this.listActions,
    );
  }

  private async refreshHeld(): Promise<void> {
    const res = await this.api.held();
    if (!res.ok) return;
    this.clock.observe(res.value.now);
    this.held = res.value.conversations;
    // The server knows who wrote last and what this counselor has read (also before a reload or
    // while this page was offline); the chat on screen is read.
    for (const c of this.held) {
      if (this.seeing(c.id) || c.unread === 0) this.unread.delete(c.id);
      else this.unread.set(c.id, c.unread);
      if (c.awaitingReplySince) this.awaiting.set(c.id, Date.parse(c.awaitingReplySince));
      else this.awaiting.delete(c.id);
    }
    this.drawHeld();
    this.updateTitle();
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
    if (audit) this.showView("chat");
    const last = res.value.transcript.at(-1);
    if (last && Number(last.id) > Number(this.newest.get(id) ?? 0)) this.newest.set(id, last.id);
    if (document.visibilityState === "visible") {
      this.unread.delete(id);
      if (res.value.status === "active" || res.value.status === "waiting") this.markRead(id);
    }
    this.updateTitle();
    this.chat.render(res.value);
    this.drawQueue();
    this.drawHeld();
  }
}

const app = new ConsoleApp();
document.addEventListener("visibilitychange", () => app.visible());
void app.boot();
