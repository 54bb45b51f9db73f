import { z } from "zod";
import { foldForMatch } from "../text/normalize.js";

/**
 * Phrases that say where someone is (`flows/places.yaml`): abroad or in Vietnam. 111 and 113
 * work from Vietnamese networks only, so the answers to danger depend on it (CONTENT.md,
 * "Short numbers from abroad").
 */
export const placesSchema = z.strictObject({
  /** Countries and words that put the person (or the one they write about) outside Vietnam. */
  abroad: z.array(z.string().min(1)).min(1),
  /** Words that say they are in Vietnam now ("đã về nước", "ở Việt Nam"). Checked first. */
  vietnam: z.array(z.string().min(1)).min(1),
  /**
   * Words that make a country named after them, in the same clause, a plan or an offer rather
   * than where the person is ("họ rủ tôi sang Campuchia", "có nên đi Đài Loan"): that mention
   * says nothing about where they are.
   */
  prospective: z.array(z.string().min(1)).default([]),
});
export type Places = z.infer<typeof placesSchema>;

/** Where the person is, as far as the bot knows; `unknown` until said. */
export type Whereabouts = "vietnam" | "abroad" | "unknown";

/** The variable that holds `Whereabouts`; texts pick their numbers with `$t(ns:key_{{location}})`. */
export const LOCATION_VAR = "location";

// Folded once per places table and padded with a space on each side, the form whole-word
// matching looks for: not rebuilt for every phrase of every message.
const folded = new WeakMap<Places, { abroad: string[]; vietnam: string[]; prospective: string[] }>();
function foldedOf(places: Places) {
  let f = folded.get(places);
  if (!f) {
    const fold = (list: string[]) =>
      list
        .map(foldForMatch)
        .filter((p) => p !== "")
        .map((p) => ` ${p} `);
    f = {
      abroad: fold(places.abroad),
      vietnam: fold(places.vietnam),
      prospective: fold(places.prospective),
    };
    folded.set(places, f);
  }
  return f;
}

/**
 * Where a message says the person is: "vietnam" when it says they are in Vietnam (or back
 * home), "abroad" when it names a country or "nước ngoài", undefined when it says neither.
 * Phrases match as whole words on folded text (no marks, any case).
 */
export function whereaboutsIn(
  text: string,
  places: Places | undefined,
): Exclude<Whereabouts, "unknown"> | undefined {
  if (!places) return undefined;
  const padded = ` ${foldForMatch(text)} `;
  if (padded.trim() === "") return undefined;
  const { abroad, vietnam, prospective } = foldedOf(places);
  if (vietnam.some((p) => padded.includes(p))) return "vietnam";
  for (const clause of text.split(CLAUSE_BREAK)) {
    const words = ` ${foldForMatch(clause)} `;
    for (const place of abroad) {
      const at = words.indexOf(place);
      if (at < 0) continue;
      const before = words.slice(0, at + 1);
      if (!prospective.some((p) => before.includes(p))) return "abroad";
    }
  }
  return undefined;
}

/** Where one clause ends: punctuation, a line break, or "nhưng"/"mà giờ" (but, and now). */
const CLAUSE_BREAK = /[.!?;,\n]+|\s(?:nhưng|nhung|mà giờ|ma gio|but)\s/iu;
