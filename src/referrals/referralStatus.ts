/** Where a referral stands in its follow-up. */
export const REFERRAL_STATUSES = ["referred", "contacted", "supported", "declined", "lost"] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/**
 * The follow-up transition table: `referred → contacted → supported | declined | lost`. A person
 * may also decline, or be lost to follow-up, before the service has reached them. `supported`,
 * `declined` and `lost` are final.
 */
const NEXT: Record<ReferralStatus, readonly ReferralStatus[]> = {
  referred: ["contacted", "declined", "lost"],
  contacted: ["supported", "declined", "lost"],
  supported: [],
  declined: [],
  lost: [],
};

/** True when a referral may move from `from` to `to`. */
export function canMoveReferral(from: ReferralStatus, to: ReferralStatus): boolean {
  return NEXT[from].includes(to);
}

/** The statuses a referral in `from` may move to (for the console's buttons). */
export function nextReferralStatuses(from: ReferralStatus): readonly ReferralStatus[] {
  return NEXT[from];
}

/** True when no further status change is possible. */
export function isFinalReferralStatus(status: ReferralStatus): boolean {
  return NEXT[status].length === 0;
}
