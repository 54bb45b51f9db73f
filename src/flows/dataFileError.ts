import { readFileSync } from "node:fs";
import { parse } from "yaml";

/**
 * A data file (flows, locales, office hours, outcomes, canned replies, the shorthand table)
 * cannot be read or is not valid. The message names the file and says what to fix; the
 * server does not start with such a file, so nothing runs on half-read data.
 */
export class DataFileError extends Error {
  override name = "DataFileError";

  /** @param file the file (or folder) at fault; @param problem what is wrong and what to do. */
  constructor(
    readonly file: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${problem}`, options);
  }
}

/** Reads and parses a YAML data file; a missing, unreadable or malformed file is a DataFileError. */
export function readYamlDataFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new DataFileError(file, `cannot read the file (${(err as NodeJS.ErrnoException).code ?? err}).`, {
      cause: err,
    });
  }
  try {
    return parse(text);
  } catch (err) {
    throw new DataFileError(file, `not valid YAML: ${(err as Error).message}`, { cause: err });
  }
}
