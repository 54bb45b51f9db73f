import type { Condition } from "./flowSchema.js";
import type { Scalar } from "./types.js";

/** True when every condition holds for `vars`. */
export function conditionsHold(conds: Condition | Condition[], vars: Record<string, Scalar>): boolean {
  const list = Array.isArray(conds) ? conds : [conds];
  return list.every((c) => conditionHolds(c, vars));
}

function conditionHolds(c: Condition, vars: Record<string, Scalar>): boolean {
  const value = vars[c.var];
  if (c.exists !== undefined && (value !== undefined) !== c.exists) return false;
  if (c.eq !== undefined && value !== c.eq) return false;
  if (c.in !== undefined && (value === undefined || !c.in.includes(value))) return false;
  if (c.gte !== undefined && !(typeof value === "number" && value >= c.gte)) return false;
  if (c.lte !== undefined && !(typeof value === "number" && value <= c.lte)) return false;
  return true;
}
