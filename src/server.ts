import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import express, { type Express } from "express";
import helmet from "helmet";
import type { Logger } from "pino";
import { Server as SocketServer } from "socket.io";
import type { ModuleContext, ServerModule } from "./appModule.js";
import { BackgroundWork } from "./background/backgroundWork.js";
import { BACKGROUND_INTERVAL_MS, coreDuties } from "./background/coreDuties.js";
import type { ChannelFactory, ChannelHandle } from "./channels/channelModule.js";
import { channelFactories } from "./channels/index.js";
import { webchatRoutes } from "./channels/webchat/webchatRoutes.js";
import { attachWebchatSocket } from "./channels/webchat/webchatSocket.js";
import { WebSessions } from "./channels/webchat/webSessions.js";
import { type Config, localDataDir } from "./config.js";
import { consoleModule } from "./console/index.js";
import { ConversationEvents } from "./conversation/conversationEvents.js";
import { ConversationService } from "./conversation/conversationService.js";
import { Outbox } from "./conversation/outbox.js";
import { riskAssessorFromModel } from "./conversation/riskAssessor.js";
import type { RiskAssessor } from "./conversation/runTurn.js";
import { DataFileError } from "./flows/dataFileError.js";
import { formatProblems, loadFlows } from "./flows/loadFlows.js";
import { loadOfficeHours } from "./handoff/officeHours.js";
import { QueueDesk } from "./handoff/queueDesk.js";
import { QueuePlaces } from "./handoff/queuePlaces.js";
import { errorHandler, notFound } from "./http/httpError.js";
import { createTranslator } from "./i18n.js";
import { createLogger } from "./logger.js";
import { FieldCipher } from "./privacy/fieldCipher.js";
import { erasure, privacyModule } from "./privacy/index.js";
import { resolveKeys } from "./privacy/keys.js";
import { TypingHub } from "./realtime/typingHub.js";
import { loadRiskModel } from "./risk/loadRiskModel.js";
import { leaderLockFor } from "./store/leaderLock.js";
import { openStore, type Store } from "./store/store.js";
import { openTurnStore } from "./store/turnStore.js";

export interface StartOptions {
  logger?: Logger;
  clock?: () => Date;
  /** Replaces the risk model (tests). */
  assessRisk?: RiskAssessor;
  /** Background timers (delivery retries, continuous recovery). Off in some tests that drive them by hand. */
  timers?: boolean;
  /** How often delivery retries run and instances ask for the background lock (default 5 s); recovery runs every third time. */
  backgroundIntervalMs?: number;
  /** Messenger channels to start when configured (default: all). */
  channels?: ChannelFactory[];
  /** After how long a delivery still sending claims its unsent messages (default 10 s; tests shorten it). */
  slowSendMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  app: Express;
  http: HttpServer;
  io: SocketServer;
  store: Store;
  service: ConversationService;
  logger: Logger;
  /** The background work of this instance (whether it holds the lock, which duties run). */
  background: BackgroundWork;
  close(): Promise<void>;
}

/** Folder of static browser files (demo page, built widget and console). */
export const PUBLIC_DIR = path.resolve("public");

/**
 * Builds the whole server from a parsed config and starts listening on `config.PORT`
 * (0 for any free port). The database must already be migrated (`npm run db:migrate`).
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const dataDir = localDataDir(config.DATABASE_URL);
  const keys = resolveKeys(config, dataDir, logger);
  const bundle = loadFlows(config.FLOWS_DIR, config.LOCALES_DIR);
  if (bundle.problems.length > 0) {
    throw new DataFileError(
      config.FLOWS_DIR,
      `flows have problems (run npm run flows:check):\n${formatProblems(bundle.problems)}`,
    );
  }
  const { t } = createTranslator(bundle.resources, { retentionDays: config.RETENTION_DAYS });
  const store = await openStore(config.DATABASE_URL);
  // The conversation core's hot path: prepared statements on a connection of its own.
  const turnStore = await openTurnStore(config.DATABASE_URL);
  const cipher = new FieldCipher(keys.dataKey, keys.previousDataKeys);
  const clock = options.clock ?? (() => new Date());
  const app = express();
  const http = createServer(app);
  const io = new SocketServer(http, {
    serveClient: false,
    cors: { origin: false },
    maxHttpBufferSize: 64_000,
  });

  // The conversation core and the ports it is given (see docs/architecture.md).
  const events = new ConversationEvents();
  const outbox = new Outbox({
    turnStore,
    cipher,
    events,
    logger,
    clock,
    ...(options.slowSendMs ? { slowSendMs: options.slowSendMs } : {}),
  });
  const officeHours = loadOfficeHours(path.join(config.FLOWS_DIR, "office-hours.yaml"));
  const places = new QueuePlaces({ queue: store.queue, clock });
  const desk = new QueueDesk({
    audit: store.audit,
    cipher,
    places,
    t,
    clock,
    officeHours,
    intents: bundle.intents,
  });
  const service = new ConversationService({
    turnStore,
    cipher,
    pseudonymKey: keys.pseudonymKey,
    engine: {
      flows: bundle.flows,
      intents: bundle.intents,
      t,
      ...(bundle.directory ? { directory: bundle.directory } : {}),
      ...(bundle.places ? { places: bundle.places } : {}),
    },
    assessRisk:
      options.assessRisk ?? riskAssessorFromModel(loadRiskModel(path.join(config.FLOWS_DIR, "risk"))),
    logger,
    ...(options.clock ? { clock: options.clock } : {}),
    events,
    outbox,
    handoff: desk,
    erasure: erasure({ privacy: store.privacy, cipher, outbox, io, logger }),
  });

  // Loaded only when used: the Redis client costs a noticeable part of the start-up otherwise.
  const redis = config.REDIS_URL
    ? await (await import("./realtime/redisAdapter.js")).attachRedisAdapter(io, config.REDIS_URL, logger)
    : undefined;
  const typing = new TypingHub();
  const moduleContext: ModuleContext = {
    config,
    service,
    store,
    cipher,
    keys,
    t,
    logger,
    clock,
    io,
    typing,
    officeHours,
    desk,
    places,
    ...(bundle.directory ? { directory: bundle.directory } : {}),
  };
  const modules: ServerModule[] = [privacyModule(moduleContext), consoleModule(moduleContext)];
  app.disable("x-powered-by");
  app.set("trust proxy", config.TRUST_PROXY);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", "data:"],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          frameAncestors: ["'self'"],
          formAction: ["'self'"],
        },
      },
      referrerPolicy: { policy: "no-referrer" },
    }),
  );

  for (const mod of modules) if (mod.before) app.use(...mod.before);

  const sessions = new WebSessions(store.webSessions, (sessionId, locale) =>
    service.ensureContact("webchat", sessionId, locale),
  );
  service.registerSender("webchat", { addressless: true, send: async () => ({ ok: true }) });

  app.get("/healthz", async (_req, res) => {
    try {
      await store.ping();
      res.json({ status: "ok" });
    } catch {
      res
        .status(503)
        .json({ status: "unavailable", error: { code: "database", message: "Database does not answer." } });
    }
  });
  app.get("/webchat/api/config", (_req, res) => {
    res.json({ quickExitUrl: config.QUICK_EXIT_URL });
  });
  app.use("/webchat/api", express.json({ limit: "64kb" }), webchatRoutes(service, sessions));
  app.use("/webchat/api", notFound);
  for (const mod of modules) if (mod.router) app.use(mod.router);
  const channelRouter = express.Router();
  app.use(channelRouter);
  const channels: ChannelHandle[] = [];
  for (const factory of options.channels ?? channelFactories) {
    const handle = await factory({
      config,
      router: channelRouter,
      service,
      store,
      cipher,
      t,
      logger,
      clock,
      typing,
    });
    if (handle) channels.push(handle);
  }
  app.use(express.static(PUBLIC_DIR, { index: "index.html", maxAge: "5m" }));
  app.use(notFound);
  app.use(errorHandler(logger));

  const detachWebchat = attachWebchatSocket(io, service, sessions, typing);

  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  try {
    for (const channel of channels) {
      await channel.start();
      logger.info({ channel: channel.name }, "channel started");
    }
    for (const mod of modules) await mod.start?.();
  } catch (err) {
    // Leave nothing open behind a failed start (the caller reports the error).
    for (const channel of channels) await channel.stop().catch(() => undefined);
    for (const mod of modules) await mod.stop?.().catch(() => undefined);
    detachWebchat();
    io.close();
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await redis?.close();
    await store.close();
    await turnStore.close();
    throw err;
  }
  // Background work runs on one live instance (src/background/); SQLite is one instance.
  const background = new BackgroundWork({
    lock: leaderLockFor(config.DATABASE_URL, logger),
    duties: [
      ...(options.timers === false ? [] : coreDuties(service, clock, logger, options.backgroundIntervalMs)),
      ...modules.flatMap((mod) => mod.background ?? []),
      ...channels.flatMap((channel) => channel.background ?? []),
    ],
    logger,
    checkIntervalMs: options.backgroundIntervalMs ?? BACKGROUND_INTERVAL_MS,
  });
  await background.start();
  if (background.isLeader) {
    // This instance has just started: finish at once what a crash left (no grace time).
    const recovered = await service.recover();
    if (recovered.inbound + recovered.outbound > 0)
      logger.info(recovered, "recovered unfinished work after restart");
  }

  logger.info({ port }, "hotline bot listening");
  return {
    url,
    port,
    app,
    http,
    io,
    store,
    service,
    logger,
    background,
    async close() {
      await background.stop();
      for (const channel of channels) await channel.stop();
      for (const mod of modules) await mod.stop?.();
      detachWebchat();
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
      });
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await redis?.close();
      await store.close();
      await turnStore.close();
    },
  };
}
