import {
  binder,
  caseloadCondition,
  caseloadHolders,
  memberScopeOf,
  seesCase,
  seesMemberOf,
  OPEN_CASE_STATUSES,
} from './caseload';
import type { Principal } from './principal';

const cm = (id: string): Principal => ({ id, name: id, roles: ['case-manager'] });
const supervisor: Principal = { id: 's', name: 's', roles: ['supervisor'] };
const admin: Principal = { id: 'a', name: 'a', roles: ['admin'] };
const integrator: Principal = { id: 'i', name: 'i', roles: ['integrator'], vendors: ['accredo'] };
const auditor: Principal = { id: 'x', name: 'x', roles: ['auditor'] };

describe('the caseload rule', () => {
  const cases = [
    { caseManagerId: 'cm-1', status: 'enrolled' },
    { caseManagerId: 'cm-2', status: 'closed' },
    { caseManagerId: 'cm-3', status: 'declined' },
    { caseManagerId: null, status: 'identified' },
  ];

  it('a case manager sees the members of their open cases only', () => {
    expect(seesMemberOf(cm('cm-1'), cases)).toBe(true);
    expect(seesMemberOf(cm('cm-2'), cases)).toBe(false); // closed
    expect(seesMemberOf(cm('cm-3'), cases)).toBe(false); // declined is not open
    expect(seesMemberOf(cm('cm-9'), cases)).toBe(false);
    expect(seesMemberOf(cm('cm-1'), [])).toBe(false);
  });

  it('supervisors and admins see every member; integrators and auditors none', () => {
    expect(seesMemberOf(supervisor, [])).toBe(true);
    expect(seesMemberOf(admin, [])).toBe(true);
    expect(seesMemberOf(integrator, cases)).toBe(false);
    expect(seesMemberOf(auditor, cases)).toBe(false);
    // An id that happens to match a case manager's does not make an integrator one.
    expect(seesMemberOf({ ...integrator, id: 'cm-1' }, cases)).toBe(false);
  });

  it('holders are the case managers of the open cases, once each', () => {
    expect(
      caseloadHolders([...cases, { caseManagerId: 'cm-1', status: 'identified' }]).sort(),
    ).toEqual(['cm-1']);
    for (const status of OPEN_CASE_STATUSES)
      expect(caseloadHolders([{ caseManagerId: 'cm-4', status }])).toEqual(['cm-4']);
  });

  it('a case record stays visible to its own case manager after it closes', () => {
    expect(seesCase(cm('cm-2'), { caseManagerId: 'cm-2' })).toBe(true);
    expect(seesCase(cm('cm-1'), { caseManagerId: 'cm-2' })).toBe(false);
    expect(seesCase(supervisor, { caseManagerId: null })).toBe(true);
    expect(seesCase({ ...integrator, id: 'cm-2' }, { caseManagerId: 'cm-2' })).toBe(false);
  });

  it('scopes queries the same way', () => {
    expect(memberScopeOf(admin)).toEqual({ kind: 'all' });
    expect(memberScopeOf(cm('cm-1'))).toEqual({ kind: 'caseload', caseManagerId: 'cm-1' });
    expect(memberScopeOf(integrator)).toEqual({ kind: 'none' });
  });

  it('the SQL condition binds the case manager and the open statuses as parameters', () => {
    const params: unknown[] = ['first'];
    const sql = caseloadCondition('cases', 'f.member_id', "cm-1' OR 1=1", binder(params));
    expect(params).toEqual(['first', "cm-1' OR 1=1", [...OPEN_CASE_STATUSES]]);
    expect(sql).toContain('caseload_case.case_manager_id = $2');
    expect(sql).toContain('ANY($3::text[])');
    expect(sql).not.toContain('cm-1');
  });
});
