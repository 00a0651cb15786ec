import { topics } from '@careflow/contracts';
import {
  caseEventWhere,
  caseEventsOf,
  caseManager,
  coverMember,
  daysAgo,
  evaluationWhere,
  INTEGRATOR,
  newId,
  newMember,
  publish,
  startHarness,
  SUPERVISOR,
  valueOf,
  type Harness,
} from './harness';

interface CaseBody {
  caseId: string;
  memberId: string;
  status: string;
  identificationSources: string[];
  caseManager: { id: string; name: string } | null;
  assessmentOverdue: boolean;
  history: {
    at: string;
    actor: { id: string; name: string };
    kind: string;
    fromStatus: string | null;
    toStatus: string | null;
    detail: Record<string, unknown>;
  }[];
  latestEvaluation: { evaluationId: string; criteriaMet: string[] } | null;
}

describe('case-management referrals and cases (real broker and database)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.stop();
  });

  const REFERRALS = [
    {
      source: 'provider',
      referrer: { npi: '1902837465', name: 'Grace Kim, DO', credentialed: true },
    },
    { source: 'disease-management', referrer: { name: 'Diabetes program' } },
    { source: 'discharge-planner', referrer: { name: 'Inpatient case manager, Henry Ford' } },
    { source: 'member-self' },
    { source: 'member-services', reason: 'Member called about managing several conditions.' },
  ] as const;

  it.each(REFERRALS)(
    'a $source referral opens a case for review whether or not a criterion is met, with the evaluation',
    async (referral) => {
      const m = newMember();
      await coverMember(h, m);
      const [eventId] = await publish(h, 'ccm.referrals.v1', [
        {
          referralId: newId('REF'),
          memberId: m,
          submittedAt: new Date().toISOString(),
          ...referral,
        },
      ]);
      const evaluation = await evaluationWhere(h, m);
      expect(evaluation).toMatchObject({
        trigger: { source: 'ccm.referrals.v1', eventId },
        criteriaMet: [],
        eligible: false,
      });
      const opened = await caseEventWhere(h, m, (c) => c.status === 'identified');
      expect(opened.identificationSources).toEqual([referral.source]);
      const detail = await h.service.request('GET', `/cases/${opened.caseId}`, {
        principal: SUPERVISOR,
      });
      expect((detail.body as CaseBody).latestEvaluation?.evaluationId).toBe(
        evaluation.evaluationId,
      );
    },
  );

  it('a provider referral from a provider who is not credentialed goes to the DLQ with the reason', async () => {
    const m = newMember();
    await coverMember(h, m);
    const [id] = await publish(h, 'ccm.referrals.v1', [
      {
        referralId: newId('REF'),
        memberId: m,
        source: 'provider',
        referrer: { npi: '1902837465', credentialed: false },
        submittedAt: new Date().toISOString(),
      },
    ]);
    const [dead] = await h.probe.waitFor(
      (r) => r.topic === `${topics.ccmReferrals.name}.dlq` && r.headers['ce_id'] === id,
    );
    expect(dead!.headers['dlq-error-class']).toBe('rejected-event');
    expect(dead!.headers['dlq-error-message']).toContain('credentialed');
  });

  it('POST /referrals: integrators get no member data; a referral without coverage waits for it', async () => {
    const m = newMember();
    const body = {
      referralId: newId('REF'),
      memberId: m,
      source: 'member-self',
      submittedAt: new Date().toISOString(),
    };
    const res = await h.service.request('POST', '/referrals', { principal: INTEGRATOR, body });
    expect(res.status).toBe(201);
    // Not even whether the member has coverage: that is member data.
    expect(res.body).toEqual({ referralId: body.referralId, status: 'received', duplicate: false });
    const again = await h.service.request('POST', '/referrals', { principal: INTEGRATOR, body });
    expect(again.body).toEqual({
      referralId: body.referralId,
      status: 'received',
      duplicate: true,
    });
    // The same id from someone else is a conflict that tells nothing of the first referral.
    const reused = await h.service.request('POST', '/referrals', { principal: SUPERVISOR, body });
    expect(reused.status).toBe(409);
    expect(reused.text).not.toContain(m);
    expect(reused.text).not.toContain('awaiting-coverage');
    const invalid = await h.service.request('POST', '/referrals', {
      principal: SUPERVISOR,
      body: { ...body, source: 'neighbor' },
    });
    expect(invalid.status).toBe(400);
    await coverMember(h, m);
    const opened = await caseEventWhere(h, m, (c) => c.status === 'identified');
    expect(opened.identificationSources).toEqual(['member-self']);
  });

  it('POST /referrals: a case manager learns nothing of a member outside their caseload', async () => {
    const m = newMember();
    await coverMember(h, m);
    const referral = () => ({
      referralId: newId('REF'),
      memberId: m,
      source: 'member-self',
      submittedAt: new Date().toISOString(),
    });
    const prober = caseManager(newId('cm'));
    const probe = referral();
    const res = await h.service.request('POST', '/referrals', { principal: prober, body: probe });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      referralId: probe.referralId,
      status: 'received',
      duplicate: false,
    });
    const opened = await caseEventWhere(h, m, (c) => c.status === 'identified');

    const bySupervisor = await h.service.request('POST', '/referrals', {
      principal: SUPERVISOR,
      body: referral(),
    });
    expect(bySupervisor.body).toMatchObject({
      memberId: m,
      status: 'case-opened',
      caseId: opened.caseId,
    });
    const holder = caseManager(opened.caseManager!.id);
    const byHolder = await h.service.request('POST', '/referrals', {
      principal: holder,
      body: referral(),
    });
    expect(byHolder.body).toMatchObject({ memberId: m, caseId: opened.caseId });
    const audit: { actor_id: string; outcome: string }[] = await h.dataSource.query(
      `SELECT actor_id, outcome FROM audit_log WHERE resource_id = $1 AND action = 'referral.submit'`,
      [probe.referralId],
    );
    expect(audit).toEqual([{ actor_id: prober.id, outcome: 'allowed' }]);
  });

  it('lifecycle: identified → assessment-pending → enrolled → status update → closed, each step with who and when; others see 404, integrators 403', async () => {
    const m = newMember();
    await coverMember(h, m);
    await publish(h, 'claims.medical.v1', [
      {
        claimId: newId('CLM'),
        memberId: m,
        claimType: 'institutional-inpatient',
        status: 'paid',
        serviceFrom: daysAgo(20),
        serviceTo: daysAgo(12),
        facilityNpi: '1326041792',
        diagnosisCodes: ['N186'],
        icd10PcsCodes: ['0TY10Z0'],
      },
    ]);
    const opened = await caseEventWhere(h, m, (c) => c.status === 'identified');
    const owner = caseManager(opened.caseManager!.id);
    const other = caseManager(opened.caseManager!.id === 'cm-001' ? 'cm-002' : 'cm-001');
    const path = `/cases/${opened.caseId}`;

    expect((await h.service.request('GET', path, { principal: other })).status).toBe(404);
    expect(
      (
        await h.service.request('POST', `${path}/assessment`, {
          principal: other,
          body: { outcome: 'enrolled' },
        })
      ).status,
    ).toBe(404);
    expect((await h.service.request('GET', path, { principal: INTEGRATOR })).status).toBe(403);
    expect((await h.service.request('GET', path)).status).toBe(401);
    const mine = await h.service.request('GET', `/cases?memberId=${m}`, { principal: owner });
    expect((mine.body as { cases: CaseBody[] }).cases.map((c) => c.caseId)).toEqual([
      opened.caseId,
    ]);
    const theirs = await h.service.request('GET', `/cases?memberId=${m}`, { principal: other });
    expect((theirs.body as { cases: CaseBody[] }).cases).toEqual([]);

    const reviewed = await h.service.request('POST', `${path}/review`, { principal: owner });
    expect(reviewed.body).toMatchObject({ status: 'assessment-pending' });
    const bad = await h.service.request('POST', `${path}/assessment`, {
      principal: owner,
      body: { outcome: 'maybe' },
    });
    expect(bad.status).toBe(400);
    const enrolled = await h.service.request('POST', `${path}/assessment`, {
      principal: owner,
      body: { outcome: 'enrolled', notes: 'Reached by phone; agreed to enroll.' },
    });
    expect(enrolled.status).toBe(200);
    expect(enrolled.body).toMatchObject({ status: 'enrolled', assessmentOutcome: 'enrolled' });
    const twice = await h.service.request('POST', `${path}/assessment`, {
      principal: owner,
      body: { outcome: 'declined' },
    });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ error: 'assessment-already-recorded' });
    await caseEventWhere(h, m, (c) => c.status === 'assessment-pending');
    await caseEventWhere(h, m, (c) => c.status === 'enrolled');

    const update = await h.service.request('POST', `${path}/status-updates`, {
      principal: SUPERVISOR,
      body: {
        summary: 'Dialysis schedule changed; follow-up labs pending.',
        conditionChanged: true,
      },
    });
    expect(update.status).toBe(201);
    const [statusUpdate] = await h.probe.waitFor(
      (r) => r.topic === topics.clinicalStatusUpdates.name && r.key === m,
    );
    expect(valueOf(statusUpdate!)).toMatchObject({
      caseId: opened.caseId,
      memberId: m,
      conditionChanged: true,
      recordedBy: { id: SUPERVISOR.id },
      caseManager: { id: owner.id },
    });

    const closed = await h.service.request('POST', `${path}/close`, {
      principal: owner,
      body: { reason: 'Goals met' },
    });
    expect(closed.body).toMatchObject({
      status: 'closed',
      closureReason: 'closed-by-case-manager',
    });
    await caseEventWhere(
      h,
      m,
      (c) => c.status === 'closed' && c.closureReason === 'closed-by-case-manager',
    );
    // The lifecycle table refuses what a closed case cannot do, with its stable code.
    const closedAgain = await h.service.request('POST', `${path}/close`, { principal: owner });
    expect(closedAgain.status).toBe(409);
    expect(closedAgain.body).toMatchObject({ error: 'case-already-closed' });
    const updateClosed = await h.service.request('POST', `${path}/status-updates`, {
      principal: owner,
      body: { summary: 'Too late.', conditionChanged: false },
    });
    expect(updateClosed.status).toBe(409);
    expect(updateClosed.body).toMatchObject({ error: 'case-not-enrolled' });

    const detail = (await h.service.request('GET', path, { principal: owner })).body as CaseBody;
    expect(detail.history.map((e) => [e.kind, e.toStatus, e.actor.id])).toEqual([
      ['opened', 'identified', 'system'],
      ['reviewed', 'assessment-pending', owner.id],
      ['assessment-recorded', 'enrolled', owner.id],
      ['clinical-status-update', null, SUPERVISOR.id],
      ['closed', 'closed', owner.id],
    ]);
    expect(detail.history.at(-1)?.detail).toEqual({
      closureReason: 'closed-by-case-manager',
      reason: 'Goals met',
    });
    for (const e of detail.history) expect(Date.parse(e.at)).toBeGreaterThan(Date.now() - 120000);
    expect(detail.latestEvaluation?.criteriaMet).toEqual(['major-organ-transplant']);
    expect(caseEventsOf(h, m).map((c) => c.status)).toEqual([
      'identified',
      'assessment-pending',
      'enrolled',
      'closed',
    ]);

    const audit: { action: string; outcome: string; actor_id: string }[] = await h.dataSource.query(
      `SELECT action, outcome, actor_id FROM audit_log WHERE member_id = $1`,
      [m],
    );
    expect(audit).toEqual(
      expect.arrayContaining([{ action: 'case.read', outcome: 'denied', actor_id: other.id }]),
    );
    expect(
      audit.filter((a) => a.action === 'case.read' && a.outcome === 'allowed').length,
    ).toBeGreaterThan(0);
  });

  it('an assessment not done within 30 days raises a prompt: the case is flagged overdue and listed', async () => {
    const m = newMember();
    await coverMember(h, m);
    await publish(h, 'ccm.referrals.v1', [
      {
        referralId: newId('REF'),
        memberId: m,
        source: 'member-self',
        submittedAt: new Date().toISOString(),
      },
    ]);
    const opened = await caseEventWhere(h, m, (c) => c.status === 'identified');
    await h.dataSource.query(
      `UPDATE cases SET opened_at = now() - interval '31 days', assessment_due_at = now() - interval '1 day' WHERE case_id = $1`,
      [opened.caseId],
    );
    const forbidden = await h.service.request('POST', '/assessments/overdue-check', {
      principal: caseManager('cm-001'),
    });
    expect(forbidden.status).toBe(403);
    const check = await h.service.request('POST', '/assessments/overdue-check', {
      principal: SUPERVISOR,
    });
    expect((check.body as { flagged: number }).flagged).toBeGreaterThanOrEqual(1);
    const list = await h.service.request('GET', `/cases?assessmentOverdue=true&memberId=${m}`, {
      principal: SUPERVISOR,
    });
    expect((list.body as { cases: CaseBody[] }).cases).toMatchObject([
      { caseId: opened.caseId, assessmentOverdue: true },
    ]);
    const detail = (
      await h.service.request('GET', `/cases/${opened.caseId}`, { principal: SUPERVISOR })
    ).body as CaseBody;
    expect(detail.history.map((e) => e.kind)).toContain('assessment-overdue');
    const roster = await h.service.request('GET', '/case-managers', { principal: SUPERVISOR });
    expect(
      (roster.body as { caseManagers: { id: string }[] }).caseManagers.map((c) => c.id),
    ).toEqual(expect.arrayContaining(['cm-001', 'cm-002', 'cm-003']));
    expect(
      (await h.service.request('GET', '/case-managers', { principal: caseManager('cm-001') }))
        .status,
    ).toBe(403);
  });
});
