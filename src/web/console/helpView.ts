// Help at hand in a chat the counselor holds: the canned replies and the directory's services that
// fit the signs found in this chat (risk indicators, being abroad) come first, in the counselor's
// language. One click puts a reply into the reply box (editable before sending) or starts a
// referral. The data is flows/canned-replies.yaml, from GET /console/api/help/:lang.
import type { HelpDto } from "../../shared/helpAtHand.js";
import { ABROAD_SIGN, rankByFit, servicesFor, signsOf } from "../../shared/helpAtHand.js";
import { type ChatSectionContext, registerChatSection } from "./chatView.js";
import { button, START_REFERRAL_EVENT } from "./context.js";
import { el } from "./dom.js";

/** How many fitting replies are shown as buttons; the rest are in the list below them. */
const SHOWN_REPLIES = 4;

const loaded = new Map<string, Promise<HelpDto | undefined>>();

function helpData(ctx: ChatSectionContext): Promise<HelpDto | undefined> {
  let data = loaded.get(ctx.lang);
  if (!data) {
    data = ctx.api.help(ctx.lang).then((res) => (res.ok ? res.value : undefined));
    loaded.set(ctx.lang, data);
    void data.then((d) => d ?? loaded.delete(ctx.lang)); // a failed load is tried again next time
  }
  return data;
}

/** The help section: suggested replies and services first, then every reply in a list. */
export function helpSection(ctx: ChatSectionContext): HTMLElement | undefined {
  if (!ctx.mine || ctx.detail.status !== "active") return undefined;
  const { t } = ctx;
  const box = el("section", "help");
  const heading = el("h2", undefined, t("help.heading"));
  heading.id = `help-${ctx.detail.id}`;
  box.setAttribute("aria-labelledby", heading.id);
  box.append(heading);
  void helpData(ctx).then((data) => {
    if (!data) return;
    const chat = signsOf(ctx.detail);
    const replies = rankByFit(data.replies, chat.signs);
    const services = servicesFor(data.services, chat);
    const fitting = replies.filter((r) => r.matched.length > 0).slice(0, SHOWN_REPLIES);
    // "abroad" is a sign of the chat, not a risk indicator: it has a label of its own.
    const fitText = (matched: string[]) =>
      `${t("help.fits")}: ${matched.map((id) => (id === ABROAD_SIGN ? t("help.abroad") : ctx.indicatorsText([id]))).join(", ")}`;

    const list = el("ul", "help-list");
    for (const r of fitting) {
      const li = el("li");
      const insert = button(r.text, "help-reply");
      insert.addEventListener("click", () => ctx.insertReply(r.text));
      li.append(insert, el("span", "fits", fitText(r.matched)));
      list.append(li);
    }
    for (const s of services) {
      const li = el("li");
      const name = s.province ? `${s.name} (${s.province})` : s.name;
      const refer = button(t("help.refer", { service: name }), "help-service");
      refer.addEventListener("click", () =>
        document.dispatchEvent(new CustomEvent(START_REFERRAL_EVENT, { detail: { serviceId: s.id } })),
      );
      li.append(refer, el("span", "fits", fitText(s.matched)));
      list.append(li);
    }
    if (list.childElementCount === 0) list.append(el("li", "none", t("help.none")));

    // Every reply, fitting ones first, for when the suggestions are not the right ones.
    const all = el("select");
    all.setAttribute("aria-label", t("help.all"));
    all.append(el("option", undefined, t("help.all")));
    all.options[0]!.value = "";
    for (const r of replies) {
      const option = el("option", undefined, r.text);
      option.value = r.id;
      all.append(option);
    }
    all.addEventListener("change", () => {
      const chosen = replies.find((r) => r.id === all.value);
      if (chosen) ctx.insertReply(chosen.text);
      all.selectedIndex = 0;
    });
    box.append(list, all);
  });
  return box;
}

registerChatSection(helpSection);
