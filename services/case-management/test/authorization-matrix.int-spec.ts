import { checkAuthorizationMatrix } from '@careflow/platform';
import {
  caseEventWhere,
  caseManager,
  coverMember,
  newId,
  newMember,
  startHarness,
  SUPERVISOR,
  TODAY,
  type Harness,
} from './harness';

/** Every documented route: 401, 403 and 404 where they belong, each refusal audited. */
describe('case-management: the authorization matrix', () => {
  let h: Harness;
  let member: string;
  let caseId: string;
  let ownerId: string;

  beforeAll(async () => {
    h = await startHarness();
    member = newMember();
    await coverMember(h, member);
    const referral = await h.service.request('POST', '/referrals', {
      principal: SUPERVISOR,
      body: {
        referralId: newId('REF'),
        memberId: member,
        source: 'member-self',
        submittedAt: new Date().toISOString(),
      },
    });
    expect(referral.status).toBe(201);
    const opened = await caseEventWhere(h, member, (c) => c.status === 'identified');
    caseId = opened.caseId;
    ownerId = opened.caseManager!.id;
  });

  afterAll(async () => {
    await h.stop();
  });

  it('refuses every route as documented, and audits every refusal', async () => {
    const owner = caseManager(ownerId);
    const stranger = caseManager(newId('cm'));
    const onCase = { params: { caseId }, outsiders: [stranger] };
    const report = await checkAuthorizationMatrix({
      service: h.service,
      dataSource: h.dataSource,
      foreignAudience: 'careflow-pcp-notification',
      fixtures: {
        'GET /cases/{caseId}': { ...onCase, owner },
        'POST /cases/{caseId}/review': { ...onCase, body: { notes: 'Reviewed the evidence.' } },
        'POST /cases/{caseId}/assessment': { ...onCase, body: { outcome: 'enrolled' } },
        'POST /cases/{caseId}/close': { ...onCase, body: { reason: 'Goals met' } },
        'POST /cases/{caseId}/status-updates': {
          ...onCase,
          body: { summary: 'Stable.', conditionChanged: false },
        },
        'GET /members/{memberId}/evaluation': {
          params: { memberId: member },
          outsiders: [stranger],
          owner,
        },
        'POST /referrals': {
          body: {
            referralId: newId('REF'),
            memberId: member,
            source: 'member-self',
            submittedAt: new Date().toISOString(),
          },
        },
        'GET /reviews/monthly/{month}': { params: { month: TODAY.slice(0, 7) } },
        // The caller's own caseload (a case manager naming another is refused: workspace suite).
        'GET /workspace/caseload': {},
        'GET /workspace/supervisor': {},
        'GET /workspace/cases/{caseId}': { ...onCase, owner },
        'GET /workspace/cases/{caseId}/timeline': { ...onCase, owner },
        'GET /workspace/cases/{caseId}/outreach-attempts': { ...onCase, owner },
        'POST /workspace/cases/{caseId}/outreach-attempts': {
          ...onCase,
          body: { channel: 'phone', outcome: 'no-answer' },
        },
        // The roster is supervisors' and admins' (a case manager id is a person, not a member's
        // object): refusals only; the roster suite covers what the allowed roles do.
        'POST /case-managers': {
          body: { id: newId('cm'), name: 'New Manager', phone: null, email: null },
        },
        'PATCH /case-managers/{caseManagerId}': {
          params: { caseManagerId: ownerId },
          body: { capacity: 61 },
        },
        'POST /case-managers/{caseManagerId}/cases': {
          params: { caseManagerId: ownerId },
          body: { caseId },
        },
      },
    });
    expect(report.failures).toEqual([]);
    expect(report.operations.filter((o) => !o.isPublic).length).toBeGreaterThanOrEqual(12);
    // The outsider's attempts changed nothing: the case still waits for its review.
    const rows: { status: string }[] = await h.dataSource.query(
      `SELECT status FROM cases WHERE case_id = $1`,
      [caseId],
    );
    expect(rows).toEqual([{ status: 'identified' }]);
  });
});
