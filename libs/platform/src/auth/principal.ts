import { z } from 'zod';

export const ROLES = ['case-manager', 'supervisor', 'integrator', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** The caller, from a verified token: `sub` is a case manager's id as it appears in `caseManager.id`. */
export interface Principal {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
}

export const tokenClaims = z.object({
  sub: z.string().min(1).max(100),
  name: z.string().min(1).max(200),
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
});

export function hasRole(principal: Principal, ...roles: Role[]): boolean {
  return principal.roles.some((r) => roles.includes(r));
}

/** Supervisors and admins see every member; case managers only their caseload. */
export function seesAllMembers(principal: Principal): boolean {
  return hasRole(principal, 'supervisor', 'admin');
}
