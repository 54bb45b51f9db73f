import type { RequestHandler, Router } from "express";
import type { Logger } from "pino";
import type { Server as SocketServer } from "socket.io";
import type { BackgroundDuty } from "./background/backgroundDuty.js";
import type { Config } from "./config.js";
import type { ConversationService } from "./conversation/conversationService.js";
import type { ServiceDirectory } from "./engine/directory.js";
import type { Translate } from "./engine/types.js";
import type { OfficeHours } from "./handoff/officeHours.js";
import type { QueueDesk } from "./handoff/queueDesk.js";
import type { QueuePlaces } from "./handoff/queuePlaces.js";
import type { FieldCipher } from "./privacy/fieldCipher.js";
import type { Keys } from "./privacy/keys.js";
import type { TypingHub } from "./realtime/typingHub.js";
import type { Store } from "./store/store.js";

/** What the composition root gives a server module (console, privacy). */
export interface ModuleContext {
  config: Config;
  service: ConversationService;
  store: Store;
  cipher: FieldCipher;
  keys: Keys;
  t: Translate;
  logger: Logger;
  clock: () => Date;
  io: SocketServer;
  /** Typing indicators between counselors and people (rate-limited, no text). */
  typing: TypingHub;
  /** Office hours (flows/office-hours.yaml). */
  officeHours: OfficeHours;
  /** What the person hears from the queue during their turn (the conversation service's handoff port). */
  desk: QueueDesk;
  places: QueuePlaces;
  /** The service directory (flows/directory.yaml), when there is one. */
  directory?: ServiceDirectory;
}

/** A server module: optional middleware before all routes, its own routes, background work. */
export interface ServerModule {
  name: string;
  /** Runs before every route (rate limits, request hardening). */
  before?: RequestHandler[];
  /** Mounted at `/` after the web chat API and before static files. */
  router?: Router;
  start?(): Promise<void>;
  stop?(): Promise<void>;
  /** Work that runs on one live instance only (timers, purges, reminders): see src/background/. */
  background?: BackgroundDuty[];
}
