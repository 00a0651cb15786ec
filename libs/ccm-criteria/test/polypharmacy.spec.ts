import { applyPharmacyClaim, polypharmacyOver30PerQuarter } from '../src';
import { AS_OF, CONFIG, configWith, fills, pharmacyFill, profileOf } from './fixtures';

describe('polypharmacy-over-30-per-quarter', () => {
  it('is met by 31 paid prescriptions in a calendar quarter and not by 30', () => {
    const thirty = polypharmacyOver30PerQuarter(
      profileOf(...fills('2025-04-01', 30)),
      AS_OF,
      CONFIG,
    );
    expect(thirty.met).toBe(false);
    expect(thirty.evidence.quarters[0]).toEqual({
      quarter: '2025-Q2',
      from: '2025-04-01',
      to: AS_OF,
      prescriptions: 30,
      reversed: 0,
      mtm: null,
    });
    const r = polypharmacyOver30PerQuarter(profileOf(...fills('2025-04-01', 31)), AS_OF, CONFIG);
    expect(r.met).toBe(true);
    expect(r.evidence).toMatchObject({
      rule: 'prescriptions-in-calendar-quarter',
      qualifyingQuarter: '2025-Q2',
      moreThan: 30,
    });
    expect(r.evidence.fills).toHaveLength(31);
  });

  it('nets a reversal out: 31 paid with one reversed is 30', () => {
    const events = fills('2025-04-01', 31);
    const last = events[30];
    if (last?.kind !== 'pharmacy-claim') throw new Error('fixture');
    const p = applyPharmacyClaim(profileOf(...events), { ...last.data, status: 'reversed' });
    const r = polypharmacyOver30PerQuarter(p, AS_OF, CONFIG);
    expect(r.met).toBe(false);
    expect(r.evidence.quarters[0]).toMatchObject({ prescriptions: 30, reversed: 1 });
    expect(r.evidence.fills.map((f) => f.claimId)).not.toContain(last.data.claimId);
  });

  it('counts by calendar quarter: 16 in March and 16 in April is no quarter over 30', () => {
    const p = profileOf(...fills('2025-03-01', 16), ...fills('2025-04-01', 16));
    const r = polypharmacyOver30PerQuarter(p, AS_OF, CONFIG);
    expect(r.met).toBe(false);
    expect(r.evidence.quarters.map((q) => [q.quarter, q.prescriptions])).toEqual([
      ['2025-Q2', 16],
      ['2025-Q1', 16],
    ]);
  });

  it('looks at the previous complete quarter, but not further back by default', () => {
    expect(
      polypharmacyOver30PerQuarter(profileOf(...fills('2025-01-02', 31)), AS_OF, CONFIG).evidence
        .qualifyingQuarter,
    ).toBe('2025-Q1');
    expect(
      polypharmacyOver30PerQuarter(profileOf(...fills('2024-10-02', 31)), AS_OF, CONFIG).met,
    ).toBe(false);
    const wider = configWith((c) => (c.polypharmacy.previousQuarters = 3));
    expect(
      polypharmacyOver30PerQuarter(profileOf(...fills('2024-10-02', 31)), AS_OF, wider).evidence
        .qualifyingQuarter,
    ).toBe('2024-Q4');
  });

  it('ignores fills after asOf', () => {
    const p = profileOf(...fills('2025-04-01', 30), pharmacyFill('2025-06-16'));
    expect(polypharmacyOver30PerQuarter(p, AS_OF, CONFIG).met).toBe(false);
    expect(polypharmacyOver30PerQuarter(p, '2025-06-30', CONFIG).met).toBe(true);
  });
});
