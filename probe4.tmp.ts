import { loadRiskModel } from "./src/risk/loadRiskModel.ts";
import { assessRisk, matchLexicon } from "./src/risk/assessRisk.ts";
import { loadJsonl } from "./src/risk/loadEvalSet.ts";
const m = loadRiskModel();
const counts = new Map<string, number>();
for (const f of process.argv.slice(2)) for (const e of loadJsonl(f)) {
  if (e.label !== "none") continue;
  const r = assessRisk(e.text, m); const lx = matchLexicon(e.text, m);
  if (r.level === "high" || r.level === "urgent") {
    console.log(`[${r.level} lex=${lx.level} pU=${r.probabilities?.urgent.toFixed(2)} pN=${r.probabilities?.none.toFixed(2)}] ${e.text.slice(0,150)} {${lx.indicators.map(i=>i.id).join(",")}}`);
    for (const i of lx.indicators) counts.set(i.id, (counts.get(i.id) ?? 0) + 1);
  }
}
console.log([...counts.entries()].sort((a,b)=>b[1]-a[1]));
