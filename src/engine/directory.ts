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

/**
 * One service people can contact. `phone` is left out when no number is confirmed: the bot then
 * says so and points to 111, so a number is never invented.
 */
export const serviceSchema = z.strictObject({
  id: idSchema,
  name: localizedSchema,
  /** What it is for, and where it is (address, hours) if known. */
  about: localizedSchema,
  phone: phoneSchema.optional(),
  /** Where the facts come from, for the operator; never shown. */
  source: z.string().optional(),
});
export type Service = z.infer<typeof serviceSchema>;

/** A province or city, found by its names and aliases typed with or without marks. */
export const areaSchema = z.strictObject({
  id: idSchema,
  name: localizedSchema,
  /** Other names people type: old names, short forms ("hn", "tp hcm"), English names. */
  aliases: z.array(z.string().min(1)).default([]),
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

/** Every folded name an area is known by. */
export function areaNames(area: Area): string[] {
  return [area.name.vi, area.name.en, ...area.aliases].map(foldForMatch).filter((n) => n !== "");
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
  if (!directory) return undefined;
  const padded = ` ${foldForMatch(text)} `;
  if (padded.trim() === "") return undefined;
  let best: { area: Area; length: number } | undefined;
  for (const area of directory.areas) {
    for (const name of areaNames(area)) {
      if (padded.includes(` ${name} `) && (!best || name.length > best.length))
        best = { area, length: name.length };
    }
  }
  if (best) return best.area;
  const whole = padded.trim();
  const close = directory.areas.filter((area) =>
    areaNames(area).some((name) => name.length >= MIN_TYPO_LENGTH && withinOneEdit(whole, name)),
  );
  return close.length === 1 ? close[0] : undefined;
}

/** The area with this id, if the directory has it. */
export function areaById(directory: ServiceDirectory | undefined, id: unknown): Area | undefined {
  return typeof id === "string" ? directory?.areas.find((a) => a.id === id) : undefined;
}

/** A localized text in `locale`. */
export function localized(text: LocalizedText, locale: Locale): string {
  return text[locale];
}
