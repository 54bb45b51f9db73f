// The pure parts on one core: the risk model and one whole bot turn (risk + flow engine), no I/O.
import { performance } from "node:perf_hooks";
import { riskAssessorFromModel } from "../src/conversation/riskAssessor.js";
import { runTurn } from "../src/conversation/runTurn.js";
import { initialState } from "../src/engine/engine.js";
import { loadFlows } from "../src/flows/loadFlows.js";
import { createTranslator } from "../src/i18n.js";
import { loadRiskModel } from "../src/risk/loadRiskModel.js";
import { USER_TEXTS } from "./webhookLoad.js";

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

export interface PureResult {
  riskPerSecond: number;
  longMessageMs: { p50: number; p95: number };
  turnsPerSecond: number;
}

export function benchPure(): PureResult {
  const bundle = loadFlows("flows", "locales");
  const { t } = createTranslator(bundle.resources, { retentionDays: 90 });
  const ctx = { flows: bundle.flows, intents: bundle.intents, t };
  const assess = riskAssessorFromModel(loadRiskModel("flows/risk"));
  const texts = USER_TEXTS.filter((text) => !text.startsWith("/"));
  const long = `${texts.join(". ")} `.repeat(20).slice(0, 4000);

  let n = 0;
  let start = performance.now();
  while (performance.now() - start < 2000) {
    assess(texts[n % texts.length]!);
    n++;
  }
  const riskPerSecond = n / ((performance.now() - start) / 1000);

  const longTimes: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    assess(long);
    longTimes.push(performance.now() - t0);
  }
  longTimes.sort((a, b) => a - b);

  n = 0;
  start = performance.now();
  let state = initialState("vi", ctx);
  while (performance.now() - start < 2000) {
    const r = runTurn(state, { type: "text", text: texts[n % texts.length]! }, ctx, assess);
    state = r.state.awaiting ? r.state : initialState("vi", ctx);
    n++;
  }
  const turnsPerSecond = n / ((performance.now() - start) / 1000);
  return {
    riskPerSecond,
    longMessageMs: { p50: percentile(longTimes, 50), p95: percentile(longTimes, 95) },
    turnsPerSecond,
  };
}
