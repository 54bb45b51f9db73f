export { conditionsHold } from "./conditions.js";
export * from "./directory.js";
export { initialState, step } from "./engine.js";
export * from "./flowSchema.js";
export { intentOf, matchIntent, slashCommand } from "./intents.js";
export * from "./types.js";
