// Skips a build whose inputs have not changed since the last one: the stamp file written after a
// build records the SHA-256 of every input, so a start with nothing changed costs one read of the
// inputs (a few milliseconds), not a rebuild. Content hashes, not times: a checkout or a copy
// that touches every file does not force a rebuild, and an edit within the same second does.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

/** SHA-256 of each file, keyed by path; a missing file hashes to "missing". */
export function hashFiles(files) {
  const hashes = {};
  for (const file of [...files].sort()) {
    hashes[file] = existsSync(file)
      ? createHash("sha256").update(readFileSync(file)).digest("hex")
      : "missing";
  }
  return hashes;
}

/** The input hashes of the last build, or undefined when there was none (or its stamp is unreadable). */
export function readStamp(stampFile) {
  try {
    const stamp = JSON.parse(readFileSync(stampFile, "utf8"));
    return stamp && typeof stamp.inputs === "object" ? stamp : undefined;
  } catch {
    return undefined;
  }
}

/** True when `current` (path → hash) is exactly the stamp's input set. */
export function sameInputs(stamp, current) {
  if (!stamp) return false;
  const before = Object.keys(stamp.inputs);
  const now = Object.keys(current);
  return before.length === now.length && now.every((file) => stamp.inputs[file] === current[file]);
}

export function writeStamp(stampFile, inputs) {
  writeFileSync(stampFile, `${JSON.stringify({ inputs }, null, 1)}\n`);
}
