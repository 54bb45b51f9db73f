import type { ChannelFactory } from "../channelModule.js";

// Replaced by the Zalo adapters (issue 4).
export const zaloOaChannel: ChannelFactory = () => undefined;
export const zaloBotChannel: ChannelFactory = () => undefined;
