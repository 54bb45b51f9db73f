import { z } from "zod";
import { LOCALES } from "../engine/types.js";
import type { LocaleResources } from "./locales.js";
import { type FlowProblem, parseYamlFile } from "./yamlSource.js";

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
  const parsed = parseYamlFile(file, noticeSchema, problems);
  if (!parsed) return;
  for (const lng of LOCALES) {
    resources[lng].handoff = { ...resources[lng].handoff, notice: parsed.data.notice[lng] };
  }
}
