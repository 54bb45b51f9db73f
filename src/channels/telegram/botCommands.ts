import type { BotCommand } from "grammy/types";
import type { Locale, Translate } from "../../engine/types.js";

/**
 * The command menu shown in Telegram, per language. The engine understands every command
 * here (engine.ts COMMANDS); English users see /counselor, Vietnamese users /tuvan.
 */
export function botCommandsFor(locale: Locale, t: Translate): BotCommand[] {
  const counselor = locale === "en" ? "counselor" : "tuvan";
  return [
    { command: "start", description: t(locale, "telegram:commands.start") },
    { command: "menu", description: t(locale, "telegram:commands.menu") },
    { command: counselor, description: t(locale, "telegram:commands.counselor") },
    { command: "help", description: t(locale, "telegram:commands.help") },
    { command: "lang", description: t(locale, "telegram:commands.lang") },
    { command: "delete", description: t(locale, "telegram:commands.delete") },
  ];
}
