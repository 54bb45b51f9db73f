import type { ModuleContext, ServerModule } from "../appModule.js";

// Replaced by the privacy and hardening module (issue 7).
export function privacyModule(_ctx: ModuleContext): ServerModule {
  return { name: "privacy" };
}
