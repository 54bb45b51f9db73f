// npm run flows:check [-- --flows DIR --locales DIR]: prints `file:line: message` for each problem.
import { parseArgs } from "node:util";
import { formatProblems, loadFlows } from "../flows/loadFlows.js";

const { values } = parseArgs({
  options: { flows: { type: "string", default: "flows" }, locales: { type: "string", default: "locales" } },
});
const bundle = loadFlows(values.flows, values.locales);
if (bundle.problems.length > 0) {
  console.error(formatProblems(bundle.problems));
  console.error(`${bundle.problems.length} problem(s) in flows.`);
  process.exit(1);
}
process.stdout.write(
  `flows ok: ${bundle.flows.size} flows checked against ${Object.keys(bundle.resources).length} locales\n`,
);
