import type { ModuleContext, ServerModule } from "../appModule.js";
import { eraseHandler } from "./eraseContact.js";
import { rateLimits } from "./rateLimits.js";
import { RetentionJob } from "./retentionJob.js";

export { CONVERSATION_ERASED_EVENT } from "./eraseContact.js";
export { FieldCipher } from "./fieldCipher.js";
export { handleFor, pseudonymFor } from "./pseudonym.js";
export { containsPersonalData, MASKS, type RedactOptions, redact, redactTranscript } from "./redact.js";
export { type PurgeResult, purgeExpiredConversations } from "./retention.js";

/**
 * Privacy and hardening (docs/privacy.md): erasure on request (`service.hooks.onErase`), the
 * daily retention purge, and rate limits before every route.
 */
export function privacyModule(ctx: ModuleContext): ServerModule {
  const onErase = eraseHandler({ prisma: ctx.prisma, service: ctx.service, io: ctx.io, logger: ctx.logger });
  ctx.service.hooks.onErase = onErase;
  const retention = new RetentionJob({
    prisma: ctx.prisma,
    retentionDays: ctx.config.RETENTION_DAYS,
    clock: ctx.clock,
    logger: ctx.logger,
    lock: (conversationId, task) => ctx.service.withConversationLock(conversationId, task),
  });
  return {
    name: "privacy",
    before: [rateLimits(ctx.t)],
    async start() {
      // Set again in case another module replaced the hooks object after we were built.
      ctx.service.hooks.onErase ??= onErase;
    },
    // The purge runs on one instance: when it takes the background lock, then every day.
    background: [{ name: "retention", start: () => retention.start(), stop: () => retention.stop() }],
  };
}
