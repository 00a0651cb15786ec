import type { EntityManager } from 'typeorm';
import { hasRole, seesAllMembers, type Principal } from '@careflow/platform';

/** Roles that may read member data in this service (integrators see none here). */
export const FEED_ROLES = ['case-manager', 'supervisor', 'admin'] as const;

/**
 * The caseload rule, checked on the server for every object: a supervisor or admin sees every
 * member; a case manager sees the members of the cases assigned to them (the `caseManager.id` of
 * the latest `ccm.cases.v1` event of each case, kept in `cases`).
 */
export async function seesMember(
  manager: EntityManager,
  principal: Principal,
  memberId: string,
): Promise<boolean> {
  if (seesAllMembers(principal)) return true;
  if (!hasRole(principal, 'case-manager')) return false;
  const rows: unknown[] = await manager.query(
    `SELECT 1 FROM cases WHERE member_id = $1 AND case_manager_id = $2 LIMIT 1`,
    [memberId, principal.id],
  );
  return rows.length > 0;
}

/** The case managers whose caseload holds the member (for the live stream's fan-out). */
export async function caseManagersOf(manager: EntityManager, memberId: string): Promise<string[]> {
  const rows: { case_manager_id: string }[] = await manager.query(
    `SELECT DISTINCT case_manager_id FROM cases WHERE member_id = $1 AND case_manager_id IS NOT NULL`,
    [memberId],
  );
  return rows.map((r) => r.case_manager_id);
}

/** Whether the principal may see an item with this audience and these owners. */
export function itemVisibleTo(
  principal: Principal,
  audience: 'case-manager' | 'supervisor',
  owners: readonly string[],
): boolean {
  if (seesAllMembers(principal)) return true;
  if (audience !== 'case-manager' || !hasRole(principal, 'case-manager')) return false;
  return owners.includes(principal.id);
}
