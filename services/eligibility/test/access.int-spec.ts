import { randomUUID } from 'node:crypto';
import { topics, type CcmCaseChanged } from '@careflow/contracts';
import { AuditLog, type Principal } from '@careflow/platform';
import {
  coverageEvent,
  getCoverage,
  integrator,
  newMemberId,
  publishCoverage,
  startHarness,
  supervisor,
  waitForHandled,
  waitForVersion,
  type Harness,
} from './harness';

/** Who may read coverage, what they see, and the audit trail of every read. */
describe('eligibility: coverage reads, access and audit', () => {
  let h: Harness;
  let audit: AuditLog;
  const member = newMemberId();
  const caseManager: Principal = {
    id: `cm-${randomUUID().slice(0, 8)}`,
    name: 'Rosa Martinez, RN',
    roles: ['case-manager'],
  };
  const otherManager: Principal = { ...caseManager, id: `cm-${randomUUID().slice(0, 8)}` };
  const caseId = `CASE-${randomUUID().slice(0, 8)}`;

  const caseEvent = (status: CcmCaseChanged['status'], managerId: string | null) => ({
    id: randomUUID(),
    type: topics.ccmCases.eventType,
    key: member,
    data: {
      caseId,
      memberId: member,
      status,
      identificationSources: ['adt-discharges'],
      criteriaMet: ['readmission-30-days-same-condition'],
      caseManager: managerId
        ? { id: managerId, name: 'Rosa Martinez, RN', phone: null, email: null }
        : null,
    } satisfies CcmCaseChanged,
  });

  const publishCase = async (status: CcmCaseChanged['status'], managerId: string | null) => {
    const event = caseEvent(status, managerId);
    await h.publisher.publish(topics.ccmCases.name, [event]);
    await waitForHandled(h, [event.id]);
  };

  beforeAll(async () => {
    h = await startHarness();
    audit = h.service.app.get(AuditLog);
    await publishCoverage(h, [
      coverageEvent(member, { effectiveDate: '2025-01-01' }, { time: '2025-01-01T00:00:00Z' }),
    ]);
    await waitForVersion(h, member, 1);
  });

  afterAll(async () => {
    await h.stop();
  });

  it('needs a token', async () => {
    const { status } = await h.service.request('GET', `/members/${member}/coverage`);
    expect(status).toBe(401);
  });

  it('answers 400 naming asOf when it is not a real YYYY-MM-DD date', async () => {
    for (const asOf of ['2025-02-30', 'yesterday', '2025-1-01', '20250101']) {
      const { status, body } = await getCoverage(h, member, asOf);
      expect(status).toBe(400);
      expect(body.issues?.map((i) => i.path)).toContain('asOf');
    }
  });

  it('answers 400 naming memberId when it is not a member id', async () => {
    const { status, body } = await getCoverage(h, 'not%20an%20id', '2025-03-01');
    expect(status).toBe(400);
    expect(body.issues?.map((i) => i.path)).toContain('memberId');
  });

  it('answers no-member-found for a member eligibility never heard of, audited as not-found', async () => {
    const unknown = newMemberId();
    const { status, body } = await getCoverage(h, unknown, '2025-03-01');
    expect(status).toBe(404);
    expect(body).toMatchObject({ statusCode: 404, reason: 'no-member-found' });
    const [entry] = await audit.forMember(unknown);
    expect(entry).toMatchObject({
      action: 'coverage.read',
      outcome: 'not-found',
      actor_id: supervisor.id,
    });
  });

  it('lets integrators read any member without names, audited as allowed', async () => {
    const { status, body } = await getCoverage(h, member, '2025-03-01', integrator);
    expect(status).toBe(200);
    expect(body.member).toBeNull();
    expect(JSON.stringify(body)).not.toContain('1978-09-30');
    const [entry] = await audit.forMember(member);
    expect(entry).toMatchObject({
      action: 'coverage.read',
      resource_type: 'coverage',
      resource_id: `${member}@2025-03-01`,
      outcome: 'allowed',
      actor_id: integrator.id,
    });
    expect(entry!.actor_roles).toEqual(['integrator']);
    expect(entry!.client_ip).toBeTruthy();
  });

  it('refuses a case manager outside their caseload with 404 no-member-found, audited as denied', async () => {
    const { status, body } = await getCoverage(h, member, '2025-03-01', caseManager);
    expect(status).toBe(404);
    expect(body.reason).toBe('no-member-found');
    const [entry] = await audit.forMember(member);
    expect(entry).toMatchObject({ outcome: 'denied', actor_id: caseManager.id });
  });

  it('lets a case manager read the members of their caseload, until the case closes', async () => {
    await publishCase('identified', caseManager.id);
    const allowed = await getCoverage(h, member, '2025-03-01', caseManager);
    expect(allowed.status).toBe(200);
    expect(allowed.body.member).toBeNull();
    expect(allowed.body.coverage.lineOfBusiness).toBe('blue-cross-commercial');
    expect((await getCoverage(h, member, '2025-03-01', otherManager)).status).toBe(404);

    // Reassigned to another case manager: the first one loses access.
    await publishCase('enrolled', otherManager.id);
    expect((await getCoverage(h, member, '2025-03-01', otherManager)).status).toBe(200);
    expect((await getCoverage(h, member, '2025-03-01', caseManager)).status).toBe(404);

    await publishCase('closed', otherManager.id);
    const closed = await getCoverage(h, member, '2025-03-01', otherManager);
    expect(closed.status).toBe(404);
    expect(closed.body.reason).toBe('no-member-found');
    const [entry] = await audit.forMember(member);
    expect(entry).toMatchObject({ outcome: 'denied', actor_id: otherManager.id });
  });

  it('lets supervisors and admins read any member with name and birth date', async () => {
    const admin: Principal = { id: 'adm-1', name: 'Admin', roles: ['admin'] };
    for (const principal of [supervisor, admin]) {
      const { status, body } = await getCoverage(h, member, '2025-03-01', principal);
      expect(status).toBe(200);
      expect(body.member).toEqual({
        firstName: 'Marcus',
        lastName: 'Bell',
        birthDate: '1978-09-30',
      });
    }
  });

  it('documents the route in OpenAPI', async () => {
    const { status, body } = await h.service.request('GET', '/docs/openapi.json');
    expect(status).toBe(200);
    const doc = body as { paths: Record<string, { get?: { parameters?: { name: string }[] } }> };
    const route = doc.paths['/members/{memberId}/coverage']?.get;
    expect(route?.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['memberId', 'asOf']),
    );
  });
});
