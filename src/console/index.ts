import path from "node:path";
import type { ModuleContext, ServerModule } from "../appModule.js";
import { periodicDuty } from "../background/backgroundDuty.js";
import { telegramAlertSink } from "../handoff/counselorAlerts.js";
import { HandoffService } from "../handoff/handoffService.js";
import { loadOutcomes } from "../handoff/outcomes.js";
import { QueueWatcher } from "../handoff/queueWatcher.js";
import { remindOverdueUrgent } from "../handoff/urgentReminders.js";
import { ReferralService } from "../referrals/referralService.js";
import { StatsRecorder } from "../reports/statsRecorder.js";
import { consoleRoutes } from "./consoleRoutes.js";
import { ConsoleSessions } from "./consoleSessions.js";
import { attachConsoleSocket } from "./consoleSocket.js";
import { helpRoutes, loadHelp } from "./helpRoutes.js";
import { readRoutes } from "./readRoutes.js";
import { referralRoutes } from "./referralRoutes.js";
import { reportPage, reportRoutes } from "./reportRoutes.js";

/** How often overdue urgent chats are looked for. */
const SLA_CHECK_MS = 2_000;

/**
 * The counselor console and the counselor side of the handoff: watches the queue, serves `/console` and `/console/api/*`, and the Socket.IO namespace `/console`.
 * Telegram alerts to the counselor group run when TELEGRAM_COUNSELOR_CHAT_ID and
 * TELEGRAM_BOT_TOKEN are set.
 */
export function consoleModule(ctx: ModuleContext): ServerModule {
  const { config, logger } = ctx;
  const { officeHours, desk, places } = ctx;
  const outcomes = loadOutcomes(path.join(config.FLOWS_DIR, "outcomes.yaml"));
  const alerts =
    config.TELEGRAM_COUNSELOR_CHAT_ID && config.TELEGRAM_BOT_TOKEN
      ? telegramAlertSink({
          apiRoot: config.TELEGRAM_API_ROOT,
          token: config.TELEGRAM_BOT_TOKEN,
          chatId: config.TELEGRAM_COUNSELOR_CHAT_ID,
          logger,
        })
      : undefined;
  const stats = ctx.store.stats;
  const recorder = new StatsRecorder({
    stats,
    clock: ctx.clock,
    logger,
    urgentSlaSeconds: config.URGENT_SLA_SECONDS,
  });
  const detachRecorder = recorder.attach(ctx.service);
  const referralStore = ctx.store.referrals(ctx.cipher);
  const referrals = new ReferralService({
    store: referralStore,
    directory: ctx.directory,
    conversations: ctx.service,
    stats: recorder,
    t: ctx.t,
    clock: ctx.clock,
    logger,
  });
  const watcher = new QueueWatcher({
    conversations: ctx.store.queue,
    service: ctx.service,
    desk,
    places,
    t: ctx.t,
    clock: ctx.clock,
    logger,
    ...(alerts ? { alerts } : {}),
  });
  const handoff = new HandoffService({
    conversations: ctx.store.conversations,
    counselors: ctx.store.counselors,
    audit: ctx.store.audit,
    service: ctx.service,
    desk,
    places,
    watcher,
    cipher: ctx.cipher,
    t: ctx.t,
    clock: ctx.clock,
    outcomes,
    stats: recorder,
  });
  const detachWatcher = watcher.attach();
  const sessions = new ConsoleSessions(ctx.store.consoleSessions, ctx.clock, ctx.keys.sessionSecret);
  const router = consoleRoutes({
    config,
    conversations: ctx.store.conversations,
    readMarks: ctx.store.readMarks,
    counselors: ctx.store.counselors,
    consoleSessions: ctx.store.consoleSessions,
    handoff,
    sessions,
    outcomes,
    publicDir: path.resolve("public"),
    officeHours,
    clock: ctx.clock,
    extraApi: [
      referralRoutes({ referrals, localesDir: config.LOCALES_DIR }),
      reportRoutes({ stats, referralStore, recorder, outcomes, clock: ctx.clock }),
      readRoutes({ conversations: ctx.store.conversations, readMarks: ctx.store.readMarks }),
      helpRoutes({ data: loadHelp(config.FLOWS_DIR, ctx.directory), directory: ctx.directory }),
    ],
  });
  router.use(reportPage(path.resolve("public")));
  const socket = attachConsoleSocket({
    io: ctx.io,
    service: ctx.service,
    handoff,
    conversations: ctx.store.conversations,
    sessions,
    logger,
    typing: ctx.typing,
    cipher: ctx.cipher,
    clock: ctx.clock,
  });

  return {
    name: "console",
    router,
    async start() {
      if (alerts)
        logger.info({ slaSeconds: config.URGENT_SLA_SECONDS }, "counselor alerts to Telegram are on");
    },
    // Reminders of overdue urgent chats come from one instance (the background lock holder).
    background: alerts
      ? [
          periodicDuty(
            "sla-reminders",
            SLA_CHECK_MS,
            () =>
              remindOverdueUrgent({
                conversations: ctx.store.conversations,
                alerts,
                t: ctx.t,
                clock: ctx.clock,
                urgentSlaSeconds: config.URGENT_SLA_SECONDS,
              }),
            { logger },
          ),
        ]
      : [],
    async stop() {
      socket.detach();
      detachWatcher();
      detachRecorder();
      await handoff.settled();
      await recorder.settled();
    },
  };
}
