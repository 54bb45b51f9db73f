import type { ChannelSender, ChatMessage, Envelope, SendResult } from "../../../conversation/types.js";
import type { Translate } from "../../../engine/types.js";
import type { BotCall } from "./botApi.js";
import { toBotTexts } from "./render.js";

/** Delivers our messages with `sendMessage {chat_id, text}`, split and with numbered options. */
export class BotSender implements ChannelSender {
  constructor(private readonly deps: { call: BotCall; t: Translate }) {}

  async send(envelope: Envelope, message: ChatMessage): Promise<SendResult> {
    const texts = toBotTexts(message, this.deps.t(envelope.locale, "zalo:choose_by_number"));
    let lastId: string | undefined;
    for (const text of texts) {
      const res = await this.deps.call("sendMessage", { chat_id: envelope.address, text });
      if (!res.ok) return { ok: false, permanent: false, reason: res.description };
      const id = (res.result as { message_id?: unknown } | undefined)?.message_id;
      if (typeof id === "string" || typeof id === "number") lastId = String(id);
    }
    return lastId ? { ok: true, externalId: lastId } : { ok: true };
  }
}
