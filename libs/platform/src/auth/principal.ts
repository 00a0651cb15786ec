import { z } from 'zod';

/** `auditor` reads audit reports (accounting of disclosures); it sees no member data otherwise. */
export const ROLES = ['case-manager', 'supervisor', 'integrator', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** The caller, from a verified token: `sub` is a case manager's id as it appears in `caseManager.id`. */
export interface Principal {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /**
   * The vendors an integrator acts for (vendor ids of the routing policy, e.g. `accredo`), from
   * the token's vendors claim. Absent or empty: the integrator is scoped to no vendor.
   */
  readonly vendors?: readonly string[];
}

/** The caller of a request that carried no valid token, as audit entries name it. */
export const ANONYMOUS: Principal = { id: 'anonymous', name: 'anonymous', roles: [] };

export const roleList = z
  .array(z.string())
  .transform((roles) =>
    roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role)),
  )
  .pipe(z.array(z.enum(ROLES)).min(1, 'at least one Careflow role').max(ROLES.length));

export function hasRole(principal: Principal, ...roles: Role[]): boolean {
  return principal.roles.some((r) => roles.includes(r));
}

/** Supervisors and admins see every member; case managers only their caseload. */
export function seesAllMembers(principal: Principal): boolean {
  return hasRole(principal, 'supervisor', 'admin');
}
