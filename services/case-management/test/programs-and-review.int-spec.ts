import { topics } from '@careflow/contracts';
import { Schedules } from '../src/reviews/schedules';
import {
  addDays,
  coverMember,
  daysAgo,
  evaluationAfter,
  evaluationWhere,
  fill,
  inpatientClaim,
  monthsAgo,
  newMember,
  publish,
  span,
  startHarness,
  SUPERVISOR,
  TODAY,
  valueOf,
  type Harness,
} from './harness';

interface ProgramEvent {
  memberId: string;
  program: string;
  eligible: boolean;
  reasons: string[];
}

const programEvents = (h: Harness, memberId: string): ProgramEvent[] =>
  h.probe.records
    .filter((r) => r.topic === topics.carePrograms.name && r.key === memberId)
    .map((r) => valueOf<ProgramEvent>(r));

const randomNpi = (): string => `1${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;

describe('case-management adherence program and monthly review (real broker and database)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.stop();
  });

  describe('Sempre Health drug adherence discount', () => {
    const pcp = randomNpi();
    const pcpOf = { npi: pcp, name: 'Grace Kim, DO', phone: null, fax: null, address: null };
    const statin = { drugName: 'Atorvastatin Calcium 20 MG tablet', ndc: '00071-0156-23' };

    const listed = async (): Promise<string[]> => {
      const res = await h.service.request(
        'GET',
        `/care-programs/drug-adherence-discount/members?pcpNpi=${pcp}`,
        {
          principal: SUPERVISOR,
        },
      );
      expect(res.status).toBe(200);
      return (res.body as { members: { memberId: string }[] }).members.map((m) => m.memberId);
    };

    const waitProgram = async (memberId: string, eligible: boolean): Promise<ProgramEvent> => {
      const [r] = await h.probe.waitFor(
        (x) =>
          x.topic === topics.carePrograms.name &&
          x.key === memberId &&
          valueOf<ProgramEvent>(x).eligible === eligible,
      );
      return valueOf<ProgramEvent>(r!);
    };

    it('a commercial member with a retail fill of a select medication becomes eligible, once; a reversal ends it', async () => {
      const m = newMember();
      await coverMember(h, m, [
        span({ lineOfBusiness: 'bcn-commercial', fundingType: 'self-funded', pcp: pcpOf }),
      ]);
      const first = fill(m, daysAgo(10), statin);
      const second = fill(m, daysAgo(5), statin);
      await publish(h, 'claims.pharmacy.v1', [first, second]);
      const eligible = await waitProgram(m, true);
      expect(eligible.program).toBe('drug-adherence-discount');
      expect(eligible.reasons.join(' ')).toMatch(/retail/);
      expect(await listed()).toContain(m);
      expect(programEvents(h, m)).toHaveLength(1); // the second fill changed nothing
      await publish(h, 'claims.pharmacy.v1', [{ ...first, status: 'reversed' }]);
      await evaluationAfter(h, m, 3);
      expect(programEvents(h, m)).toHaveLength(1); // one qualifying fill remains
      await publish(h, 'claims.pharmacy.v1', [{ ...second, status: 'reversed' }]);
      const ended = await waitProgram(m, false);
      expect(ended.reasons.join(' ')).toMatch(/reversed/);
      expect(await listed()).not.toContain(m);
    });

    it('never mail order, never Medicare Advantage; a move to Medicare Advantage ends eligibility', async () => {
      const [mail, advantage, moving] = [newMember(), newMember(), newMember()];
      await coverMember(h, mail, [span({ pcp: pcpOf })]);
      await coverMember(h, advantage, [
        span({
          lineOfBusiness: 'medicare-plus-blue',
          fundingType: 'individual',
          group: null,
          pcp: pcpOf,
        }),
      ]);
      const commercial = span({
        pcp: pcpOf,
        effectiveDate: monthsAgo(24),
        terminationDate: addDays(TODAY, -2),
      });
      await coverMember(h, moving, [span({ pcp: pcpOf, effectiveDate: monthsAgo(24) })]);
      await publish(h, 'claims.pharmacy.v1', [
        fill(mail, daysAgo(3), { ...statin, pharmacyChannel: 'mail-order' }),
        fill(advantage, daysAgo(3), statin),
        fill(moving, daysAgo(20), statin),
      ]);
      await waitProgram(moving, true);
      await evaluationAfter(h, mail, 1);
      await evaluationAfter(h, advantage, 1);
      const members = await listed();
      expect(members).toContain(moving);
      expect(members).not.toContain(mail);
      expect(members).not.toContain(advantage);
      expect(programEvents(h, mail)).toHaveLength(0);
      expect(programEvents(h, advantage)).toHaveLength(0);
      await coverMember(
        h,
        moving,
        [
          commercial,
          span({
            lineOfBusiness: 'bcn-advantage',
            fundingType: 'individual',
            group: null,
            pcp: pcpOf,
            effectiveDate: addDays(TODAY, -1),
          }),
        ],
        2,
      );
      const ended = await waitProgram(moving, false);
      expect(ended.reasons.join(' ')).toMatch(/BCN Advantage/);
      expect(await listed()).not.toContain(moving);
    });
  });

  it('the monthly review reports new, still eligible and no longer eligible members', async () => {
    const month = TODAY.slice(0, 7);
    const previousMonthEnd = addDays(`${month}-01`, -1);
    const previous = previousMonthEnd.slice(0, 7);
    const [still, fresh, gone] = [newMember('R'), newMember('R'), newMember('R')];
    await coverMember(h, still);
    await coverMember(h, fresh);
    await coverMember(h, gone, [
      span({ effectiveDate: monthsAgo(30), terminationDate: previousMonthEnd }),
    ]);
    const transplant = (m: string, on: string) =>
      inpatientClaim(m, on, on, ['N186'], { icd10PcsCodes: ['0TY10Z0'] });
    await publish(h, 'claims.medical.v1', [
      transplant(still, daysAgo(70)),
      transplant(fresh, `${month}-01`),
      transplant(gone, daysAgo(70)),
    ]);
    await evaluationAfter(h, still, 1);
    await evaluationAfter(h, fresh, 1);
    await evaluationAfter(h, gone, 1);

    const forbidden = await h.service.request('POST', `/reviews/monthly?month=${previous}`, {
      principal: { id: 'cm-001', name: 'x', roles: ['case-manager'] },
    });
    expect(forbidden.status).toBe(403);
    const notStarted = await h.service.request('POST', '/reviews/monthly?month=2999-01', {
      principal: SUPERVISOR,
    });
    expect(notStarted.status).toBe(400);
    expect(notStarted.body).toMatchObject({
      issues: [{ path: 'month', message: 'a month that has started' }],
    });

    const run = async (m: string) => {
      const started = await h.service.request('POST', `/reviews/monthly?month=${m}`, {
        principal: SUPERVISOR,
      });
      expect(started.status).toBe(202);
      const deadline = Date.now() + 60000;
      for (;;) {
        const res = await h.service.request('GET', `/reviews/monthly/${m}`, {
          principal: SUPERVISOR,
        });
        const body = res.body as { status: string };
        if (body.status === 'completed') return body;
        if (body.status === 'failed' || Date.now() > deadline)
          throw new Error(JSON.stringify(body));
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    await run(previous);
    const report = (await run(month)) as unknown as {
      asOf: string;
      counts: Record<string, number>;
      membersScanned: number;
    };
    expect(report.asOf).toBe(TODAY);
    expect(report.membersScanned).toBeGreaterThanOrEqual(3);

    const outcomeOf = async (memberId: string) => {
      const res = await h.service.request(
        'GET',
        `/reviews/monthly/${month}?after=${memberId.slice(0, -1)}&limit=5`,
        {
          principal: SUPERVISOR,
        },
      );
      return (
        res.body as { members: { memberId: string; outcome: string; criteriaMet: string[] }[] }
      ).members.find((x) => x.memberId === memberId);
    };
    expect(await outcomeOf(still)).toMatchObject({
      outcome: 'still-eligible',
      criteriaMet: ['major-organ-transplant'],
    });
    expect(await outcomeOf(fresh)).toMatchObject({ outcome: 'new' });
    expect(await outcomeOf(gone)).toMatchObject({ outcome: 'no-longer-eligible' });
    const evaluation = await evaluationWhere(
      h,
      still,
      (e) => e.trigger.source === 'scheduled-review',
    );
    expect(evaluation.trigger.eventId).toBeNull();
    const newOnly = await h.service.request(
      'GET',
      `/reviews/monthly/${month}?outcome=new&limit=1000`,
      { principal: SUPERVISOR },
    );
    expect(
      (newOnly.body as { members: { outcome: string }[] }).members.every(
        (x) => x.outcome === 'new',
      ),
    ).toBe(true);

    // Every instance of the service fires the schedule: one that fires after another instance's
    // review of the month completed leaves it alone (its "new" members stay new).
    const reportNow = async () =>
      (
        await h.service.request('GET', `/reviews/monthly/${month}?limit=1`, {
          principal: SUPERVISOR,
        })
      ).body as { status: string; startedAt: string; counts: Record<string, number> };
    const completed = await reportNow();
    await h.service.app.get(Schedules).monthlyReview({ month, scheduled: true });
    expect(await reportNow()).toEqual(completed);
  });
});
