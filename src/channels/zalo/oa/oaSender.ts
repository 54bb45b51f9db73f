import type { ChannelSender, ChatMessage, Envelope, SendResult } from "../../../conversation/types.js";
import type { Translate } from "../../../engine/types.js";
import { OA_EXTERNAL_PREFIX } from "./events.js";
import { type OaRecipient, type OaSendOutcome, sendOaMessage } from "./oaApi.js";
import { toOaMessages } from "./render.js";
import type { OaTokenStore } from "./tokenStore.js";

/** Refresh ahead of expiry by this much, so a send never races the expiry. */
export const REFRESH_MARGIN_MS = 30 * 60_000;

/** Whom to address: the user's latest message when we know it (a free reply), else the user. */
export function recipientFor(envelope: Pick<Envelope, "address" | "replyTo">): OaRecipient {
  if (envelope.replyTo?.startsWith(OA_EXTERNAL_PREFIX)) {
    return { message_id: envelope.replyTo.slice(OA_EXTERNAL_PREFIX.length) };
  }
  return { user_id: envelope.address };
}

/**
 * Delivers our messages through the OA API. An invalid token (-216) is refreshed once and the
 * send retried once; a refusal for the reply window (230) is permanent, so the message is
 * recorded as undeliverable with the reason and a counselor sees it; anything else waits for
 * the conversation service's retry.
 */
export class OaSender implements ChannelSender {
  constructor(
    private readonly deps: {
      apiRoot: string;
      tokens: OaTokenStore;
      t: Translate;
      send?: typeof sendOaMessage;
    },
  ) {}

  async send(envelope: Envelope, message: ChatMessage): Promise<SendResult> {
    const { tokens, t } = this.deps;
    let current = await tokens.current();
    if (tokens.expiresSoon(current, REFRESH_MARGIN_MS)) {
      const refreshed = await tokens.refresh(current.accessToken);
      // A failed early refresh is not fatal: the old token still works until it expires.
      if (refreshed.ok) current = refreshed.tokens;
    }
    let accessToken = current.accessToken;
    const recipient = recipientFor(envelope);
    const parts = toOaMessages(message, t(envelope.locale, "zalo:choose_by_number"));
    let lastId: string | undefined;
    for (const part of parts) {
      let outcome = await this.call(accessToken, recipient, part);
      if (outcome.type === "token-invalid") {
        const refreshed = await tokens.refresh(accessToken);
        if (!refreshed.ok) {
          return {
            ok: false,
            permanent: false,
            reason: `Zalo access token expired and the refresh failed: ${refreshed.reason}`,
          };
        }
        accessToken = refreshed.tokens.accessToken;
        outcome = await this.call(accessToken, recipient, part);
      }
      switch (outcome.type) {
        case "sent":
          lastId = outcome.messageId ?? lastId;
          break;
        case "token-invalid":
          return {
            ok: false,
            permanent: false,
            reason: "Zalo rejected the access token even after a refresh (error -216)",
          };
        case "outside-window":
          return {
            ok: false,
            permanent: true,
            reason: `${outcome.description}. Zalo only lets the Official Account write to a user who wrote recently; this person has to write first.`,
          };
        case "failed":
          return { ok: false, permanent: false, reason: outcome.description };
        default: {
          const unreachable: never = outcome;
          throw new Error(`unhandled outcome ${JSON.stringify(unreachable)}`);
        }
      }
    }
    return lastId ? { ok: true, externalId: lastId } : { ok: true };
  }

  private call(
    accessToken: string,
    recipient: OaRecipient,
    part: Parameters<typeof sendOaMessage>[3],
  ): Promise<OaSendOutcome> {
    return (this.deps.send ?? sendOaMessage)(this.deps.apiRoot, accessToken, recipient, part);
  }
}
