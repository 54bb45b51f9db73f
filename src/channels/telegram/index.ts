import type { ChannelFactory } from "../channelModule.js";

// Replaced by the Telegram adapter (issue 3).
export const telegramChannel: ChannelFactory = () => undefined;
