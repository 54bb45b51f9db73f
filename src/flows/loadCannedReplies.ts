import { z } from "zod";
import { SERVICE_KINDS, type ServiceDirectory } from "../engine/directory.js";
import type { Locale } from "../engine/types.js";
import { ABROAD_SIGN, type HelpDto } from "../shared/helpAtHand.js";
import { type FlowProblem, lineOf, parseYamlFile } from "./yamlSource.js";

export const CANNED_REPLIES_FILE = "canned-replies.yaml";

const idSchema = z.string().regex(/^[a-z0-9_]+$/, { error: "ids are lower_snake_case" });
const signsSchema = z.array(z.string().min(1)).default([]);

const replySchema = z.strictObject({
  id: idSchema,
  /** The signs (risk indicator ids, or `abroad`) this reply suits; none: every chat. */
  fits: signsSchema,
  vi: z.string().trim().min(1).max(4000),
  en: z.string().trim().min(1).max(4000),
});

const serviceFitSchema = z
  .strictObject({
    /** One service of flows/directory.yaml by id, or every service of a kind. */
    service: idSchema.optional(),
    kind: z.enum(SERVICE_KINDS, { error: `kind is one of ${SERVICE_KINDS.join(", ")}` }).optional(),
    fits: z.array(z.string().min(1)).min(1),
    notWhen: signsSchema,
  })
  .refine((f) => (f.service === undefined) !== (f.kind === undefined), {
    error: "give either `service` (an id in directory.yaml) or `kind`, not both",
  });

export const cannedRepliesSchema = z.strictObject({
  replies: z.array(replySchema).min(1),
  services: z.array(serviceFitSchema).default([]),
});
export type CannedReplies = z.infer<typeof cannedRepliesSchema>;

/** What the file is checked against: the signs that exist and the directory's services. */
export interface CannedRepliesCheck {
  /** Risk indicator ids (their labels in locales/<lng>/risk.json); `abroad` is always known. Unchecked when left out. */
  indicators?: ReadonlySet<string>;
  directory?: ServiceDirectory;
}

/**
 * Reads `flows/canned-replies.yaml`: the counselors' canned replies in both languages, each
 * tagged with the signs it suits, and which directory services suit which signs. Problems
 * (schema, duplicate ids, a sign no indicator has, a service the directory lacks) go to
 * `problems` with their line; undefined when the file is missing or broken.
 */
export function loadCannedReplies(
  file: string,
  check: CannedRepliesCheck,
  problems: FlowProblem[],
): CannedReplies | undefined {
  const parsed = parseYamlFile(file, cannedRepliesSchema, problems);
  if (!parsed) return undefined;
  const { source, data } = parsed;
  const before = problems.length;
  const problem = (path: PropertyKey[], message: string) =>
    problems.push({ file, line: lineOf(source, path), message });
  const known = (sign: string) => sign === ABROAD_SIGN || (check.indicators?.has(sign) ?? true);
  const seen = new Set<string>();
  data.replies.forEach((reply, i) => {
    if (seen.has(reply.id)) problem(["replies", i, "id"], `reply id "${reply.id}" is used twice`);
    seen.add(reply.id);
    reply.fits.forEach((sign, j) => {
      if (!known(sign)) problem(["replies", i, "fits", j], unknownSign(sign));
    });
  });
  const serviceIds = new Set<string>();
  const kinds = new Set<string>();
  for (const s of check.directory?.national ?? []) {
    serviceIds.add(s.id);
    kinds.add(s.kind);
  }
  for (const area of check.directory?.areas ?? [])
    for (const s of area.services) {
      serviceIds.add(s.id);
      kinds.add(s.kind);
    }
  data.services.forEach((fit, i) => {
    if (fit.service && check.directory && !serviceIds.has(fit.service))
      problem(["services", i, "service"], `service "${fit.service}" is not in directory.yaml`);
    if (fit.kind && check.directory && !kinds.has(fit.kind))
      problem(["services", i, "kind"], `no service of kind "${fit.kind}" in directory.yaml`);
    for (const key of ["fits", "notWhen"] as const)
      fit[key].forEach((sign, j) => {
        if (!known(sign)) problem(["services", i, key, j], unknownSign(sign));
      });
  });
  return problems.length === before ? data : undefined;
}

function unknownSign(sign: string): string {
  return `"${sign}" is neither a risk indicator (an id in flows/risk/indicators, labelled in locales/*/risk.json) nor "${ABROAD_SIGN}"`;
}

/**
 * The canned replies and the fitting services in one language, for the console: every reply;
 * every service the file tags (a `kind` entry stands for each service of that kind), with its area.
 */
export function helpFor(data: CannedReplies, directory: ServiceDirectory | undefined, lang: Locale): HelpDto {
  const services: HelpDto["services"] = [];
  const located = [
    ...(directory?.national ?? []).map((service) => ({ service, area: undefined })),
    ...(directory?.areas ?? []).flatMap((area) => area.services.map((service) => ({ service, area }))),
  ];
  for (const fit of data.services)
    for (const { service, area } of located) {
      if (fit.service !== undefined ? service.id !== fit.service : service.kind !== fit.kind) continue;
      services.push({
        id: service.id,
        name: service.name[lang],
        kind: service.kind,
        ...(area ? { areaId: area.id, province: area.name[lang] } : {}),
        fits: fit.fits,
        notWhen: fit.notWhen,
      });
    }
  return { replies: data.replies.map((r) => ({ id: r.id, text: r[lang], fits: r.fits })), services };
}
