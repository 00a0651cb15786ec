import {
  assignCase,
  caseManager,
  daysAgo,
  newId,
  openCaseByReferral,
  openHighRiskCase,
  startHarness,
  SUPERVISOR,
  type Harness,
} from './harness';

interface CaseloadMember {
  caseId: string;
  memberId: string;
  name: string | null;
  plan: { lineOfBusiness: string } | null;
  pcp: { npi: string; name: string } | null;
  risk: {
    total: number;
    charlson: {
      score: number;
      conditions: { id: string; points: number; evidence: { code: string; date: string }[] }[];
    };
    admissions: { count: number; points: number };
  };
  due: { assessmentDueAt: string; callsDue: number; lettersFailed: number };
}
interface CaseloadPage {
  total: number;
  members: CaseloadMember[];
  nextOffset: number | null;
}

/** The workspace's caseload: ordered by risk, own caseload only, audited. */
describe('case-management: the workspace caseload', () => {
  let h: Harness;
  const first = newId('cm');
  const second = newId('cm');
  let highRisk: { memberId: string; caseId: string };
  let noClaims: { memberId: string; caseId: string };
  let othersMember: { memberId: string; caseId: string };

  beforeAll(async () => {
    h = await startHarness();
    for (const id of [first, second]) {
      const added = await h.service.request('POST', '/case-managers', {
        principal: SUPERVISOR,
        body: { id, name: `Nurse ${id}`, phone: null, email: null, capacity: 50 },
      });
      expect(added.status).toBe(201);
    }
    highRisk = await openHighRiskCase(h); // Charlson 3 + 3 admission points
    noClaims = await openCaseByReferral(h);
    othersMember = await openCaseByReferral(h);
    await assignCase(h, first, noClaims.caseId);
    await assignCase(h, first, highRisk.caseId);
    await assignCase(h, second, othersMember.caseId);
  });

  afterAll(async () => {
    await h.stop();
  });

  const caseload = (principal = caseManager(first), query = '') =>
    h.service.request('GET', `/workspace/caseload${query}`, { principal });

  it("answers a case manager's open cases, highest risk first, with the risk's evidence", async () => {
    const r = await caseload();
    expect(r.status).toBe(200);
    const page = r.body as CaseloadPage;
    expect(page.total).toBe(2);
    expect(page.members.map((m) => m.caseId)).toEqual([highRisk.caseId, noClaims.caseId]);
    const [top, bottom] = page.members;
    expect(top?.risk.charlson.score).toBe(3);
    expect(top?.risk.admissions).toMatchObject({ count: 3, points: 3 });
    expect(top?.risk.total).toBe(6);
    expect(top?.risk.charlson.conditions.map((c) => [c.id, c.points])).toEqual([
      ['congestive-heart-failure', 2],
      ['renal-disease', 1],
    ]);
    expect(top?.risk.charlson.conditions[1]?.evidence).toEqual([
      expect.objectContaining({ code: 'N186', date: daysAgo(150) }),
    ]);
    expect(top?.plan?.lineOfBusiness).toBe('blue-cross-commercial');
    expect(top?.pcp?.name).toBe('Alan Reyes, MD');
    expect(top?.name).toBeNull(); // no coverage event carried the member's name
    expect(top?.due).toMatchObject({ callsDue: 0, lettersFailed: 0 });
    expect(bottom?.risk.total).toBe(0);
  });

  it('pages through the caseload in the same order', async () => {
    const one = (await caseload(caseManager(first), '?limit=1')).body as CaseloadPage;
    expect(one.members.map((m) => m.caseId)).toEqual([highRisk.caseId]);
    expect(one.nextOffset).toBe(1);
    const two = (await caseload(caseManager(first), '?limit=1&offset=1')).body as CaseloadPage;
    expect(two.members.map((m) => m.caseId)).toEqual([noClaims.caseId]);
    expect(two.nextOffset).toBeNull();
  });

  it("never shows a case manager another's members", async () => {
    const own = (await caseload(caseManager(second))).body as CaseloadPage;
    expect(own.members.map((m) => m.memberId)).toEqual([othersMember.memberId]);
    const refused = await caseload(caseManager(second), `?caseManagerId=${first}`);
    expect(refused.status).toBe(403);
  });

  it("lets a supervisor read a named case manager's caseload, and audits every member shown", async () => {
    expect((await caseload(SUPERVISOR)).status).toBe(400);
    const r = await caseload(SUPERVISOR, `?caseManagerId=${first}`);
    expect((r.body as CaseloadPage).total).toBe(2);
    const audited = await h.dataSource.query<{ member_id: string }[]>(
      `SELECT DISTINCT member_id FROM audit_log
        WHERE action = 'workspace.caseload' AND actor_id = $1 AND outcome = 'allowed'
          AND member_id = ANY($2::text[])`,
      [SUPERVISOR.id, [highRisk.memberId, noClaims.memberId, othersMember.memberId]],
    );
    expect(audited.map((a) => a.member_id).sort()).toEqual(
      [highRisk.memberId, noClaims.memberId].sort(),
    );
  });

  it('logs outreach attempts and allows "unable to reach" after the configured number', async () => {
    const path = `/workspace/cases/${noClaims.caseId}/outreach-attempts`;
    const log = (outcome: string, principal = caseManager(first)) =>
      h.service.request('POST', path, { principal, body: { channel: 'phone', outcome } });
    const reached = await log('reached');
    expect(reached.status).toBe(201);
    expect(reached.body).toMatchObject({ required: 3, unableToReachAllowed: false });
    await log('no-answer');
    await log('left-message');
    // Two unanswered attempts of the three required: the assessment use case refuses the outcome.
    const unableToReach = () =>
      h.service.request('POST', `/cases/${noClaims.caseId}/assessment`, {
        principal: caseManager(first),
        body: { outcome: 'unable-to-reach' },
      });
    const early = await unableToReach();
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      error: 'too-few-outreach-attempts',
      message: expect.stringContaining('needs at least 3 logged outreach attempts') as unknown,
    });
    expect((await log('no-answer')).body).toMatchObject({ unableToReachAllowed: true });
    const listed = await h.service.request('GET', path, { principal: caseManager(first) });
    const attempts = (
      listed.body as { attempts: { outcome: string; recordedBy: { id: string } }[] }
    ).attempts;
    expect(attempts.map((a) => a.outcome)).toEqual([
      'reached',
      'no-answer',
      'left-message',
      'no-answer',
    ]);
    expect(attempts.every((a) => a.recordedBy.id === first)).toBe(true);
    const recorded = await unableToReach();
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({ status: 'unable-to-reach' });
    const timeline = await h.service.request(
      'GET',
      `/workspace/cases/${noClaims.caseId}/timeline`,
      {
        principal: caseManager(first),
      },
    );
    const kinds = (timeline.body as { steps: { kind: string }[] }).steps.map((s) => s.kind);
    expect(kinds[0]).toBe('opened');
    expect(kinds.filter((k) => k === 'outreach-attempt')).toHaveLength(4);
    expect(kinds.at(-1)).toBe('assessment-recorded');
    expect(
      (
        await h.service.request('GET', `/workspace/cases/${noClaims.caseId}/timeline`, {
          principal: caseManager(second),
        })
      ).status,
    ).toBe(404);
    expect((await log('no-answer', caseManager(second))).status).toBe(404);
    const bad = await h.service.request('POST', path, {
      principal: caseManager(first),
      body: { channel: 'carrier-pigeon', outcome: 'reached' },
    });
    expect(bad.status).toBe(400);
  });

  it('shows supervisors each caseload, overdue work and identifications by week and criterion', async () => {
    expect(
      (
        await h.service.request('GET', '/workspace/supervisor', {
          principal: caseManager(first),
        })
      ).status,
    ).toBe(403);
    const r = await h.service.request('GET', '/workspace/supervisor?weeks=4', {
      principal: SUPERVISOR,
    });
    expect(r.status).toBe(200);
    const o = r.body as {
      caseloads: { caseManagerId: string; openCases: number; overdueAssessments: number }[];
      identificationsPerWeek: { weekStart: string; opened: number }[];
      identificationsPerCriterion: { criterion: string; opened: number }[];
    };
    expect(o.caseloads.find((c) => c.caseManagerId === first)).toMatchObject({
      openCases: 2,
      overdueAssessments: 0,
    });
    expect(o.caseloads.find((c) => c.caseManagerId === second)).toMatchObject({ openCases: 1 });
    // This suite opened three cases just now (the database may hold others').
    expect(o.identificationsPerWeek.reduce((n, w) => n + w.opened, 0)).toBeGreaterThanOrEqual(3);
    expect(
      o.identificationsPerCriterion.find(
        (c) => c.criterion === 'three-or-more-admissions-12-months',
      )?.opened,
    ).toBeGreaterThanOrEqual(1);
  });
});
