import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadTranscriptFile, playTranscript } from "../support/transcripts.js";

const dir = path.resolve("test/transcripts");
const files = readdirSync(dir).filter((f) => f.endsWith(".yaml"));

describe("conversation transcripts (test/transcripts/*.yaml)", () => {
  it("when the transcript folder is read, then it holds transcripts", () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const file of files) {
    const { transcripts } = loadTranscriptFile(path.join(dir, file));
    describe(file, () => {
      for (const transcript of transcripts) {
        it(transcript.name, () => {
          playTranscript(transcript);
        });
      }
    });
  }
});
