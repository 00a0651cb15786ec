import { randomUUID } from 'node:crypto';
import { topics, type CcmCaseChanged } from '@careflow/contracts';
import { checkAuthorizationMatrix, type Principal } from '@careflow/platform';
import {
  coverageEvent,
  newMemberId,
  publishCoverage,
  startHarness,
  waitForHandled,
  waitForVersion,
  type Harness,
} from './harness';

const caseManager = (): Principal => ({
  id: `cm-${randomUUID().slice(0, 8)}`,
  name: 'Matrix case manager',
  roles: ['case-manager'],
});

/** Every documented route: 401, 403 and 404 where they belong, each refusal audited. */
describe('eligibility: the authorization matrix', () => {
  let h: Harness;
  const member = newMemberId();
  const holder = caseManager();
  const formerHolder = caseManager();
  const stranger = caseManager();

  const caseEvent = (status: CcmCaseChanged['status'], managerId: string) => ({
    id: randomUUID(),
    type: topics.ccmCases.eventType,
    key: member,
    data: {
      caseId: `CASE-${randomUUID().slice(0, 8)}`,
      memberId: member,
      status,
      identificationSources: ['adt-discharges'],
      criteriaMet: [],
      caseManager: { id: managerId, name: 'Matrix case manager', phone: null, email: null },
    } satisfies CcmCaseChanged,
  });

  beforeAll(async () => {
    h = await startHarness();
    await publishCoverage(h, [
      coverageEvent(member, { effectiveDate: '2025-01-01' }, { time: '2025-01-01T00:00:00Z' }),
    ]);
    await waitForVersion(h, member, 1);
    // The holder has the member's open case; the former holder's case of the member is closed.
    const events = [caseEvent('enrolled', holder.id), caseEvent('closed', formerHolder.id)];
    await h.publisher.publish(topics.ccmCases.name, events);
    await waitForHandled(
      h,
      events.map((e) => e.id),
    );
  });

  afterAll(async () => {
    await h.stop();
  });

  it('refuses every route as documented, and audits every refusal', async () => {
    const report = await checkAuthorizationMatrix({
      service: h.service,
      dataSource: h.db,
      foreignAudience: 'careflow-case-management',
      fixtures: {
        'GET /members/{memberId}/coverage': {
          params: { memberId: member },
          outsiders: [stranger, formerHolder],
          owner: holder,
        },
      },
    });
    expect(report.failures).toEqual([]);
    expect(report.operations.map((o) => o.key)).toContain('GET /members/{memberId}/coverage');
    expect(report.refusals).toBeGreaterThanOrEqual(6);
  });
});
