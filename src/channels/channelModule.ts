import type { Router } from "express";
import type { Logger } from "pino";
import type { BackgroundDuty } from "../background/backgroundDuty.js";
import type { Config } from "../config.js";
import type { ConversationService } from "../conversation/conversationService.js";
import type { Translate } from "../engine/types.js";
import type { FieldCipher } from "../privacy/fieldCipher.js";
import type { TypingHub } from "../realtime/typingHub.js";
import type { Store } from "../store/store.js";

/** What the composition root gives a channel adapter. */
export interface ChannelContext {
  config: Config;
  /** Mounted at `/` before the static files: add webhook routes here (each with its own body parser). */
  router: Router;
  service: ConversationService;
  store: Store;
  cipher: FieldCipher;
  t: Translate;
  logger: Logger;
  clock: () => Date;
  /** Register how this channel shows a counselor's typing (`typing.registerChannel`), if it can. */
  typing: TypingHub;
}

/**
 * A running channel: `start` runs on every instance after the HTTP server listens (checks,
 * setWebhook); `background` (long polling, token refresh) runs on one live instance only.
 */
export interface ChannelHandle {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  background?: BackgroundDuty[];
}

/** Creates a channel when its environment variables are set; returns undefined otherwise. */
export type ChannelFactory = (
  ctx: ChannelContext,
) => ChannelHandle | undefined | Promise<ChannelHandle | undefined>;
