import { z } from "zod";
import { DataFileError, readYamlDataFile } from "../flows/dataFileError.js";

export const outcomesSchema = z
  .object({
    outcomes: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/),
            vi: z.string().min(1),
            en: z.string().min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type Outcome = z.infer<typeof outcomesSchema>["outcomes"][number];

/** Reads and checks `flows/outcomes.yaml`: how a counselor may close a chat. */
export function loadOutcomes(file: string): Outcome[] {
  const result = outcomesSchema.safeParse(readYamlDataFile(file));
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new DataFileError(file, `${problems}. Fix the outcomes file and restart.`);
  }
  const ids = result.data.outcomes.map((o) => o.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate)
    throw new DataFileError(file, `outcome id "${duplicate}" appears twice. Make each id unique.`);
  return result.data.outcomes;
}
