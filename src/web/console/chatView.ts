// The open conversation: header, screening answers, transcript, reply box, transfer and close,
// notes. Other features add their own sections through `registerChatSection`.
import type { ChatMessageDto, ConversationDetailDto } from "../../shared/consoleDto.js";
import { badges, button, type ViewContext } from "./context.js";
import { el } from "./dom.js";

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
}

/** The chat panel: one per page, re-rendered when another chat is opened. */
export class ChatView {
  readonly element = el("section", "panel chat");
  private transcript = el("div", "transcript");
  private replyText: HTMLTextAreaElement | undefined;

  constructor(
    private readonly ctx: () => ViewContext,
    private readonly actions: ChatActions,
  ) {}

  empty(text: string): void {
    this.element.replaceChildren(el("p", undefined, text));
  }

  notice(text: string, replace = false): void {
    const notice = el("p", "notice", text);
    notice.setAttribute("role", "alert");
    if (replace) this.element.replaceChildren(notice);
    else this.element.prepend(notice);
  }

  append(m: ChatMessageDto): void {
    const { t } = this.ctx();
    const bubble = el("div", `msg ${m.from}`);
    bubble.dataset.id = m.id;
    bubble.append(el("span", "from", t(`from.${m.from}`)), document.createTextNode(m.text));
    this.transcript.append(bubble);
    this.transcript.scrollTop = this.transcript.scrollHeight;
  }

  render(d: ConversationDetailDto): void {
    const ctx = this.ctx();
    const { t } = ctx;
    const mine = d.status === "active" && d.assignedTo === ctx.me.id;
    const head = el("div", "row");
    head.append(
      el("h2", "handle", d.handle),
      el("span", "badge", t(`chat.status.${d.status}`)),
      ...badges(ctx, d),
    );
    const parts: HTMLElement[] = [head];
    if (d.risk.indicators.length)
      parts.push(el("p", "indicators", `${t("chat.indicators")}: ${ctx.indicatorsText(d.risk.indicators)}`));

    parts.push(el("h2", undefined, t("chat.answers")));
    const answers: [string, string][] =
      d.screening.length > 0
        ? d.screening.map((a) => [a.question, a.answer])
        : Object.entries(d.answers).map(([k, v]) => [k, String(v)]);
    if (answers.length === 0) parts.push(el("p", undefined, t("chat.no_answers")));
    else {
      const dl = el("dl", "answers");
      for (const [k, v] of answers) dl.append(el("dt", undefined, k), el("dd", undefined, v));
      parts.push(dl);
    }

    this.transcript = el("div", "transcript");
    this.transcript.setAttribute("role", "log");
    parts.push(this.transcript);

    if (d.status === "waiting") {
      const claim = button(t("queue.claim"), "primary");
      claim.addEventListener("click", () => this.actions.claim(d.id));
      parts.push(claim);
    }
    if (d.status === "closed") parts.push(el("p", undefined, t("chat.closed")));
    this.replyText = undefined;
    if (mine) parts.push(this.replyBox(d), this.actionsRow(d));
    const sectionCtx: ChatSectionContext = {
      ...ctx,
      detail: d,
      mine,
      insertReply: (text) => {
        if (!this.replyText) return;
        this.replyText.value = text;
        this.replyText.focus();
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
    const { t, texts, api } = this.ctx();
    const form = el("form");
    const text = el("textarea");
    this.replyText = text;
    text.placeholder = t("chat.reply_placeholder");
    text.setAttribute("aria-label", t("chat.reply"));
    text.maxLength = 4000;
    const canned = el("select");
    canned.setAttribute("aria-label", t("chat.canned"));
    canned.append(el("option", undefined, t("chat.canned")));
    const cannedTexts = (texts.canned ?? {}) as Record<string, string>;
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
    const send = el("button", "primary", t("chat.send"));
    send.type = "submit";
    const row = el("div", "row");
    row.append(canned, send);
    form.append(text, row);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const value = text.value.trim();
      if (!value) return;
      void api.reply(d.id, value).then((res) => {
        if (res.ok) text.value = "";
        else this.notice(t("chat.error"));
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
    const { t, api, me, outcomes } = this.ctx();
    const row = el("div", "row");
    const target = el("select");
    target.setAttribute("aria-label", t("chat.transfer"));
    const queueOption = el("option", undefined, t("chat.transfer_queue"));
    queueOption.value = "";
    target.append(queueOption);
    void api.colleagues().then((res) => {
      if (!res.ok) return;
      for (const c of res.value.counselors) {
        if (c.id === me.id) continue;
        const option = el("option", undefined, `${c.alias}${c.available ? "" : ` (${t("away")})`}`);
        option.value = c.id;
        target.append(option);
      }
    });
    const transfer = button(t("chat.transfer"));
    transfer.addEventListener("click", () => {
      void api.transfer(d.id, target.value || undefined).then(async (res) => {
        if (!res.ok) return this.notice(res.error?.message ?? t("chat.error"));
        await this.actions.changed(d.id);
      });
    });
    const outcome = el("select");
    outcome.setAttribute("aria-label", t("chat.outcome"));
    for (const o of outcomes) {
      const option = el("option", undefined, o.label);
      option.value = o.id;
      outcome.append(option);
    }
    const close = button(t("chat.close"), "primary");
    close.addEventListener("click", () => {
      void api.close(d.id, outcome.value).then(async (res) => {
        if (!res.ok) return this.notice(t("chat.error"));
        await this.actions.changed(d.id);
      });
    });
    row.append(target, transfer, outcome, close);
    return row;
  }

  private notesBox(d: ConversationDetailDto): HTMLElement {
    const { t, api } = this.ctx();
    const box = el("div");
    const list = el("ul", "list notes");
    for (const n of d.notes) list.append(el("li", undefined, n.text));
    const form = el("form", "row");
    const input = el("input");
    input.placeholder = t("chat.note_placeholder");
    input.setAttribute("aria-label", t("chat.notes"));
    input.maxLength = 4000;
    const add = el("button", undefined, t("chat.add_note"));
    add.type = "submit";
    form.append(input, add);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      void api.addNote(d.id, text).then((res) => {
        if (!res.ok) return;
        list.append(el("li", undefined, text));
        input.value = "";
      });
    });
    box.append(el("h2", undefined, t("chat.notes")), list, form);
    return box;
  }
}
