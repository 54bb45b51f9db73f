import type { EngineContext, Locale, Scalar } from "../engine/types.js";

type QuestionIndex = Map<string, { question: string; choices: Map<string, string> }>;

/** One index per set of loaded flows (built on first use). */
const indexes = new WeakMap<EngineContext["flows"], QuestionIndex>();

function questionIndex(flows: EngineContext["flows"]): QuestionIndex {
  let index = indexes.get(flows);
  if (index) return index;
  index = new Map();
  for (const flow of flows.values()) {
    for (const step of Object.values(flow.steps)) {
      if (step.type !== "ask" || !step.var || index.has(step.var)) continue;
      const keys = Array.isArray(step.text) ? step.text : [step.text];
      index.set(step.var, {
        question: keys[keys.length - 1]!,
        choices: new Map((step.choices ?? []).map((c) => [c.value, c.label])),
      });
    }
  }
  indexes.set(flows, index);
  return index;
}

/**
 * The person's answers to the flows' questions, in words a counselor reads: each `ask` step's
 * question and the label of the chosen option (free-text answers as written), in `locale`.
 * Internal variables (scores, levels) are left out.
 */
export function describeAnswers(
  engine: Pick<EngineContext, "flows" | "t">,
  vars: Record<string, Scalar>,
  locale: Locale,
): { var: string; question: string; answer: string }[] {
  const index = questionIndex(engine.flows);
  const described: { var: string; question: string; answer: string }[] = [];
  for (const [name, value] of Object.entries(vars)) {
    const entry = index.get(name);
    if (!entry) continue;
    const label = entry.choices.get(String(value));
    described.push({
      var: name,
      question: engine.t(locale, entry.question, { ...vars }),
      answer: label ? engine.t(locale, label, { ...vars }) : String(value),
    });
  }
  return described;
}
