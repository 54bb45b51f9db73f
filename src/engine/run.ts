import type { Flow, Step } from "./flowSchema.js";
import { factsIn } from "./topics.js";
import type { Button, Effect, EngineContext, EngineState, OutMessage, StepAddress } from "./types.js";
import { FlowRuntimeError } from "./types.js";

/** Mutable working copy for one engine call; the caller's state is never touched. */
export interface Draft {
  ctx: EngineContext;
  state: EngineState;
  outputs: OutMessage[];
  effects: Effect[];
  /** The text the person typed in this input: a flow entered now reads its `facts` from it. */
  told?: string;
  /** A topic the person asked about: opened instead of the next question (the menu). */
  topic?: StepAddress;
}

/** What a step tells the runner: keep walking, wait for the user, or stop here. */
export type StepOutcome = "continue" | "wait" | "stop";

export function flowOf(draft: Draft, id: string): Flow {
  const flow = draft.ctx.flows.get(id);
  if (!flow) throw new FlowRuntimeError(`unknown flow "${id}"`);
  return flow;
}

export function currentStep(draft: Draft): Step {
  const step = flowOf(draft, draft.state.flow).steps[draft.state.step];
  if (!step) throw new FlowRuntimeError(`unknown step "${draft.state.flow}/${draft.state.step}"`);
  return step;
}

/** Moves to a step in the current flow, or ends the conversation when there is no next step. */
export function moveTo(draft: Draft, next: string | undefined): StepOutcome {
  if (next === undefined) {
    draft.state.done = true;
    return "stop";
  }
  draft.state.step = next;
  return "continue";
}

export function jumpTo(draft: Draft, address: StepAddress): void {
  const flow = flowOf(draft, address.flow);
  draft.state.flow = flow.id;
  draft.state.step = address.step ?? flow.start;
  draft.state.awaiting = false;
  draft.state.done = false;
  draft.state.retries = 0;
  if (draft.state.step === flow.start) startAfresh(draft, flow);
}

/**
 * A flow that starts again forgets the answers its skippable questions hold (else a second
 * check would skip every question), then takes what the person just wrote as answers.
 */
function startAfresh(draft: Draft, flow: Flow): void {
  for (const step of Object.values(flow.steps)) {
    if (step.type === "ask" && step.skipIfKnown && step.var) delete draft.state.vars[step.var];
  }
  if (draft.told !== undefined) Object.assign(draft.state.vars, factsIn(draft.told, flow));
}

/** Renders a text key in the conversation's locale with its variables. */
export function render(draft: Draft, key: string): string {
  return draft.ctx.t(draft.state.locale, key, { ...draft.state.vars });
}

export function say(draft: Draft, keys: string | string[], buttons?: Button[]): void {
  const list = Array.isArray(keys) ? keys : [keys];
  list.forEach((key, i) => {
    const last = i === list.length - 1;
    draft.outputs.push(
      last && buttons && buttons.length > 0
        ? { text: render(draft, key), buttons }
        : { text: render(draft, key) },
    );
  });
}
