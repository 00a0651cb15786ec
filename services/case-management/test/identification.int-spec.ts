import {
  addDays,
  caseEventWhere,
  caseEventsOf,
  coverMember,
  daysAgo,
  discharge,
  encounter,
  evaluationAfter,
  evaluationWhere,
  fill,
  inpatientClaim,
  monthsAgo,
  newId,
  newMember,
  professionalClaim,
  publish,
  publishCoverage,
  startHarness,
  SUPERVISOR,
  TODAY,
  type Harness,
} from './harness';

/**
 * The event path of each criterion, on both sides of its threshold (the library's unit tests are
 * exhaustive; these prove that events reach it and its result reaches the topics and the cases).
 */
describe('case-management identification (real broker and database)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.stop();
  });

  /** A covered member. */
  const covered = async (): Promise<string> => {
    const m = newMember();
    await coverMember(h, m);
    return m;
  };

  it('four or more chronic conditions: 3 is not enough, the 4th (encounters) identifies the member and opens a case', async () => {
    const m = await covered();
    await publish(h, 'encounters.v1', [
      encounter(m, daysAgo(200), ['E119']),
      encounter(m, daysAgo(150), ['I10']),
      encounter(m, daysAgo(100), ['J449']),
    ]);
    const three = await evaluationAfter(h, m, 3);
    // Meeting nothing, the member's coverage is not looked up: it could not make them eligible.
    expect(three.evaluation).toMatchObject({ criteriaMet: [], eligible: false, covered: null });
    const [fourth] = await publish(h, 'encounters.v1', [encounter(m, daysAgo(50), ['I5023'])]);
    const evaluation = await evaluationWhere(h, m, (e) =>
      e.criteriaMet.includes('four-or-more-chronic-conditions'),
    );
    expect(evaluation.trigger).toEqual({ source: 'encounters.v1', eventId: fourth });
    expect(evaluation.eligible).toBe(true);
    expect((await evaluationAfter(h, m, 4)).evaluation).toMatchObject({ covered: true });
    expect(evaluation.policyVersion).toMatch(/^ccm-criteria-/);
    const chronic = evaluation.evidence.find(
      (e) => e.criterionId === 'four-or-more-chronic-conditions',
    )!;
    expect(chronic.count).toBe(4);
    expect(chronic.encounterIds).toHaveLength(4);
    const opened = await caseEventWhere(h, m, (c) => c.status === 'identified');
    expect(opened.identificationSources).toEqual(['encounters']);
    expect(opened.criteriaMet).toEqual(['four-or-more-chronic-conditions']);
    expect(opened.caseManager?.id).toMatch(/^cm-/);
  });

  it('polypharmacy: 30 fills in the quarter are not more than 30, the 31st is; a reversal takes it back', async () => {
    const m = await covered();
    const quarterStart = `${TODAY.slice(0, 5)}${String(Math.floor((Number(TODAY.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
    const fills = Array.from({ length: 31 }, () => fill(m, quarterStart));
    await publish(h, 'claims.pharmacy.v1', fills.slice(0, 30));
    const thirty = await evaluationAfter(h, m, 30);
    expect(thirty.evaluation?.criteriaMet).not.toContain('polypharmacy-over-30-per-quarter');
    const [last] = await publish(h, 'claims.pharmacy.v1', [fills[30]!]);
    const met = await evaluationWhere(h, m, (e) =>
      e.criteriaMet.includes('polypharmacy-over-30-per-quarter'),
    );
    expect(met.trigger.eventId).toBe(last);
    expect(met.evidence[0]!.count).toBe(31);
    await publish(h, 'claims.pharmacy.v1', [{ ...fills[3]!, status: 'reversed' }]);
    const reversed = await evaluationWhere(
      h,
      m,
      (e) => e.evaluationId !== met.evaluationId && e.criteriaMet.length === 0,
    );
    expect(reversed.eligible).toBe(false);
    await caseEventWhere(h, m, (c) => c.status === 'not-eligible');
  });

  it('readmission within 30 days with the same condition: day 30 counts, day 31 does not', async () => {
    const [day30, day31] = [await covered(), await covered()];
    const indexDischarge = daysAgo(120);
    for (const [m, gap] of [
      [day30, 30],
      [day31, 31],
    ] as const) {
      await publish(h, 'adt.discharges.v1', [
        discharge(m, addDays(indexDischarge, -5), indexDischarge, ['I5023']),
        discharge(m, addDays(indexDischarge, gap), addDays(indexDischarge, gap + 4), ['I5021']),
      ]);
    }
    const met = await evaluationWhere(h, day30, (e) =>
      e.criteriaMet.includes('readmission-30-days-same-condition'),
    );
    const readmission = met.evidence.find(
      (e) => e.criterionId === 'readmission-30-days-same-condition',
    )!;
    expect(readmission.stays).toHaveLength(2);
    expect(readmission.encounterIds).toHaveLength(2);
    const notMet = await evaluationAfter(h, day31, 2);
    expect(notMet.evaluation?.criteriaMet).not.toContain('readmission-30-days-same-condition');
    expect(caseEventsOf(h, day31)).toHaveLength(0);
  });

  it('three admissions in 12 months: a stay reported twice and a transfer count once, 13 months ago is outside; the third admission identifies', async () => {
    const m = await covered();
    const first = daysAgo(300);
    const second = daysAgo(200);
    await publish(h, 'adt.discharges.v1', [
      // 13 months ago: outside the look-back.
      discharge(m, addDays(monthsAgo(13), -3), monthsAgo(13), ['K3580']),
      // The same stay from the hospital (ADT) …
      discharge(m, first, addDays(first, 4), ['K8000']),
      // … and a transfer: discharged to another acute-care hospital (UB-04 02), admitted there
      // the same day.
      discharge(m, addDays(second, 0), addDays(second, 3), ['N390'], {
        dischargeDisposition: '02',
      }),
      discharge(m, addDays(second, 3), addDays(second, 6), ['N390'], { facilityNpi: '1992799999' }),
    ]);
    // … and from the claims system.
    await publish(h, 'claims.medical.v1', [inpatientClaim(m, first, addDays(first, 4), ['K8000'])]);
    const two = await evaluationAfter(h, m, 5);
    expect(two.evaluation?.criteriaMet).not.toContain('three-or-more-admissions-12-months');
    const [third] = await publish(h, 'adt.discharges.v1', [
      discharge(m, daysAgo(60), daysAgo(55), ['A419']),
    ]);
    const met = await evaluationWhere(h, m, (e) =>
      e.criteriaMet.includes('three-or-more-admissions-12-months'),
    );
    expect(met.trigger.eventId).toBe(third);
    expect(
      met.evidence.find((e) => e.criterionId === 'three-or-more-admissions-12-months')!.count,
    ).toBe(3);
    const opened = await caseEventWhere(h, m, (c) => c.status === 'identified');
    expect(opened.identificationSources.sort()).toEqual(['adt-discharges', 'medical-claims']);
  });

  it('major organ transplant: a kidney transplant procedure is; a cornea transplant status is not', async () => {
    const [yes, no] = [await covered(), await covered()];
    await publish(h, 'claims.medical.v1', [
      inpatientClaim(yes, daysAgo(90), daysAgo(84), ['N186'], {
        icd10PcsCodes: ['0TY10Z0'],
        drg: '652',
      }),
      professionalClaim(no, daysAgo(90), ['Z947']),
    ]);
    await evaluationWhere(
      h,
      yes,
      (e) => e.criteriaMet.includes('major-organ-transplant') && e.eligible,
    );
    expect((await evaluationAfter(h, no, 1)).evaluation?.criteriaMet).toEqual([]);
  });

  it('major trauma: a multiple-significant-trauma DRG on a stay is; a head injury seen in the office is not', async () => {
    const [yes, no] = [await covered(), await covered()];
    await publish(h, 'claims.medical.v1', [
      inpatientClaim(yes, daysAgo(40), daysAgo(30), ['S7201XA'], { drg: '956' }),
      professionalClaim(no, daysAgo(40), ['S065X0A']),
    ]);
    await evaluationWhere(h, yes, (e) => e.criteriaMet.includes('major-trauma'));
    expect((await evaluationAfter(h, no, 1)).evaluation?.criteriaMet).toEqual([]);
  });

  it('cancer with multiple modalities: surgery alone is not, surgery then radiation is', async () => {
    const m = await covered();
    await publish(h, 'claims.medical.v1', [
      professionalClaim(m, daysAgo(120), ['C50911'], { procedureCodes: ['19301'] }),
    ]);
    expect((await evaluationAfter(h, m, 1)).evaluation?.criteriaMet).toEqual([]);
    const [radiation] = await publish(h, 'claims.medical.v1', [
      professionalClaim(m, daysAgo(60), ['C50911'], { procedureCodes: ['77412'] }),
    ]);
    const met = await evaluationWhere(h, m, (e) =>
      e.criteriaMet.includes('cancer-multiple-modalities'),
    );
    expect(met.trigger.eventId).toBe(radiation);
  });

  it('lab results and MTM reviews update the profile and trigger an evaluation', async () => {
    const m = await covered();
    await publish(h, 'labs.results.v1', [
      {
        resultId: newId('LAB'),
        memberId: m,
        loinc: '4548-4',
        value: 9.2,
        unit: '%',
        abnormalFlag: 'H',
        resultDate: daysAgo(10),
      },
    ]);
    const afterLab = await evaluationAfter(h, m, 1);
    expect(afterLab.evaluation?.trigger.source).toBe('labs.results.v1');
    const [review] = await publish(h, 'mtm.events.v1', [
      {
        reviewId: newId('MTM'),
        memberId: m,
        reviewDate: daysAgo(5),
        medicationCount: 12,
        problems: ['duplicate therapy'],
      },
    ]);
    const afterMtm = await evaluationAfter(h, m, 2);
    expect(afterMtm.evaluation?.trigger).toEqual({ source: 'mtm.events.v1', eventId: review });
  });

  it('no coverage: criteria met but not identified; coverage arriving later identifies the member', async () => {
    const m = newMember();
    await publish(h, 'claims.medical.v1', [
      inpatientClaim(m, daysAgo(90), daysAgo(84), ['N186'], { icd10PcsCodes: ['0TY10Z0'] }),
    ]);
    const before = await evaluationAfter(h, m, 1);
    expect(before.evaluation).toMatchObject({
      criteriaMet: ['major-organ-transplant'],
      eligible: false,
      covered: false,
    });
    expect(caseEventsOf(h, m)).toHaveLength(0);
    await publishCoverage(h, m);
    const evaluation = await evaluationWhere(h, m, (e) => e.eligible);
    expect(evaluation.trigger.source).toBe('eligibility.member-coverage.v1');
    const opened = await caseEventWhere(h, m, (c) => c.status === 'identified');
    expect(opened.identificationSources).toEqual(['medical-claims']);
  });

  it('duplicate deliveries and repeated triggers open one case', async () => {
    const m = await covered();
    const claim = inpatientClaim(m, daysAgo(90), daysAgo(84), ['N186'], {
      icd10PcsCodes: ['0TY10Z0'],
    });
    const id = newId('evt');
    await publish(h, 'claims.medical.v1', [claim, claim], [id, id]);
    await publish(h, 'claims.medical.v1', [claim]); // a new delivery id, the same claim
    await publish(h, 'encounters.v1', [encounter(m, daysAgo(30), ['Z940'])]);
    await publish(h, 'ccm.referrals.v1', [
      {
        referralId: newId('REF'),
        memberId: m,
        source: 'member-services',
        submittedAt: new Date().toISOString(),
      },
    ]);
    await evaluationWhere(h, m, (e) => e.trigger.source === 'ccm.referrals.v1');
    expect((await evaluationAfter(h, m, 3)).eventsApplied).toBe(3);
    const res = await h.service.request('GET', `/cases?memberId=${m}`, { principal: SUPERVISOR });
    const cases = (res.body as { cases: { caseId: string; identificationSources: string[] }[] })
      .cases;
    expect(cases).toHaveLength(1);
    expect(cases[0]!.identificationSources.length).toBeGreaterThan(1);
    expect(cases[0]!.identificationSources).toEqual(expect.arrayContaining(['member-services']));
    expect(caseEventsOf(h, m).filter((c) => c.status === 'identified')).toHaveLength(1);
  });
});
