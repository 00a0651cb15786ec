import { fourOrMoreChronicConditions, polypharmacyOver30PerQuarter } from '../src';
import {
  AS_OF_2026 as AS_OF,
  CONFIG_2026,
  configWith2026,
  fills,
  labResult,
  mtmReview,
  professionalClaim,
  profileOf,
} from './fixtures';

const conditionsOf = (...events: Parameters<typeof profileOf>) =>
  fourOrMoreChronicConditions(profileOf(...events), AS_OF, CONFIG_2026).evidence.conditions;

describe('laboratory results as evidence of a chronic condition (2026.1)', () => {
  it('diabetes: two HbA1c results >= 6.5% (ADA); 6.4% is not, one result is not enough', () => {
    const ids = (...e: Parameters<typeof profileOf>) =>
      conditionsOf(...e).map((c) => c.conditionId);
    expect(
      ids(
        labResult('2026-01-10', '4548-4', 6.5, '%'),
        labResult('2026-02-10', '4548-4', '7.2', '%'),
      ),
    ).toEqual(['diabetes']);
    expect(
      ids(labResult('2026-01-10', '4548-4', 6.4, '%'), labResult('2026-02-10', '4548-4', 7.2, '%')),
    ).toEqual([]);
    expect(ids(labResult('2026-01-10', '4548-4', 9.1, '%'))).toEqual([]);
    // HbA1c plus fasting glucose >= 126 mg/dL (ADA: two different tests) and IFCC mmol/mol units.
    expect(
      ids(
        labResult('2026-01-10', '17856-6', 48, 'mmol/mol'),
        labResult('2026-01-10', '1558-6', 126, 'mg/dL'),
      ),
    ).toEqual(['diabetes']);
    expect(
      ids(
        labResult('2026-01-10', '17856-6', 47, 'mmol/mol'),
        labResult('2026-01-10', '1558-6', 126, 'mg/dL'),
      ),
    ).toEqual([]);
    expect(
      ids(
        labResult('2026-01-10', '1558-6', 6.9, 'mmol/L'),
        labResult('2026-03-10', '1558-6', 7.0, 'mmol/L'),
      ),
    ).toEqual([]);
    // A unit the rule cannot convert is not read; a censored value below the threshold is not.
    expect(
      ids(
        labResult('2026-01-10', '4548-4', 7, 'g/dL'),
        labResult('2026-02-10', '4548-4', '<7', '%'),
      ),
    ).toEqual([]);
  });

  it('renal failure: eGFR < 30 (KDIGO G4) on two results more than 3 months (90 days) apart', () => {
    const egfr = (date: string, v: number | string) =>
      labResult(date, '98979-8', v, 'mL/min/{1.73_m2}');
    const found = conditionsOf(egfr('2026-01-01', 29), egfr('2026-04-01', '24'));
    expect(found.map((c) => c.conditionId)).toEqual(['renal-failure']);
    expect(found[0]).toMatchObject({ establishedBy: ['laboratory'], codes: [], occurrences: 0 });
    expect(found[0]?.labResults.map((l) => l.value)).toEqual([29, 24]);
    expect(found[0]?.sources[0]).toMatchObject({ kind: 'lab-result' });
    const r = fourOrMoreChronicConditions(
      profileOf(egfr('2026-01-01', 29), egfr('2026-04-01', '24')),
      AS_OF,
      CONFIG_2026,
    );
    expect(r.evidence.summary).toContain(
      'Renal failure (by laboratory: 2 egfr result(s) past the published threshold)',
    );
    expect(conditionsOf(egfr('2026-01-01', 30), egfr('2026-04-01', 24))).toEqual([]);
    expect(conditionsOf(egfr('2026-01-01', 29), egfr('2026-03-31', 24))).toEqual([]);
  });

  it('HIV: a detectable HIV-1 viral load (CDC 2014); "<20" and "Not detected" are not', () => {
    expect(
      conditionsOf(labResult('2026-01-10', '20447-9', 1500, 'copies/mL')).map((c) => c.conditionId),
    ).toEqual(['hiv']);
    expect(
      conditionsOf(labResult('2026-01-10', '25836-8', 'Detected', null)).map((c) => c.conditionId),
    ).toEqual(['hiv']);
    expect(conditionsOf(labResult('2026-01-10', '20447-9', '<20', 'copies/mL'))).toEqual([]);
    expect(conditionsOf(labResult('2026-01-10', '20447-9', 'Not detected', null))).toEqual([]);
  });

  it('a lab-established condition adds to the count: three diagnosed plus diabetes by HbA1c meets four', () => {
    const events = [
      professionalClaim('2026-01-05', ['I10', 'J449', 'M069']),
      labResult('2026-01-10', '4548-4', 8, '%'),
      labResult('2026-04-10', '4548-4', 8.4, '%'),
    ];
    const r = fourOrMoreChronicConditions(profileOf(...events), AS_OF, CONFIG_2026);
    expect(r.met).toBe(true);
    const off = configWith2026((c) => (c.labEvidence.enabled = false));
    expect(fourOrMoreChronicConditions(profileOf(...events), AS_OF, off).met).toBe(false);
  });
});

describe('MTM reviews in polypharmacy (2026.1)', () => {
  it('11 medications (33 thirty-day fills a quarter) meet, 10 (30) do not', () => {
    const eleven = polypharmacyOver30PerQuarter(
      profileOf(mtmReview('2026-05-02', 11)),
      AS_OF,
      CONFIG_2026,
    );
    expect(eleven.met).toBe(true);
    expect(eleven.evidence.rule).toBe('mtm-medication-count');
    expect(eleven.evidence.quarters[0]?.mtm).toMatchObject({
      medicationCount: 11,
      prescriptions: 33,
    });
    expect(
      polypharmacyOver30PerQuarter(profileOf(mtmReview('2026-05-02', 10)), AS_OF, CONFIG_2026).met,
    ).toBe(false);
    const off = configWith2026((c) => (c.mtm.fillsPerMedicationPerQuarter = 0));
    expect(
      polypharmacyOver30PerQuarter(profileOf(mtmReview('2026-05-02', 11)), AS_OF, off).met,
    ).toBe(false);
  });

  it('prefers the pharmacy claims when they meet by themselves, and ignores reviews outside the quarters', () => {
    const both = polypharmacyOver30PerQuarter(
      profileOf(...fills('2026-04-01', 31), mtmReview('2026-05-02', 11)),
      AS_OF,
      CONFIG_2026,
    );
    expect(both.evidence.rule).toBe('prescriptions-in-calendar-quarter');
    expect(
      polypharmacyOver30PerQuarter(profileOf(mtmReview('2025-12-31', 20)), AS_OF, CONFIG_2026).met,
    ).toBe(false);
  });
});
