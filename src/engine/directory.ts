import { z } from "zod";
import { withinOneEdit } from "../text/editDistance.js";
import { foldForMatch } from "../text/normalize.js";
import type { Locale } from "./types.js";

/** A text in every supported locale. */
const localizedSchema = z.strictObject({ vi: z.string().min(1), en: z.string().min(1) });
export type LocalizedText = z.infer<typeof localizedSchema>;

const idSchema = z.string().regex(/^[a-z0-9_]+$/, { error: "ids are lower_snake_case" });

/** A phone number as people dial it: digits and spaces, optionally a leading `+`. */
const phoneSchema = z.string().regex(/^\+?[0-9][0-9 ]{1,19}$/, {
  error: 'a phone number is digits and spaces, optionally with a leading "+"',
});

/** What kind of help a service gives; referrals and reports are counted by kind. */
export const SERVICE_KINDS = [
  "osso",
  "legal",
  "health",
  "psychosocial",
  "police",
  "hotline",
  "social_work",
  "shelter",
  "other",
] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

/**
 * One service people can contact. `phone` is left out when no number is confirmed: the bot then
 * says so and points to 111, so a number is never invented.
 */
export const serviceSchema = z.strictObject({
  /** Stable: referrals and reports keep it. Never reuse an id for another service. */
  id: idSchema,
  kind: z.enum(SERVICE_KINDS, { error: `kind is one of ${SERVICE_KINDS.join(", ")}` }),
  name: localizedSchema,
  /** What it offers, and where it is (address, hours) if known. */
  about: localizedSchema,
  phone: phoneSchema.optional(),
  /** How to reach it, when there is more to say than the number (from where it can be dialled, Zalo). */
  reach: localizedSchema.optional(),
  /** What to bring, only when a source says so; left out otherwise. */
  bring: localizedSchema.optional(),
  /** Where the facts come from, for the operator; never shown. */
  source: z.string().optional(),
});
export type Service = z.infer<typeof serviceSchema>;

/** A province that was merged into a larger unit on 1 July 2025, still typed by its old name. */
export const formerAreaSchema = z.strictObject({
  name: localizedSchema,
  /** Short forms and town names of the old province ("brvt", "vũng tàu"). */
  aliases: z.array(z.string().min(1)).default([]),
});
export type FormerArea = z.infer<typeof formerAreaSchema>;

/** A province or city, found by its names and aliases typed with or without marks. */
export const areaSchema = z.strictObject({
  id: idSchema,
  name: localizedSchema,
  /** How a sentence names it: "thành phố Hải Phòng", "tỉnh Lâm Đồng". Defaults to `name`. */
  fullName: localizedSchema.optional(),
  /** Other names people type: short forms ("hn", "tp hcm"), English names, towns. */
  aliases: z.array(z.string().min(1)).default([]),
  /** The provinces this unit took in on 1 July 2025, found by their old names. */
  formerly: z.array(formerAreaSchema).default([]),
  services: z.array(serviceSchema).default([]),
});
export type Area = z.infer<typeof areaSchema>;

/** The service directory, `flows/directory.yaml`. */
export const directorySchema = z.strictObject({
  /** Numbers that must never be shown again (a retired hotline): the checker rejects them anywhere. */
  retiredNumbers: z.array(z.string().min(1)).default([]),
  /** Lines for everyone, wherever they are. */
  national: z.array(serviceSchema).min(1),
  areas: z.array(areaSchema).default([]),
});
export type ServiceDirectory = z.infer<typeof directorySchema>;

/** Every folded name an area is known by, its former provinces' names included. */
export function areaNames(area: Area): string[] {
  return [...ownNames(area), ...area.formerly.flatMap(formerNames)];
}

function ownNames(area: Area): string[] {
  return [area.name.vi, area.name.en, ...area.aliases].map(foldForMatch).filter((n) => n !== "");
}

function formerNames(former: FormerArea): string[] {
  return [former.name.vi, former.name.en, ...former.aliases].map(foldForMatch).filter((n) => n !== "");
}

/** An area found in a message, and the former province named, when an old name was typed. */
export interface PlaceMatch {
  area: Area;
  former?: FormerArea;
}

/** Names this long or longer also match with one typo ("ha noii"); shorter ones would collide. */
const MIN_TYPO_LENGTH = 6;

/**
 * Finds the area a message names: "Hà Nội", "ha noi", "hn", "tôi ở Cần Thơ". Names are
 * compared on folded text (no marks, any case) as whole words; the longest name found wins,
 * so "Hà Nam" is never taken for "Hà Nội". A message that is only a name with one typo matches
 * when exactly one area fits. Returns undefined when no name is found.
 */
export function findArea(directory: ServiceDirectory | undefined, text: string): Area | undefined {
  return findPlace(directory, text)?.area;
}

/**
 * Like `findArea`, and says which former province was named: "Hải Dương" finds Hải Phòng with
 * the former Hải Dương, so the bot can tell the person gently where it belongs now.
 */
export function findPlace(directory: ServiceDirectory | undefined, text: string): PlaceMatch | undefined {
  if (!directory) return undefined;
  const padded = ` ${foldForMatch(text)} `;
  if (padded.trim() === "") return undefined;
  const candidates = directory.areas.flatMap((area) => [
    ...ownNames(area).map((name) => ({ name, match: { area } as PlaceMatch })),
    ...area.formerly.flatMap((former) =>
      formerNames(former).map((name) => ({ name, match: { area, former } })),
    ),
  ]);
  let best: { match: PlaceMatch; length: number } | undefined;
  for (const { name, match } of candidates) {
    if (padded.includes(` ${name} `) && (!best || name.length > best.length))
      best = { match, length: name.length };
  }
  if (best) return best.match;
  const whole = padded.trim();
  const close = candidates.filter(({ name }) => name.length >= MIN_TYPO_LENGTH && withinOneEdit(whole, name));
  const areas = new Set(close.map((c) => c.match.area.id));
  return areas.size === 1 && close[0] ? close[0].match : undefined;
}

/** The area with this id, if the directory has it. */
export function areaById(directory: ServiceDirectory | undefined, id: unknown): Area | undefined {
  return typeof id === "string" ? directory?.areas.find((a) => a.id === id) : undefined;
}

/** A localized text in `locale`. */
export function localized(text: LocalizedText, locale: Locale): string {
  return text[locale];
}
