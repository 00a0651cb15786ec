import type { EntityManager } from 'typeorm';
import { caseloadHolders, seesMemberOf, type CaseAssignment } from '../auth/caseload';
import { hasRole, seesAllMembers, type Principal } from '../auth/principal';

/**
 * The caseload rule against a service's own projection of cases (`casesTable`, with member_id,
 * case_manager_id and status columns; the name is the service's constant, never input).
 */
export async function memberCases(
  manager: EntityManager,
  casesTable: string,
  memberId: string,
): Promise<CaseAssignment[]> {
  const rows: { case_manager_id: string | null; status: string }[] = await manager.query(
    `SELECT case_manager_id, status FROM ${casesTable} WHERE member_id = $1`,
    [memberId],
  );
  return rows.map((r) => ({ caseManagerId: r.case_manager_id, status: r.status }));
}

/** Whether the principal may see the member's data (no query for those who see all or none). */
export async function seesMember(
  manager: EntityManager,
  casesTable: string,
  principal: Principal,
  memberId: string,
): Promise<boolean> {
  if (seesAllMembers(principal)) return true;
  if (!hasRole(principal, 'case-manager')) return false;
  return seesMemberOf(principal, await memberCases(manager, casesTable, memberId));
}

/** The case managers whose caseload holds the member. */
export async function caseloadHoldersOf(
  manager: EntityManager,
  casesTable: string,
  memberId: string,
): Promise<string[]> {
  return caseloadHolders(await memberCases(manager, casesTable, memberId));
}
