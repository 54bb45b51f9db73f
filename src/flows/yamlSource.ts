import { existsSync, readFileSync } from "node:fs";
import { type Document, isMap, isScalar, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";

/** One problem found in a content file, located for an editor: `file:line: message`. */
export interface FlowProblem {
  file: string;
  line: number;
  message: string;
}

/** A parsed YAML file that remembers where each node came from. */
export interface YamlSource {
  file: string;
  doc: Document;
  lines: LineCounter;
}

/** Reads and parses a YAML file; unreadable files and syntax errors become problems. */
export function parseYaml(file: string, problems: FlowProblem[]): YamlSource | undefined {
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch {
    problems.push({ file, line: 1, message: "file cannot be read" });
    return undefined;
  }
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      const pos = err.pos ? lines.linePos(err.pos[0]) : { line: 1 };
      problems.push({ file, line: pos.line, message: `YAML: ${err.message.split("\n")[0]}` });
    }
    return undefined;
  }
  return { file, doc, lines };
}

/** Line of the deepest node that exists on `pathParts`. */
export function lineOf(loc: YamlSource, pathParts: readonly PropertyKey[]): number {
  for (let n = pathParts.length; n >= 0; n--) {
    const node = loc.doc.getIn(pathParts.slice(0, n) as unknown[], true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return loc.lines.linePos(range[0]).line;
    if (n === 0) break;
    // a missing key: point at its parent map's key if any
    const parent = loc.doc.getIn(pathParts.slice(0, n - 1) as unknown[], true);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === pathParts[n - 1]);
      const keyRange = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      if (keyRange) return loc.lines.linePos(keyRange[0]).line;
    }
  }
  return 1;
}

/**
 * Reads an optional YAML data file and checks it against `schema`: undefined when the file is
 * missing (not a problem by itself), unreadable, broken or off-schema (each issue becomes a
 * problem located at its line). The parsed source comes back too, for further checks by line.
 */
export function parseYamlFile<S extends z.ZodTypeAny>(
  file: string,
  schema: S,
  problems: FlowProblem[],
): { source: YamlSource; data: z.infer<S> } | undefined {
  if (!existsSync(file)) return undefined;
  const source = parseYaml(file, problems);
  if (!source) return undefined;
  const result = schema.safeParse(source.doc.toJS());
  if (result.success) return { source, data: result.data };
  for (const issue of result.error.issues)
    problems.push({
      file,
      line: lineOf(source, issue.path),
      message: `${issue.path.join(".")}: ${issue.message}`,
    });
  return undefined;
}
