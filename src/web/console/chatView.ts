// The open conversation: header, screening answers, transcript, reply box, transfer and close,
// notes. Other features add their own sections through `registerChatSection`.
import type { ChatMessageDto, ConversationDetailDto } from "../../shared/consoleDto.js";
import { badges, button, type ViewContext } from "./context.js";
import { el } from "./dom.js";
import { dayText, timeText } from "./timeText.js";

/** What a chat section is given to render itself. */
export interface ChatSectionContext extends ViewContext {
  detail: ConversationDetailDto;
  /** True when the signed-in counselor holds this chat (may reply, transfer, close). */
  mine: boolean;
  /** Puts text into the reply box (editable before sending). */
  insertReply(text: string): void;
  /** Shows a short notice above the chat. */
  notice(text: string): void;
}

/** Renders one extra section of the chat view, or nothing. */
export type ChatSection = (ctx: ChatSectionContext) => HTMLElement | undefined;

const sections: ChatSection[] = [];

/** Adds a section to every chat view, below the actions (e.g. referrals). */
export function registerChatSection(section: ChatSection): void {
  sections.push(section);
}

export interface ChatActions {
  claim(id: string): void;
  /** A chat changed hands or closed: reload the lists and this chat. */
  changed(id: string): Promise<void>;
  /** Back to the lists (phones show one view at a time). */
  back(): void;
  /** Opens another conversation (an earlier one of the same person). */
  open(id: string): void;
  /** The counselor is typing a reply in this chat (the page throttles the signal). */
  typing(id: string): void;
}

/** "Khách đang nhập…" goes away this long after the person's last typing signal (ms). */
const TYPING_SHOWN_MS = 6_000;

/** The chat panel: one per page, re-rendered when another chat is opened. */
export class ChatView {
  readonly element = el("section", "panel chat");
  private transcript = el("div", "transcript");
  private readonly typingLine = el("p", "typing");
  private typingTimer: number | undefined;
  /** The chat whose person is shown typing (a re-render of the same chat keeps the line). */
  private typingChat: string | undefined;
  private replyText: HTMLTextAreaElement | undefined;
  /** Unsent replies per chat: kept across re-renders, reconnects and switching chats. */
  private readonly drafts = new Map<string, string>();
  /** Buttons that send something: disabled while the console is offline. */
  private senders: HTMLButtonElement[] = [];
  private online = true;

  constructor(
    private readonly ctx: () => ViewContext,
    private readonly actions: ChatActions,
  ) {}

  /** Offline: nothing can be sent, but everything typed stays where it is. */
  setOnline(online: boolean): void {
    this.online = online;
    for (const b of this.senders) b.disabled = !online || b.dataset.blocked === "true";
  }

  private sender(b: HTMLButtonElement): HTMLButtonElement {
    this.senders.push(b);
    b.disabled = !this.online || b.dataset.blocked === "true";
    return b;
  }

  empty(text: string): void {
    this.element.replaceChildren(el("p", undefined, text));
  }

  notice(text: string, replace = false): void {
    const notice = el("p", "notice", text);
    notice.setAttribute("role", "alert");
    if (replace) this.element.replaceChildren(notice);
    else this.element.prepend(notice);
  }

  /** The person of chat `id` is typing: shown under the transcript until they send or stop. */
  showTyping(id: string): void {
    this.typingChat = id;
    this.typingLine.textContent = this.ctx().t("chat.typing");
    this.typingLine.hidden = false;
    window.clearTimeout(this.typingTimer);
    this.typingTimer = window.setTimeout(() => this.hideTyping(), TYPING_SHOWN_MS);
  }

  private hideTyping(): void {
    this.typingChat = undefined;
    this.typingLine.hidden = true;
    window.clearTimeout(this.typingTimer);
  }

  append(m: ChatMessageDto): void {
    const { t, now } = this.ctx();
    if (m.from === "user") this.hideTyping();
    const bubble = el("div", `msg ${m.from}`);
    bubble.dataset.id = m.id;
    const meta = el("span", "from", `${t(`from.${m.from}`)} · `);
    const time = el("time", undefined, timeText(m.at, new Date(now())));
    time.dateTime = m.at;
    meta.append(time);
    bubble.append(meta, document.createTextNode(m.text));
    this.transcript.append(bubble);
    this.transcript.scrollTop = this.transcript.scrollHeight;
  }

  render(d: ConversationDetailDto): void {
    const ctx = this.ctx();
    const { t } = ctx;
    const mine = d.status === "active" && d.assignedTo === ctx.me.id;
    this.senders = [];
    const back = button(t("chat.back"), "back");
    back.addEventListener("click", () => this.actions.back());
    const head = el("div", "row chat-head");
    head.append(
      back,
      el("h2", "handle", d.handle),
      el("span", "badge", t(`chat.status.${d.status}`)),
      ...badges(ctx, d),
    );
    // Transfer and close sit at the top, so they are reachable without scrolling on any screen.
    if (mine) head.append(this.actionsRow(d));
    const parts: HTMLElement[] = [head];
    if (d.earlier.length) {
      // The same person's earlier chats, read-only: "Lần trước: 24/11, rủi ro cao, Đã báo 111".
      const earlier = el("p", "earlier", `${t("chat.earlier")}: `);
      for (const c of d.earlier) {
        const outcome = ctx.outcomes.find((o) => o.id === c.outcome)?.label ?? c.outcome ?? "";
        const link = button(
          [
            dayText(c.closedAt),
            `${t("risk.label").toLowerCase()} ${t(`risk.${c.risk.level}`).toLowerCase()}`,
            outcome,
          ]
            .filter(Boolean)
            .join(", "),
          "link",
        );
        link.addEventListener("click", () => this.actions.open(c.id));
        earlier.append(link);
      }
      parts.push(earlier);
    }
    if (d.risk.indicators.length)
      parts.push(el("p", "indicators", `${t("chat.indicators")}: ${ctx.indicatorsText(d.risk.indicators)}`));

    parts.push(el("h2", undefined, t("chat.answers")));
    // Only answers to the flows' questions, in the counselor's language: internal variables
    // (channel, location) are no screening answers and have no label.
    const answers: [string, string][] = d.screening.map((a) => [a.question, a.answer]);
    if (answers.length === 0) parts.push(el("p", undefined, t("chat.no_answers")));
    else {
      const dl = el("dl", "answers");
      for (const [k, v] of answers) dl.append(el("dt", undefined, k), el("dd", undefined, v));
      parts.push(dl);
    }

    this.transcript = el("div", "transcript");
    this.transcript.setAttribute("role", "log");
    // It scrolls: focusable, so keyboard users can scroll it with the arrows.
    this.transcript.tabIndex = 0;
    this.transcript.setAttribute("aria-label", t("chat.transcript"));
    // A re-render of the same chat (a status change, a reconnect) keeps "Khách đang nhập…".
    if (this.typingChat !== d.id) this.hideTyping();
    this.typingLine.setAttribute("role", "status");
    parts.push(this.transcript, this.typingLine);

    if (d.status === "waiting") {
      const claim = button(t("queue.claim"), "primary");
      claim.addEventListener("click", () => this.actions.claim(d.id));
      parts.push(claim);
    }
    if (d.status === "closed") parts.push(el("p", undefined, t("chat.closed")));
    this.replyText = undefined;
    if (mine) parts.push(this.replyBox(d));
    const sectionCtx: ChatSectionContext = {
      ...ctx,
      detail: d,
      mine,
      insertReply: (text) => {
        const box = this.replyText;
        if (!box) return;
        // Added after what is typed already (nothing typed is lost), then editable before sending.
        box.value = box.value.trim() === "" ? text : `${box.value.trimEnd()}\n${text}`;
        this.drafts.set(d.id, box.value);
        box.focus();
        box.setSelectionRange(box.value.length, box.value.length);
      },
      notice: (text) => this.notice(text),
    };
    for (const section of sections) {
      const node = section(sectionCtx);
      if (node) parts.push(node);
    }
    parts.push(this.notesBox(d));
    this.element.replaceChildren(...parts);
    for (const m of d.transcript) this.append(m);
  }

  private replyBox(d: ConversationDetailDto): HTMLElement {
    const { t, api } = this.ctx();
    const form = el("form");
    const text = el("textarea");
    this.replyText = text;
    text.placeholder = t("chat.reply_placeholder");
    text.setAttribute("aria-label", t("chat.reply"));
    text.maxLength = 4000;
    text.value = this.drafts.get(d.id) ?? "";
    text.addEventListener("input", () => {
      this.drafts.set(d.id, text.value);
      if (text.value.trim() !== "") this.actions.typing(d.id);
    });
    const send = this.sender(el("button", "primary", t("chat.send")));
    send.type = "submit";
    const row = el("div", "row");
    row.append(send);
    form.append(text, row);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const value = text.value.trim();
      if (!value || send.disabled) return;
      send.disabled = true;
      void api.reply(d.id, value).then((res) => {
        send.disabled = !this.online;
        if (res.ok) {
          text.value = "";
          this.drafts.delete(d.id);
        } else this.notice(res.status === 0 ? t("offline") : t("chat.error"));
      });
    });
    text.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
    return form;
  }

  private actionsRow(d: ConversationDetailDto): HTMLElement {
    const { t } = this.ctx();
    const row = el("div", "chat-actions");
    const transfer = this.sender(button(t("chat.transfer")));
    transfer.addEventListener("click", () => this.transferDialog(d));
    const close = this.sender(button(t("chat.close"), "danger"));
    close.addEventListener("click", () => this.closeDialog(d));
    row.append(transfer, close);
    return row;
  }

  /** A modal dialog with a form; resolves nothing, the confirm handler does the work. */
  private dialog(heading: string, body: HTMLElement[], confirm: HTMLButtonElement): HTMLDialogElement {
    const { t } = this.ctx();
    const dialog = el("dialog");
    const form = el("form");
    form.method = "dialog";
    const cancel = button(t("chat.cancel"));
    cancel.addEventListener("click", () => dialog.close());
    const row = el("div", "row");
    row.append(cancel, confirm);
    form.append(el("h2", undefined, heading), ...body, row);
    dialog.append(form);
    dialog.addEventListener("close", () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
    return dialog;
  }

  /** Closing asks for the outcome (no default) and confirms: a mis-click ends nothing. */
  private closeDialog(d: ConversationDetailDto): void {
    const { t, api, outcomes } = this.ctx();
    const outcome = el("select");
    outcome.required = true;
    const placeholder = el("option", undefined, t("chat.outcome_pick"));
    placeholder.value = "";
    outcome.append(placeholder);
    for (const o of outcomes) {
      const option = el("option", undefined, o.label);
      option.value = o.id;
      outcome.append(option);
    }
    const label = el("label", undefined, t("chat.outcome"));
    label.append(outcome);
    const confirm = this.sender(button(t("chat.close_confirm"), "danger"));
    confirm.dataset.blocked = "true";
    confirm.disabled = true;
    outcome.addEventListener("change", () => {
      confirm.dataset.blocked = String(outcome.value === "");
      confirm.disabled = !this.online || outcome.value === "";
    });
    const dialog = this.dialog(
      t("chat.close_heading", { handle: d.handle }),
      [label, el("p", undefined, t("chat.close_explain"))],
      confirm,
    );
    confirm.addEventListener("click", () => {
      if (!outcome.value) return;
      confirm.disabled = true;
      void api.close(d.id, outcome.value).then(async (res) => {
        dialog.close();
        if (!res.ok) return this.notice(res.status === 0 ? t("offline") : t("chat.error"));
        await this.actions.changed(d.id);
      });
    });
  }

  /** Transfer asks for the target (a colleague or the queue) and a note for whoever takes over. */
  private transferDialog(d: ConversationDetailDto): void {
    const { t, api, me } = this.ctx();
    const target = el("select");
    target.required = true;
    const placeholder = el("option", undefined, t("chat.transfer_pick"));
    placeholder.value = "";
    const queueOption = el("option", undefined, t("chat.transfer_queue"));
    queueOption.value = "queue";
    target.append(placeholder, queueOption);
    void api.colleagues().then((res) => {
      if (!res.ok) return;
      for (const c of res.value.counselors) {
        if (c.id === me.id || c.disabled) continue;
        const option = el(
          "option",
          undefined,
          `${c.alias} (${c.available ? t("state.available") : t("state.away")})`,
        );
        option.value = c.id;
        target.append(option);
      }
    });
    const targetLabel = el("label", undefined, t("chat.transfer_to"));
    targetLabel.append(target);
    const note = el("textarea");
    note.required = true;
    note.maxLength = 4000;
    const noteLabel = el("label", undefined, t("chat.transfer_note"));
    noteLabel.append(note);
    const confirm = this.sender(button(t("chat.transfer"), "primary"));
    const update = () => {
      const blocked = target.value === "" || note.value.trim() === "";
      confirm.dataset.blocked = String(blocked);
      confirm.disabled = !this.online || blocked;
    };
    target.addEventListener("change", update);
    note.addEventListener("input", update);
    update();
    const dialog = this.dialog(
      t("chat.transfer_heading", { handle: d.handle }),
      [targetLabel, noteLabel],
      confirm,
    );
    confirm.addEventListener("click", () => {
      const text = note.value.trim();
      if (!target.value || !text) return;
      confirm.disabled = true;
      void (async () => {
        // The note goes first, so whoever takes over reads why.
        const saved = await api.addNote(d.id, text);
        const res = saved.ok
          ? await api.transfer(d.id, target.value === "queue" ? undefined : target.value)
          : saved;
        dialog.close();
        if (!res.ok)
          return this.notice(res.status === 0 ? t("offline") : (res.error?.message ?? t("chat.error")));
        await this.actions.changed(d.id);
      })();
    });
  }

  private notesBox(d: ConversationDetailDto): HTMLElement {
    const { t, api, now } = this.ctx();
    const box = el("div");
    const list = el("ul", "list notes");
    const noteItem = (author: string, at: string, text: string) => {
      const li = el("li");
      const time = el("time", undefined, timeText(at, new Date(now())));
      time.dateTime = at;
      const meta = el("span", "from", `${author} · `);
      meta.append(time);
      li.append(meta, document.createTextNode(text));
      return li;
    };
    for (const n of d.notes) list.append(noteItem(n.author ?? "?", n.at, n.text));
    const form = el("form", "row");
    const input = el("input");
    input.placeholder = t("chat.note_placeholder");
    input.setAttribute("aria-label", t("chat.notes"));
    input.maxLength = 4000;
    const add = this.sender(el("button", undefined, t("chat.add_note")));
    add.type = "submit";
    form.append(input, add);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      void api.addNote(d.id, text).then((res) => {
        if (!res.ok) return;
        list.append(noteItem(this.ctx().me.alias, res.value.note.at, text));
        input.value = "";
      });
    });
    box.append(el("h2", undefined, t("chat.notes")), list, form);
    return box;
  }
}
