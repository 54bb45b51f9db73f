/** Console roles, each including the rights of the ones before it. */
export const ROLES = ["counselor", "supervisor", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** True when `role` has at least the rights of `minimum`. */
export function hasRole(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}

/** A signed-in staff member, as the handoff layer sees them. */
export interface Staff {
  id: string;
  role: Role;
  alias: string;
  maxChats: number;
}
