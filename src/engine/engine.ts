import type { StepOf } from "./flowSchema.js";
import { type IntentName, intentOf } from "./intents.js";
import { LOCATION_VAR, whereaboutsIn } from "./places.js";
import { currentStep, type Draft, jumpTo, type StepOutcome, say } from "./run.js";
import {
  answerAsk,
  answerInOwnWords,
  answersInOwnWords,
  buttonsFor,
  executeAsk,
  findChoice,
} from "./steps/executeAsk.js";
import { executeAssess } from "./steps/executeAssess.js";
import { executeBranch } from "./steps/executeBranch.js";
import { executeEnd } from "./steps/executeEnd.js";
import { executeErase } from "./steps/executeErase.js";
import { executeFindArea } from "./steps/executeFindArea.js";
import { executeGoto } from "./steps/executeGoto.js";
import { executeHandoff } from "./steps/executeHandoff.js";
import { executeSay } from "./steps/executeSay.js";
import { executeServices } from "./steps/executeServices.js";
import { executeSet } from "./steps/executeSet.js";
import { matchTopic } from "./topics.js";
import {
  type EngineContext,
  type EngineInput,
  type EngineState,
  FlowRuntimeError,
  GLOBAL_CHOICES,
  type Locale,
  type StepAddress,
  type StepResult,
} from "./types.js";

/** A flow graph that walks more steps than this without waiting is a bug (a loop). */
const MAX_STEPS_PER_INPUT = 200;

const DEFAULT_ENTRY: NonNullable<EngineContext["entry"]> = {
  start: { flow: "main" },
  menu: { flow: "main", step: "menu" },
  human: { flow: "counselor" },
  erase: { flow: "erase" },
};

/** The state of a conversation that has not started: the first input shows the greeting. */
export function initialState(locale: Locale, ctx: Pick<EngineContext, "entry" | "flows">): EngineState {
  const start = ctx.entry?.start ?? DEFAULT_ENTRY.start;
  const flow = ctx.flows.get(start.flow);
  if (!flow) throw new FlowRuntimeError(`start flow "${start.flow}" is missing`);
  return {
    v: 1,
    flow: flow.id,
    step: start.step ?? flow.start,
    awaiting: false,
    done: false,
    locale,
    vars: {},
    retries: 0,
  };
}

/**
 * Runs one user input through the flows: `(state, input) -> (state', outputs, effects)`.
 * Pure: no I/O, the input state is not mutated, time and risk come in through `ctx`.
 */
export function step(state: EngineState, input: EngineInput, ctx: EngineContext): StepResult {
  const draft: Draft = {
    ctx,
    state: structuredClone(state),
    outputs: [],
    effects: [],
    ...(input.type === "text" ? { told: input.text } : {}),
  };
  const outcome = handleInput(draft, input);
  if (outcome === "continue") walk(draft);
  return { state: draft.state, outputs: draft.outputs, effects: draft.effects };
}

function handleInput(draft: Draft, input: EngineInput): StepOutcome {
  // Where the person is decides which numbers the texts give (111 and 113 work from Vietnam only).
  if (input.type === "text") {
    const where = whereaboutsIn(input.text, draft.ctx.places);
    if (where) draft.state.vars[LOCATION_VAR] = where;
  }
  if (input.type === "choice" && input.value === GLOBAL_CHOICES.call) {
    say(draft, "common:call_lines");
    // In the queue nothing is pending: the numbers are the whole answer (no menu).
    return draft.state.awaiting ? resume(draft) : "wait";
  }
  const risk = draft.ctx.risk;
  if (risk && risk.level !== "none") {
    draft.effects.push({ type: "risk", level: risk.level, indicators: risk.indicators });
  }
  // The most important advice for what was said, in one short message (danger indicators come first).
  const advice = risk && risk.level !== "none" && risk.level !== "low" ? risk.advice?.[0] : undefined;
  if (risk?.level === "urgent") {
    say(draft, "risk:urgent");
    if (advice) say(draft, advice);
    draft.effects.push({ type: "handoff", priority: "urgent", reason: "risk" });
    return "wait";
  }
  if (risk?.level === "high") {
    // A high risk puts the person in the queue unless they decline: an offer that scrolls
    // away is easy to miss for someone who is afraid.
    if (advice) say(draft, advice);
    say(draft, "risk:high", [
      { label: draft.ctx.t(draft.state.locale, "common:cancel_counselor"), value: GLOBAL_CHOICES.cancel },
    ]);
    draft.effects.push({ type: "handoff", priority: "high", reason: "risk" });
    const current = draft.state.awaiting ? currentStep(draft) : undefined;
    // At a question that takes no free text, show it again under the notice, so its buttons stay
    // at hand; what the message answered in the person's own words is kept, and the flow moves on.
    if (!(current?.type === "ask" && current.freeText)) {
      if (input.type === "text" && current?.type === "ask") {
        const told = answerInOwnWords(draft, current, input.text);
        if (told) return told;
      } else if (input.type === "text" && !draft.state.awaiting) {
        draft.topic = matchTopic(input.text, draft.ctx.intents);
      }
      return resume(draft);
    }
  } else if (advice) {
    say(draft, advice);
  }

  const intent = intentOf(input, draft.ctx.intents);
  if (intent) return handleIntent(draft, intent);

  if (draft.state.awaiting) {
    const current = currentStep(draft);
    if (current.type !== "ask") throw new FlowRuntimeError(`waiting on a ${current.type} step`);
    if (draft.ctx.flagged && input.type === "text" && !acceptsAnswer(draft, current, input)) {
      return acknowledgeForCounselor(draft);
    }
    return answerAsk(draft, current, input);
  }
  // Someone waiting for a counselor who writes again is heard, not sent back to the greeting or menu.
  if (draft.ctx.flagged && input.type === "text") return acknowledgeForCounselor(draft);
  // A plain question ("số đường dây nóng") opens its topic where the menu would be asked.
  if (input.type === "text") draft.topic = matchTopic(input.text, draft.ctx.intents);
  if (draft.state.done) {
    jumpTo(draft, entry(draft).menu);
  }
  // A new conversation: whatever the first message says, show the greeting, then the menu or the topic asked about.
  return "continue";
}

/**
 * Whether a typed text is just one of the pending question's options ("2", "có", "không
 * chắc"): such an answer is not free text, so it is not read for risk.
 */
export function answersPendingChoice(state: EngineState, input: EngineInput, ctx: EngineContext): boolean {
  if (!state.awaiting || input.type !== "text") return false;
  const draft: Draft = { ctx, state, outputs: [], effects: [] };
  const current = currentStep(draft);
  return current.type === "ask" && findChoice(draft, current, input) !== undefined;
}

/** Whether the pending question would take this input as its answer (a choice, or free text it accepts). */
function acceptsAnswer(draft: Draft, step: StepOf<"ask">, input: EngineInput): boolean {
  return (
    findChoice(draft, step, input) !== undefined ||
    (input.type === "text" && (step.freeText === true || answersInOwnWords(draft, step, input.text)))
  );
}

/** "A counselor will read this": the answer to anything a flagged person writes that is no answer. */
function acknowledgeForCounselor(draft: Draft): StepOutcome {
  say(draft, "common:noted_for_counselor");
  return "wait";
}

function handleIntent(draft: Draft, intent: IntentName): StepOutcome {
  switch (intent) {
    case "menu":
    case "cancel": {
      const atStart = !draft.state.awaiting && !draft.state.done;
      if (!atStart) jumpTo(draft, entry(draft).menu);
      return "continue";
    }
    case "human":
      jumpTo(draft, entry(draft).human);
      return "continue";
    case "erase":
      jumpTo(draft, entry(draft).erase);
      return "continue";
    case "english":
      return switchLocale(draft, "en");
    case "vietnamese":
      return switchLocale(draft, "vi");
    case "language":
      say(draft, "common:choose_language", [
        { label: "Tiếng Việt", value: GLOBAL_CHOICES.vi },
        { label: "English", value: GLOBAL_CHOICES.en },
      ]);
      return "wait";
    case "help":
      say(draft, "common:help");
      return resume(draft);
    default: {
      const unreachable: never = intent;
      throw new FlowRuntimeError(`unhandled intent ${String(unreachable)}`);
    }
  }
}

function switchLocale(draft: Draft, locale: Locale): StepOutcome {
  draft.state.locale = locale;
  draft.effects.push({ type: "locale", locale });
  say(draft, "common:language_set");
  return resume(draft);
}

/** After a side trip (help, language), show the pending question again, or carry on. */
function resume(draft: Draft): StepOutcome {
  if (draft.ctx.withCounselor) return "wait";
  if (draft.state.awaiting) {
    const current = currentStep(draft) as StepOf<"ask">;
    const keys = Array.isArray(current.text) ? current.text : [current.text];
    say(draft, keys[keys.length - 1]!, buttonsFor(draft, current));
    return "wait";
  }
  if (draft.state.done) jumpTo(draft, entry(draft).menu);
  return "continue";
}

function entry(draft: Draft): { menu: StepAddress; human: StepAddress; erase: StepAddress } {
  return draft.ctx.entry ?? DEFAULT_ENTRY;
}

function walk(draft: Draft): void {
  for (let i = 0; i < MAX_STEPS_PER_INPUT; i++) {
    const current = currentStep(draft);
    let outcome: StepOutcome;
    switch (current.type) {
      case "say":
        outcome = executeSay(draft, current);
        break;
      case "ask":
        if (draft.topic) {
          jumpTo(draft, draft.topic);
          draft.topic = undefined;
          outcome = "continue";
        } else outcome = executeAsk(draft, current);
        break;
      case "branch":
        outcome = executeBranch(draft, current);
        break;
      case "set":
        outcome = executeSet(draft, current);
        break;
      case "goto":
        outcome = executeGoto(draft, current);
        break;
      case "handoff":
        outcome = executeHandoff(draft, current);
        break;
      case "end":
        outcome = executeEnd(draft, current);
        break;
      case "erase":
        outcome = executeErase(draft, current);
        break;
      case "assess":
        outcome = executeAssess(draft, current);
        break;
      case "find_area":
        outcome = executeFindArea(draft, current);
        break;
      case "services":
        outcome = executeServices(draft, current);
        break;
      default: {
        const unreachable: never = current;
        throw new FlowRuntimeError(`unknown step type ${JSON.stringify(unreachable)}`);
      }
    }
    if (outcome !== "continue") return;
  }
  throw new FlowRuntimeError(
    `more than ${MAX_STEPS_PER_INPUT} steps without waiting at ${draft.state.flow}/${draft.state.step}`,
  );
}
