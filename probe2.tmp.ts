import { loadRiskModel } from "./src/risk/loadRiskModel.ts";
import { assessRisk, matchLexicon } from "./src/risk/assessRisk.ts";
import { loadJsonl } from "./src/risk/loadEvalSet.ts";
const m = loadRiskModel();
for (const e of loadJsonl(process.argv[2]!)) {
  const r = assessRisk(e.text, m); const lx = matchLexicon(e.text, m);
  const bad = (e.label==="urgent" && r.level!=="urgent") || (e.label==="none" && (r.level==="high"||r.level==="urgent")) || (e.label==="scam" && ["none","low"].includes(r.level));
  if (bad) console.log(`[${e.label}->${r.level} lex=${lx.level} pU=${r.probabilities?.urgent.toFixed(2)} pN=${r.probabilities?.none.toFixed(2)}] ${e.text} {${lx.indicators.map(i=>i.id).join(",")}}`);
}
