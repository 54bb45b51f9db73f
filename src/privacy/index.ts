import type { ModuleContext, ServerModule } from "../appModule.js";
import { rateLimits } from "./rateLimits.js";
import { RetentionJob } from "./retentionJob.js";

export { CONVERSATION_ERASED_EVENT, erasure } from "./eraseContact.js";
export { FieldCipher } from "./fieldCipher.js";
export { handleFor, pseudonymFor } from "./pseudonym.js";
export { containsPersonalData, MASKS, type RedactOptions, redact, redactTranscript } from "./redact.js";
export { type PurgeResult, purgeExpiredConversations } from "./retention.js";

/**
 * Privacy and hardening (docs/privacy.md): the daily retention purge and rate limits before
 * every route. (Erasure on request is the conversation service's ErasurePort, see `erasure`.)
 */
export function privacyModule(ctx: ModuleContext): ServerModule {
  const retention = new RetentionJob({
    privacy: ctx.store.privacy,
    retentionDays: ctx.config.RETENTION_DAYS,
    clock: ctx.clock,
    logger: ctx.logger,
    lock: (conversationId, task) => ctx.service.withConversationLock(conversationId, task),
  });
  return {
    name: "privacy",
    before: [rateLimits(ctx.t)],
    // The purge runs on one instance: when it takes the background lock, then every day.
    background: [{ name: "retention", start: () => retention.start(), stop: () => retention.stop() }],
  };
}
