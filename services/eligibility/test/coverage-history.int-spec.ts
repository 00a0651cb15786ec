import { memberCoverageChangedData, topics } from '@careflow/contracts';
import {
  coverageEvent,
  daysFromToday,
  getCoverage,
  integrator,
  newMemberId,
  publishCoverage,
  startHarness,
  waitForVersion,
  type Harness,
} from './harness';

/** Coverage history: enrollment, plan change, retro termination, future coverage, PCP change. */
describe('eligibility: effective-dated coverage history', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.stop();
  });

  it('first enrollment: answers the coverage and publishes version 1 with the name and birth date only in `member`', async () => {
    const member = newMemberId();
    await publishCoverage(h, [
      coverageEvent(
        member,
        {
          lineOfBusiness: 'medicare-plus-blue',
          fundingType: 'self-funded',
          group: { id: 'uaw-retiree-trust', name: 'UAW Retiree Medical Benefits Trust' },
          effectiveDate: '2025-01-01',
          terminationDate: null,
          pharmacyBenefitAdministrator: 'express-scripts',
        },
        { time: '2024-12-01T12:00:00Z' },
      ),
    ]);
    const published = await waitForVersion(h, member, 1);
    expect(() => memberCoverageChangedData.parse(published)).not.toThrow();
    expect(published.spans).toHaveLength(1);
    expect(published.spans[0]).toMatchObject({
      effectiveDate: '2025-01-01',
      terminationDate: null,
      lineOfBusiness: 'medicare-plus-blue',
    });
    // The name and birth date travel only in `member`, for the PCP's letters; never in the spans.
    expect(published.member).toEqual({
      firstName: 'Marcus',
      lastName: 'Bell',
      birthDate: '1978-09-30',
    });
    const spans = JSON.stringify(published.spans);
    expect(spans).not.toContain('Marcus');
    expect(spans).not.toContain('Bell');
    expect(spans).not.toContain('1978-09-30');

    const { status, body } = await getCoverage(h, member, '2025-03-15');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      memberId: member,
      asOf: '2025-03-15',
      coverage: {
        lineOfBusiness: 'medicare-plus-blue',
        fundingType: 'self-funded',
        group: { id: 'uaw-retiree-trust', name: 'UAW Retiree Medical Benefits Trust' },
        groupArrangement: 'uaw-retiree-trust',
        effectiveDate: '2025-01-01',
        terminationDate: null,
        pharmacyBenefitAdministrator: 'express-scripts',
        pcp: { npi: '1902837465', name: 'Grace Kim, DO', phone: null, fax: null, address: null },
        state: 'MI',
      },
      version: 1,
    });
    // Supervisors see the member's name and birth date; integrators do not (minimum necessary).
    expect(body.member).toEqual({ firstName: 'Marcus', lastName: 'Bell', birthDate: '1978-09-30' });
    const forIntegrator = await getCoverage(h, member, '2025-03-15', integrator);
    expect(forIntegrator.status).toBe(200);
    expect(forIntegrator.body.member).toBeNull();

    // Before the effective date: the member exists but has no coverage then.
    const before = await getCoverage(h, member, '2024-12-31');
    expect(before.status).toBe(404);
    expect(before.body).toMatchObject({ statusCode: 404, reason: 'no-active-coverage' });
    // Without asOf: today, which is covered by the open-ended span.
    const today = await getCoverage(h, member);
    expect(today.status).toBe(200);
    expect(today.body.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('plan change mid-year: as-of queries on both sides of the change', async () => {
    const member = newMemberId();
    await publishCoverage(h, [
      coverageEvent(
        member,
        {
          lineOfBusiness: 'bcn-commercial',
          fundingType: 'fully-insured',
          group: { id: 'messa', name: 'MESSA' },
          effectiveDate: '2025-01-01',
        },
        { time: '2024-12-01T12:00:00Z' },
      ),
    ]);
    await waitForVersion(h, member, 1);
    await publishCoverage(h, [
      coverageEvent(
        member,
        {
          lineOfBusiness: 'blue-cross-commercial',
          fundingType: 'self-funded',
          group: { id: 'mpsers', name: 'MPSERS' },
          effectiveDate: '2025-07-01',
        },
        { time: '2025-06-15T12:00:00Z' },
      ),
    ]);
    const v2 = await waitForVersion(h, member, 2);
    expect(v2.spans.map((s) => [s.effectiveDate, s.terminationDate, s.lineOfBusiness])).toEqual([
      ['2025-01-01', '2025-06-30', 'bcn-commercial'],
      ['2025-07-01', null, 'blue-cross-commercial'],
    ]);

    const june = await getCoverage(h, member, '2025-06-30');
    expect(june.status).toBe(200);
    expect(june.body.coverage).toMatchObject({
      lineOfBusiness: 'bcn-commercial',
      groupArrangement: 'messa',
      effectiveDate: '2025-01-01',
      terminationDate: '2025-06-30',
    });
    const july = await getCoverage(h, member, '2025-07-01');
    expect(july.status).toBe(200);
    expect(july.body.coverage).toMatchObject({
      lineOfBusiness: 'blue-cross-commercial',
      fundingType: 'self-funded',
      groupArrangement: 'mpsers',
      effectiveDate: '2025-07-01',
      terminationDate: null,
    });
  });

  it('retro termination: a termination dated in the past closes the span', async () => {
    const member = newMemberId();
    await publishCoverage(h, [
      coverageEvent(member, { effectiveDate: '2025-01-01' }, { time: '2025-01-01T08:00:00Z' }),
    ]);
    await waitForVersion(h, member, 1);
    expect((await getCoverage(h, member, '2025-05-15')).status).toBe(200);

    await publishCoverage(h, [
      coverageEvent(
        member,
        { effectiveDate: '2025-01-01', terminationDate: '2025-03-31' },
        { time: '2025-06-01T08:00:00Z' },
      ),
    ]);
    const v2 = await waitForVersion(h, member, 2);
    expect(v2.spans).toHaveLength(1);
    expect(v2.spans[0]).toMatchObject({
      effectiveDate: '2025-01-01',
      terminationDate: '2025-03-31',
    });

    const lastDay = await getCoverage(h, member, '2025-03-31');
    expect(lastDay.status).toBe(200);
    expect(lastDay.body.coverage.terminationDate).toBe('2025-03-31');
    const after = await getCoverage(h, member, '2025-05-15');
    expect(after.status).toBe(404);
    expect(after.body).toMatchObject({ statusCode: 404, reason: 'no-active-coverage' });
    expect(typeof after.body.message).toBe('string');
  });

  it('future-effective coverage: none today, in force from its effective date', async () => {
    const member = newMemberId();
    const start = daysFromToday(45);
    await publishCoverage(h, [
      coverageEvent(
        member,
        {
          lineOfBusiness: 'bcn-advantage',
          effectiveDate: start,
          group: null,
          fundingType: 'individual',
        },
        { time: new Date().toISOString() },
      ),
    ]);
    await waitForVersion(h, member, 1);
    const today = await getCoverage(h, member);
    expect(today.status).toBe(404);
    expect(today.body.reason).toBe('no-active-coverage');
    const then = await getCoverage(h, member, start);
    expect(then.status).toBe(200);
    expect(then.body.coverage).toMatchObject({
      lineOfBusiness: 'bcn-advantage',
      group: null,
      groupArrangement: null,
      effectiveDate: start,
    });
    expect((await getCoverage(h, member, daysFromToday(44))).status).toBe(404);
  });

  it('a future-effective plan change keeps today on the current plan', async () => {
    const member = newMemberId();
    const change = daysFromToday(30);
    await publishCoverage(h, [
      coverageEvent(
        member,
        { lineOfBusiness: 'bcn-commercial', effectiveDate: '2024-01-01' },
        { time: '2023-12-01T08:00:00Z' },
      ),
      coverageEvent(
        member,
        { lineOfBusiness: 'medicare-plus-blue', effectiveDate: change },
        { time: new Date().toISOString() },
      ),
    ]);
    await h.probe.waitFor(
      (r) =>
        r.topic === topics.memberCoverage.name &&
        r.key === member &&
        (r.value as { spans?: unknown[] }).spans?.length === 2,
      { timeoutMs: 60_000 },
    );
    expect((await getCoverage(h, member)).body.coverage.lineOfBusiness).toBe('bcn-commercial');
    expect((await getCoverage(h, member, change)).body.coverage.lineOfBusiness).toBe(
      'medicare-plus-blue',
    );
  });

  it('PCP change: the new PCP from its effective date, the old one before', async () => {
    const member = newMemberId();
    const oldPcp = { npi: '1111111111', name: 'Ana Old, MD', phone: '313-555-0100' };
    const newPcp = {
      npi: '2222222222',
      name: 'Ben New, DO',
      address: { line1: '1 Main St', city: 'Lansing', state: 'MI', postalCode: '48933' },
    };
    await publishCoverage(h, [
      coverageEvent(
        member,
        { effectiveDate: '2025-01-01', pcp: oldPcp },
        { time: '2025-01-01T08:00:00Z' },
      ),
    ]);
    await waitForVersion(h, member, 1);
    await publishCoverage(h, [
      coverageEvent(
        member,
        { effectiveDate: '2025-04-01', pcp: newPcp },
        { time: '2025-03-20T08:00:00Z' },
      ),
    ]);
    const v2 = await waitForVersion(h, member, 2);
    expect(v2.spans.map((s) => s.pcp?.npi)).toEqual(['1111111111', '2222222222']);

    const before = await getCoverage(h, member, '2025-03-31');
    expect(before.body.coverage.pcp).toEqual({
      npi: '1111111111',
      name: 'Ana Old, MD',
      phone: '313-555-0100',
      fax: null,
      address: null,
    });
    const after = await getCoverage(h, member, '2025-04-01');
    expect(after.body.coverage.pcp).toEqual({
      npi: '2222222222',
      name: 'Ben New, DO',
      phone: null,
      fax: null,
      address: {
        line1: '1 Main St',
        line2: null,
        city: 'Lansing',
        state: 'MI',
        postalCode: '48933',
      },
    });
  });

  it('carries a group without its own arrangement through untouched', async () => {
    const member = newMemberId();
    await publishCoverage(h, [
      coverageEvent(
        member,
        {
          effectiveDate: '2025-01-01',
          group: { id: 'acme-tool-and-die', name: 'Acme Tool & Die' },
        },
        { time: '2025-01-01T08:00:00Z' },
      ),
    ]);
    const v1 = await waitForVersion(h, member, 1);
    expect(v1.spans[0]?.group).toEqual({ id: 'acme-tool-and-die', name: 'Acme Tool & Die' });
    const { body } = await getCoverage(h, member, '2025-02-01');
    expect(body.coverage.group).toEqual({ id: 'acme-tool-and-die', name: 'Acme Tool & Die' });
    expect(body.coverage.groupArrangement).toBeNull();
  });
});
