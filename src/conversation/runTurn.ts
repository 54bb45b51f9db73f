import { answersPendingChoice, step } from "../engine/engine.js";
import type { EngineContext, EngineInput, EngineState, RiskSignal, StepResult } from "../engine/types.js";

/** Assesses the risk in one free-text message. */
export type RiskAssessor = (text: string) => RiskSignal;

/**
 * One turn of the bot, without I/O: free text goes through the risk model first, whatever
 * flow is running, then the engine. Used by the orchestrator and the transcript tests alike.
 */
export function runTurn(
  state: EngineState,
  input: EngineInput,
  ctx: Omit<EngineContext, "risk">,
  assessRisk: RiskAssessor,
): StepResult & { risk?: RiskSignal } {
  // Free text is read for risk; a typed option of the pending question ("2", "có") is not free text.
  const risk =
    input.type === "text" && !answersPendingChoice(state, input, ctx) ? assessRisk(input.text) : undefined;
  const result = step(state, input, risk ? { ...ctx, risk } : ctx);
  return risk ? { ...result, risk } : result;
}
