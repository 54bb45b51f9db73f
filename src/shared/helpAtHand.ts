// Help at hand in a chat: which canned replies and directory services fit the signs found in it.
// Pure and dependency-free, shared by the server (tests) and the console page (which ranks with
// the conversation it has open). The data comes from flows/canned-replies.yaml.

/** The sign for "the person said they are abroad" (the `location` variable, flows/places.yaml). */
export const ABROAD_SIGN = "abroad";

/** A canned reply in the counselor's language, with the signs it suits (none: suits every chat). */
export interface CannedReplyDto {
  id: string;
  text: string;
  fits: string[];
}

/** A directory service a counselor may refer to, with the signs it suits. */
export interface HelpServiceDto {
  id: string;
  name: string;
  kind: string;
  /** The area (province) of a local service; undefined for national ones. */
  areaId?: string;
  province?: string;
  fits: string[];
  /** Never suggested when one of these signs is present (113 does not answer calls from abroad). */
  notWhen: string[];
}

/** `GET /console/api/help/:lang`. */
export interface HelpDto {
  replies: CannedReplyDto[];
  services: HelpServiceDto[];
}

/** What a chat says about the person: risk indicators, where they are, which area. */
export interface ChatSigns {
  signs: string[];
  areaId?: string;
}

/** The signs of a conversation: its risk indicators, plus `abroad` when the person said so. */
export function signsOf(detail: {
  risk: { indicators: string[] };
  answers: Record<string, string | number | boolean>;
}): ChatSigns {
  const signs = [...detail.risk.indicators];
  if (detail.answers.location === ABROAD_SIGN) signs.push(ABROAD_SIGN);
  const area = detail.answers.area;
  return { signs, ...(typeof area === "string" ? { areaId: area } : {}) };
}

/** An item with the signs of this chat it matched (empty: not suggested). */
export type Ranked<T> = T & { matched: string[] };

/**
 * Orders items for a chat: those that fit its signs first (most matching signs first), then
 * the general ones (no `fits`), then the rest; file order within each group, so the people who
 * edit the file decide ties.
 */
export function rankByFit<T extends { fits: string[]; notWhen?: string[] }>(
  items: readonly T[],
  signs: readonly string[],
): Ranked<T>[] {
  const found = new Set(signs);
  const group = (r: Ranked<T>) => (r.matched.length > 0 ? 0 : r.fits.length === 0 ? 1 : 2);
  return items
    .map((item, index) => {
      const excluded = (item.notWhen ?? []).some((s) => found.has(s));
      const matched = excluded ? [] : item.fits.filter((s) => found.has(s));
      return { ranked: { ...item, matched }, index };
    })
    .sort(
      (a, b) =>
        group(a.ranked) - group(b.ranked) ||
        b.ranked.matched.length - a.ranked.matched.length ||
        a.index - b.index,
    )
    .map((x) => x.ranked);
}

/**
 * The services to offer in a chat: those that fit its signs, best first. A local service is
 * offered only in a chat whose person is from its area (elsewhere it would be no help).
 */
export function servicesFor(services: readonly HelpServiceDto[], chat: ChatSigns): Ranked<HelpServiceDto>[] {
  return rankByFit(
    services.filter((s) => s.areaId === undefined || s.areaId === chat.areaId),
    chat.signs,
  ).filter((s) => s.matched.length > 0);
}
