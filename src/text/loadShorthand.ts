import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { DataFileError } from "../flows/dataFileError.js";
import { buildShorthandTable, type ShorthandTable, shorthandFileSchema } from "./shorthand.js";

/**
 * Reads and validates the shorthand table (default `flows/shorthand.yaml`).
 * Throws an Error naming the file and the first problems found.
 */
export function loadShorthand(file = "flows/shorthand.yaml"): ShorthandTable {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new DataFileError(file, `cannot read the shorthand table: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const parsed = shorthandFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new DataFileError(file, `invalid shorthand table: ${problems.join("; ")}`);
  }
  return buildShorthandTable(parsed.data);
}
