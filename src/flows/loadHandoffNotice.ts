import { existsSync } from "node:fs";
import { z } from "zod";
import { LOCALES } from "../engine/types.js";
import type { LocaleResources } from "./locales.js";
import { type FlowProblem, lineOf, parseYaml } from "./yamlSource.js";

export const HANDOFF_NOTICE_FILE = "handoff-notice.yaml";

/** The text key the handoff layer says; the data file overrides its locale default. */
export const HANDOFF_NOTICE_KEY = "handoff:notice";

const noticeSchema = z.strictObject({
  /** Told once when a conversation is handed to a counselor: what they see, who else does. */
  notice: z.strictObject({ vi: z.string().trim().min(1), en: z.string().trim().min(1) }),
});

/**
 * Reads the operator's handoff notice (`flows/handoff-notice.yaml`) into the locale resources,
 * replacing the default text of `handoff:notice`. A missing file keeps the default; a broken one
 * is a problem for the flow checker.
 */
export function loadHandoffNotice(file: string, resources: LocaleResources, problems: FlowProblem[]): void {
  if (!existsSync(file)) return;
  const source = parseYaml(file, problems);
  if (!source) return;
  const result = noticeSchema.safeParse(source.doc.toJS());
  if (!result.success) {
    for (const issue of result.error.issues)
      problems.push({
        file,
        line: lineOf(source, issue.path),
        message: `${issue.path.join(".")}: ${issue.message}`,
      });
    return;
  }
  for (const lng of LOCALES) {
    resources[lng].handoff = { ...resources[lng].handoff, notice: result.data.notice[lng] };
  }
}
