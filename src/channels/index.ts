import type { ChannelFactory } from "./channelModule.js";
import { telegramChannel } from "./telegram/index.js";
import { zaloBotChannel, zaloOaChannel } from "./zalo/index.js";

/** Every messenger channel; each starts only when its environment variables are set. */
export const channelFactories: ChannelFactory[] = [telegramChannel, zaloOaChannel, zaloBotChannel];
