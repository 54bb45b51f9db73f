import type { ModuleContext, ServerModule } from "../appModule.js";

// Replaced by the counselor console and handoff module (issue 6).
export function consoleModule(_ctx: ModuleContext): ServerModule {
  return { name: "console" };
}
