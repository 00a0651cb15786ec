import type { EntityManager } from 'typeorm';
import {
  caseloadHoldersOf,
  hasRole,
  seesAllMembers,
  seesMember as platformSeesMember,
  type Principal,
} from '@careflow/platform';

/** Roles that may read member data in this service (integrators see none here). */
export const FEED_ROLES = ['case-manager', 'supervisor', 'admin'] as const;

/** This service's projection of ccm.cases.v1 (the latest event of each case). */
export const CASES_TABLE = 'cases';

/**
 * The platform's caseload rule, checked on the server for every object: a supervisor or admin
 * sees every member; a case manager the members of their open cases.
 */
export function seesMember(
  manager: EntityManager,
  principal: Principal,
  memberId: string,
): Promise<boolean> {
  return platformSeesMember(manager, CASES_TABLE, principal, memberId);
}

/** The case managers whose caseload holds the member (for the live stream's fan-out). */
export function caseManagersOf(manager: EntityManager, memberId: string): Promise<string[]> {
  return caseloadHoldersOf(manager, CASES_TABLE, memberId);
}

/** Whether the principal may see an item with this audience and these caseload holders. */
export function itemVisibleTo(
  principal: Principal,
  audience: 'case-manager' | 'supervisor',
  owners: readonly string[],
): boolean {
  if (seesAllMembers(principal)) return true;
  if (audience !== 'case-manager' || !hasRole(principal, 'case-manager')) return false;
  return owners.includes(principal.id);
}
