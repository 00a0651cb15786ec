import type { CaseStatus } from '@careflow/contracts';
import { hasRole, seesAllMembers, type Principal } from './principal';

/**
 * The caseload rule, the one every service applies to member data: a supervisor or admin sees
 * every member; a case manager sees the members of their OPEN cases; anyone else sees none.
 * A case is open while the member is worked: identified, waiting for the assessment, or enrolled.
 */
export const OPEN_CASE_STATUSES = [
  'identified',
  'assessment-pending',
  'enrolled',
] as const satisfies readonly CaseStatus[];

/** What a service knows of one case of a member: who holds it and its status. */
export interface CaseAssignment {
  readonly caseManagerId: string | null;
  readonly status: string;
}

export function isOpenCase(status: string): boolean {
  return (OPEN_CASE_STATUSES as readonly string[]).includes(status);
}

/** The case managers whose caseload holds a member, from the member's cases. */
export function caseloadHolders(cases: Iterable<CaseAssignment>): string[] {
  const holders = new Set<string>();
  for (const c of cases) if (c.caseManagerId && isOpenCase(c.status)) holders.add(c.caseManagerId);
  return [...holders];
}

/** Whether the principal may see a member, given the member's cases. */
export function seesMemberOf(principal: Principal, cases: Iterable<CaseAssignment>): boolean {
  if (seesAllMembers(principal)) return true;
  return hasRole(principal, 'case-manager') && caseloadHolders(cases).includes(principal.id);
}

/**
 * A case record itself: its case manager keeps seeing it once closed (their own work); other
 * case managers do not, whatever their caseload.
 */
export function seesCase(principal: Principal, c: Pick<CaseAssignment, 'caseManagerId'>): boolean {
  if (seesAllMembers(principal)) return true;
  return hasRole(principal, 'case-manager') && c.caseManagerId === principal.id;
}

/** Which members a query may return: all, none, or one case manager's caseload. */
export type MemberScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'none' }
  | { readonly kind: 'caseload'; readonly caseManagerId: string };

export function memberScopeOf(principal: Principal): MemberScope {
  if (seesAllMembers(principal)) return { kind: 'all' };
  if (hasRole(principal, 'case-manager')) return { kind: 'caseload', caseManagerId: principal.id };
  return { kind: 'none' };
}

/**
 * The same rule as a SQL condition for queries over many members: the member in `memberColumn`
 * has an open case of `caseManagerId` in `casesTable` (columns member_id, case_manager_id,
 * status). `bind` adds a parameter and returns its placeholder; table and column names are the
 * caller's own constants, never input.
 */
export function caseloadCondition(
  casesTable: string,
  memberColumn: string,
  caseManagerId: string,
  bind: (value: unknown) => string,
): string {
  return `EXISTS (SELECT 1 FROM ${casesTable} caseload_case
    WHERE caseload_case.member_id = ${memberColumn}
      AND caseload_case.case_manager_id = ${bind(caseManagerId)}
      AND caseload_case.status = ANY(${bind([...OPEN_CASE_STATUSES])}::text[]))`;
}

/** A `bind` for `caseloadCondition` that appends to a positional parameter list. */
export function binder(params: unknown[]): (value: unknown) => string {
  return (value) => {
    params.push(value);
    return `$${params.length}`;
  };
}
