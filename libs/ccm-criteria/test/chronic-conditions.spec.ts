import { addDays, addMonths, fourOrMoreChronicConditions } from '../src';
import {
  AS_OF,
  CONFIG,
  adtDischarge,
  configWith,
  encounter,
  professionalClaim,
  profileOf,
} from './fixtures';

describe('four-or-more-chronic-conditions', () => {
  it('is not met by 3 conditions, however many codes and claims show them', () => {
    const p = profileOf(
      professionalClaim('2025-01-10', ['E1165', 'E119', 'E1122']), // diabetes three ways
      professionalClaim('2025-02-10', ['E119']),
      encounter('2025-03-10', ['I10']),
      professionalClaim('2025-04-10', ['J449', 'I10']),
    );
    const r = fourOrMoreChronicConditions(p, AS_OF, CONFIG);
    expect(r.met).toBe(false);
    expect(r.evidence.count).toBe(3);
    expect(r.evidence.rule).toBeNull();
    const diabetes = r.evidence.conditions.find((c) => c.conditionId === 'diabetes');
    expect(diabetes).toMatchObject({
      codes: [
        { code: 'E1122', matchedSpec: 'E11' },
        { code: 'E1165', matchedSpec: 'E11' },
        { code: 'E119', matchedSpec: 'E11' },
      ],
      firstDate: '2025-01-10',
      lastDate: '2025-02-10',
      occurrences: 4,
    });
    expect(diabetes?.sources).toHaveLength(2);
  });

  it('is met by 4 distinct conditions, with evidence per condition', () => {
    const p = profileOf(
      professionalClaim('2025-01-10', ['E119']),
      encounter('2025-03-10', ['I10']),
      professionalClaim('2025-04-10', ['J449']),
      adtDischarge('2025-05-01', '2025-05-04', ['I5023']),
    );
    const r = fourOrMoreChronicConditions(p, AS_OF, CONFIG);
    expect(r.met).toBe(true);
    expect(r.evidence).toMatchObject({
      criterionId: 'four-or-more-chronic-conditions',
      rule: 'distinct-chronic-conditions',
      threshold: 4,
      count: 4,
      window: { from: '2023-06-15', to: AS_OF },
    });
    expect(r.evidence.conditions.map((c) => c.conditionId)).toEqual([
      'diabetes',
      'hypertension',
      'copd',
      'congestive-heart-failure',
    ]);
    expect(r.evidence.conditions[3]?.sources[0]).toMatchObject({
      kind: 'adt-discharge',
      date: '2025-05-01',
    });
  });

  it('counts a diagnosis exactly 24 months back and not one a day older', () => {
    const base = [
      professionalClaim('2025-01-10', ['E119']),
      professionalClaim('2025-01-10', ['I10', 'J449']),
    ];
    const edge = addMonths(AS_OF, -24);
    expect(
      fourOrMoreChronicConditions(profileOf(...base, encounter(edge, ['G20'])), AS_OF, CONFIG).met,
    ).toBe(true);
    expect(
      fourOrMoreChronicConditions(
        profileOf(...base, encounter(addDays(edge, -1), ['G20'])),
        AS_OF,
        CONFIG,
      ).met,
    ).toBe(false);
    // After asOf is not yet known.
    expect(
      fourOrMoreChronicConditions(
        profileOf(...base, encounter(addDays(AS_OF, 1), ['G20'])),
        AS_OF,
        CONFIG,
      ).met,
    ).toBe(false);
  });

  it('ignores codes outside the definitions (CKD stage 3, gestational diabetes, concussion)', () => {
    const p = profileOf(professionalClaim('2025-01-10', ['N1830', 'O2441', 'S060X0A', 'I10']));
    const r = fourOrMoreChronicConditions(p, AS_OF, CONFIG);
    expect(r.evidence.conditions.map((c) => c.conditionId)).toEqual(['hypertension']);
  });

  it('a code of two conditions counts for both (I13.2: heart failure and renal failure, and hypertension)', () => {
    const r = fourOrMoreChronicConditions(
      profileOf(professionalClaim('2025-01-10', ['I132', 'J45909'])),
      AS_OF,
      CONFIG,
    );
    expect(r.evidence.conditions.map((c) => c.conditionId)).toEqual([
      'renal-failure',
      'hypertension',
      'asthma',
      'congestive-heart-failure',
    ]);
    expect(r.met).toBe(true);
  });

  it('per-heading counting treats the pulmonary conditions as one', () => {
    const p = profileOf(
      professionalClaim('2025-01-10', ['J449', 'J45909', 'J189', 'J9611', 'E119']),
    );
    expect(fourOrMoreChronicConditions(p, AS_OF, CONFIG).evidence.count).toBe(5);
    const perHeading = fourOrMoreChronicConditions(
      p,
      AS_OF,
      configWith((c) => (c.chronicConditions.counting = 'per-heading')),
    );
    expect(perHeading.evidence.count).toBe(2);
    expect(perHeading.met).toBe(false);
  });
});
