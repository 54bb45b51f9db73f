/**
 * The Zalo channels: the Official Account API v3 (`oa/`) and the Zalo Bot Platform (`bot/`).
 * Each starts only when its environment variables are set (see docs/zalo.md).
 */
export { zaloBotChannel } from "./bot/index.js";
export { zaloOaChannel } from "./oa/index.js";
