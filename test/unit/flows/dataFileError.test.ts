import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DataFileError } from "../../../src/flows/dataFileError.js";
import { loadOfficeHours } from "../../../src/handoff/officeHours.js";
import { loadOutcomes } from "../../../src/handoff/outcomes.js";
import { loadShorthand } from "../../../src/text/loadShorthand.js";

const dir = mkdtempSync(path.join(tmpdir(), "data-file-"));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

/** The error a loader throws, checked to be a DataFileError naming `file`. */
function dataFileErrorOf(load: () => unknown, file: string): DataFileError {
  try {
    load();
  } catch (err) {
    expect(err).toBeInstanceOf(DataFileError);
    expect((err as DataFileError).file).toBe(file);
    expect((err as DataFileError).message.startsWith(`${file}: `)).toBe(true);
    return err as DataFileError;
  }
  throw new Error("expected the loader to throw");
}

describe("DataFileError", () => {
  it("when a data file is missing, then the error names it and says it cannot be read", () => {
    const file = path.join(dir, "absent.yaml");
    expect(dataFileErrorOf(() => loadOfficeHours(file), file).message).toMatch(
      /cannot read the file \(ENOENT\)/,
    );
  });

  it("when a data file is not valid YAML, then the error names it", () => {
    const file = write("broken.yaml", "outcomes: [\n");
    expect(dataFileErrorOf(() => loadOutcomes(file), file).message).toMatch(/not valid YAML/);
  });

  it("when a field is wrong, then the error names the field and what to do", () => {
    const file = write("hours.yaml", "timezone: 7\n");
    expect(dataFileErrorOf(() => loadOfficeHours(file), file).message).toMatch(/Fix the office hours file/);
  });

  it("when the office hours name an unknown time zone, then the error says which", () => {
    const file = write("zone.yaml", "timezone: Mars/Olympus\ndays: {}\n");
    expect(dataFileErrorOf(() => loadOfficeHours(file), file).message).toMatch(/"Mars\/Olympus" is unknown/);
  });

  it("when an outcome id appears twice, then the error says which", () => {
    const file = write(
      "outcomes.yaml",
      "outcomes:\n  - { id: same, vi: A, en: A }\n  - { id: same, vi: B, en: B }\n",
    );
    expect(dataFileErrorOf(() => loadOutcomes(file), file).message).toMatch(/"same" appears twice/);
  });

  it("when the shorthand table is malformed, then a DataFileError names it", () => {
    const file = write("shorthand.yaml", "- not: [a table\n");
    dataFileErrorOf(() => loadShorthand(file), file);
  });
});
