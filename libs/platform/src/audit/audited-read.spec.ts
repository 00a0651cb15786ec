import { seesCase } from '../auth/caseload';
import type { Principal } from '../auth/principal';
import { ResourceNotFoundError } from '../use-case/command';
import type { AuditEntry } from './audit.service';
import { auditedRead, type AuditedRead } from './audited-read';

interface CaseRecord {
  readonly caseId: string;
  readonly memberId: string;
  readonly caseManagerId: string | null;
}

const ownCase: CaseRecord = { caseId: 'C-1', memberId: 'M-1', caseManagerId: 'cm-1' };
const caseManager: Principal = { id: 'cm-1', name: 'Case Manager', roles: ['case-manager'] };
const otherCaseManager: Principal = { id: 'cm-2', name: 'Other', roles: ['case-manager'] };
const origin = { clientIp: '10.0.0.1', userAgent: 'jest', requestId: 'req-1' };

function recorder() {
  const entries: AuditEntry[] = [];
  return {
    entries,
    audit: {
      record: (entry: AuditEntry) => {
        entries.push(entry);
        return Promise.resolve();
      },
    },
  };
}

function caseRead(
  principal: Principal,
  found: CaseRecord | null,
  extra: Partial<AuditedRead<CaseRecord>> = {},
): AuditedRead<CaseRecord> {
  return {
    principal,
    action: 'case.read',
    resourceType: 'case',
    resourceId: 'C-1',
    origin,
    load: () => Promise.resolve(found),
    visible: (c, p) => seesCase(p, c),
    memberOf: (c) => c.memberId,
    ...extra,
  };
}

describe('auditedRead', () => {
  it('answers a visible resource and audits the read as allowed, with the member and origin', async () => {
    const { audit, entries } = recorder();
    await expect(auditedRead(audit, caseRead(caseManager, ownCase))).resolves.toBe(ownCase);
    expect(entries).toEqual([
      {
        actor: caseManager,
        action: 'case.read',
        resourceType: 'case',
        resourceId: 'C-1',
        memberId: 'M-1',
        outcome: 'allowed',
        ...origin,
      },
    ]);
  });

  it("refuses another case manager's case as not found and audits it as denied, naming the member", async () => {
    const { audit, entries } = recorder();
    const refused = auditedRead(audit, caseRead(otherCaseManager, ownCase));
    await expect(refused).rejects.toThrow(ResourceNotFoundError);
    await expect(refused).rejects.toThrow('case not found');
    expect(entries.map((e) => [e.outcome, e.memberId, e.actor.id])).toEqual([
      ['denied', 'M-1', 'cm-2'],
    ]);
  });

  it('answers an absent resource with the same error as a refused one, audited as not-found', async () => {
    const { audit, entries } = recorder();
    const absent = await auditedRead(audit, caseRead(caseManager, null)).catch((e: unknown) => e);
    const refused = await auditedRead(audit, caseRead(otherCaseManager, ownCase)).catch(
      (e: unknown) => e,
    );
    expect(absent).toEqual(refused);
    expect(entries.map((e) => [e.outcome, e.memberId])).toEqual([
      ['not-found', null],
      ['denied', 'M-1'],
    ]);
  });

  it("throws the caller's not-found error when one is given", async () => {
    const { audit } = recorder();
    const notFound = () => new Error('case C-1 not found');
    await expect(
      auditedRead(audit, caseRead(otherCaseManager, ownCase, { notFound })),
    ).rejects.toThrow('case C-1 not found');
  });

  it('refuses before loading when the caseload check made up front fails', async () => {
    const { audit, entries } = recorder();
    const load = jest.fn(() => Promise.resolve(ownCase));
    await expect(
      auditedRead(audit, {
        principal: otherCaseManager,
        action: 'evaluation.read',
        resourceType: 'member-evaluation',
        resourceId: 'M-1',
        memberId: 'M-1',
        mayRead: () => Promise.resolve(false),
        load,
      }),
    ).rejects.toThrow(ResourceNotFoundError);
    expect(load).not.toHaveBeenCalled();
    expect(entries.map((e) => [e.outcome, e.memberId, e.action])).toEqual([
      ['denied', 'M-1', 'evaluation.read'],
    ]);
  });

  it('lets a supervisor read any case', async () => {
    const { audit, entries } = recorder();
    const supervisor: Principal = { id: 'sup-1', name: 'Supervisor', roles: ['supervisor'] };
    await expect(auditedRead(audit, caseRead(supervisor, ownCase))).resolves.toBe(ownCase);
    expect(entries.map((e) => e.outcome)).toEqual(['allowed']);
  });

  it('writes nothing more and answers nothing when the audit cannot be written', async () => {
    const failing = { record: () => Promise.reject(new Error('database unavailable')) };
    await expect(auditedRead(failing, caseRead(caseManager, ownCase))).rejects.toThrow(
      'database unavailable',
    );
  });
});
