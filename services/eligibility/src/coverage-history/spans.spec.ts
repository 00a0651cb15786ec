import { coverageSpan, coverageUpdatedSamples } from '@careflow/contracts';
import {
  dayBefore,
  deriveSpans,
  factFromEvent,
  groupArrangementOf,
  isNewer,
  mergeFacts,
  normaliseEventTime,
  publishableSpans,
  spanOn,
  type CoverageFact,
} from './spans';

const fact = (
  effectiveDate: string,
  terminationDate: string | null,
  eventTime: string,
  overrides: Partial<CoverageFact> = {},
): CoverageFact => ({
  memberId: 'M1',
  effectiveDate,
  terminationDate,
  lineOfBusiness: 'bcn-commercial',
  fundingType: 'fully-insured',
  group: null,
  pharmacyBenefitAdministrator: null,
  pcp: null,
  state: 'MI',
  eventId: `e-${effectiveDate}-${eventTime}`,
  eventTime: normaliseEventTime(eventTime),
  ...overrides,
});

const T1 = '2025-01-01T10:00:00Z';
const T2 = '2025-02-01T10:00:00Z';
const T3 = '2025-03-01T10:00:00Z';

describe('factFromEvent', () => {
  it('keeps no names or birth dates and publishes every PCP field', () => {
    const sample = coverageUpdatedSamples[1]!;
    const f = factFromEvent(sample, 'id-1', '2025-01-01T05:00:00-05:00');
    expect(JSON.stringify(f)).not.toContain(sample.lastName);
    expect(JSON.stringify(f)).not.toContain(sample.birthDate);
    expect(f.pcp).toEqual({
      npi: '1902837465',
      name: 'Grace Kim, DO',
      phone: null,
      fax: null,
      address: null,
    });
    expect(f.eventTime).toBe('2025-01-01T10:00:00.000Z');
  });

  it('gives individual coverage null group, PBA, PCP and state', () => {
    const f = factFromEvent(coverageUpdatedSamples[2]!, 'id-2', T1);
    expect(f.group).toBeNull();
    expect(f.pcp).toBeNull();
    expect(f.pharmacyBenefitAdministrator).toBeNull();
    expect(f.state).toBeNull();
  });

  it('produces spans that satisfy the published contract', () => {
    coverageUpdatedSamples.forEach((sample, i) => {
      const [span] = deriveSpans([factFromEvent(sample, `id-${i}`, T1)]);
      expect(() => coverageSpan.parse(span)).not.toThrow();
    });
  });
});

describe('isNewer', () => {
  it('orders by event time, then by event id', () => {
    expect(isNewer(fact('2025-01-01', null, T2), fact('2025-01-01', null, T1))).toBe(true);
    expect(isNewer(fact('2025-01-01', null, T1), fact('2025-01-01', null, T2))).toBe(false);
    const a = fact('2025-01-01', null, T1, { eventId: 'a' });
    const b = fact('2025-01-01', null, T1, { eventId: 'b' });
    expect(isNewer(b, a)).toBe(true);
    expect(isNewer(a, b)).toBe(false);
    expect(isNewer(a, a)).toBe(false);
  });
});

describe('mergeFacts', () => {
  it('never lets an older event overwrite a newer fact', () => {
    const newer = fact('2025-01-01', null, T2, { lineOfBusiness: 'medicare-plus-blue' });
    const older = fact('2025-01-01', null, T1, { lineOfBusiness: 'bcn-commercial' });
    const result = mergeFacts([newer], [older]);
    expect(result.accepted).toEqual([]);
    expect(result.facts).toEqual([newer]);
  });

  it('gives the same result whatever the delivery order', () => {
    const a = fact('2025-01-01', null, T1);
    const b = fact('2025-01-01', '2025-04-30', T2);
    const c = fact('2025-07-01', null, T3, { lineOfBusiness: 'bcn-advantage' });
    const orders = [
      [a, b, c],
      [c, b, a],
      [b, a, c],
      [c, a, b],
    ];
    const derived = orders.map((o) => deriveSpans(mergeFacts([], o).facts));
    for (const d of derived) expect(d).toEqual(derived[0]);
    // One at a time, as separate deliveries, too.
    let held: CoverageFact[] = [];
    for (const f of [c, a, b]) held = mergeFacts(held, [f]).facts;
    expect(deriveSpans(held)).toEqual(derived[0]);
  });

  it('accepts a newer fact for the same effective date once, even twice in one chunk', () => {
    const a = fact('2025-01-01', null, T1);
    const b = fact('2025-01-01', '2025-03-31', T2);
    const result = mergeFacts([a], [b, a, b]);
    expect(result.accepted).toEqual([b]);
    expect(result.facts).toEqual([b]);
  });
});

describe('deriveSpans', () => {
  it('first enrollment: one open-ended span', () => {
    const spans = deriveSpans([fact('2025-01-01', null, T1)]);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ effectiveDate: '2025-01-01', terminationDate: null });
  });

  it('plan change mid-year: the old span ends the day before the new one', () => {
    const spans = deriveSpans([
      fact('2025-07-01', null, T2, { lineOfBusiness: 'blue-cross-commercial' }),
      fact('2025-01-01', null, T1, { lineOfBusiness: 'bcn-commercial' }),
    ]);
    expect(spans.map((s) => [s.effectiveDate, s.terminationDate, s.lineOfBusiness])).toEqual([
      ['2025-01-01', '2025-06-30', 'bcn-commercial'],
      ['2025-07-01', null, 'blue-cross-commercial'],
    ]);
    expect(spanOn(spans, '2025-06-30')?.lineOfBusiness).toBe('bcn-commercial');
    expect(spanOn(spans, '2025-07-01')?.lineOfBusiness).toBe('blue-cross-commercial');
    expect(spanOn(spans, '2024-12-31')).toBeNull();
  });

  it('keeps an earlier own termination and leaves the gap', () => {
    const spans = deriveSpans([fact('2025-01-01', '2025-03-31', T1), fact('2025-07-01', null, T2)]);
    expect(spans.map((s) => [s.effectiveDate, s.terminationDate])).toEqual([
      ['2025-01-01', '2025-03-31'],
      ['2025-07-01', null],
    ]);
    expect(spanOn(spans, '2025-05-15')).toBeNull();
  });

  it('retro termination: a newer fact for the same effective date closes the span', () => {
    const merged = mergeFacts(
      [fact('2025-01-01', null, T1)],
      [fact('2025-01-01', '2025-02-28', T3)],
    );
    const spans = deriveSpans(merged.facts);
    expect(spans).toHaveLength(1);
    expect(spans[0]?.terminationDate).toBe('2025-02-28');
    expect(spanOn(spans, '2025-02-28')).not.toBeNull();
    expect(spanOn(spans, '2025-03-01')).toBeNull();
  });

  it('a termination before the effective date voids the span', () => {
    const spans = deriveSpans([fact('2025-01-01', null, T1), fact('2025-07-01', '2025-06-30', T2)]);
    expect(spans).toHaveLength(1);
    expect(spans[0]?.terminationDate).toBeNull();
  });

  it('a PCP change is a new span with the new PCP from its effective date', () => {
    const pcp = (npi: string) => ({ npi, name: 'Dr', phone: null, fax: null, address: null });
    const spans = deriveSpans([
      fact('2025-01-01', null, T1, { pcp: pcp('1111111111') }),
      fact('2025-05-01', null, T2, { pcp: pcp('2222222222') }),
    ]);
    expect(spanOn(spans, '2025-04-30')?.pcp?.npi).toBe('1111111111');
    expect(spanOn(spans, '2025-05-01')?.pcp?.npi).toBe('2222222222');
  });

  it('dates across month and leap-year boundaries', () => {
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
    expect(dayBefore('2025-01-01')).toBe('2024-12-31');
  });
});

describe('publishableSpans', () => {
  it('keeps the most recent spans within the contract bound', () => {
    const facts = Array.from({ length: 510 }, (_, i) =>
      fact(`${String(1000 + i)}-01-01`, null, T1),
    );
    const spans = publishableSpans(deriveSpans(facts));
    expect(spans).toHaveLength(500);
    expect(spans[499]?.effectiveDate).toBe('1509-01-01');
  });
});

describe('groupArrangementOf', () => {
  it('recognises the groups with their own arrangements and carries others as null', () => {
    expect(groupArrangementOf({ id: 'uaw-retiree-trust', name: 'UAW' })).toBe('uaw-retiree-trust');
    expect(groupArrangementOf({ id: 'mpsers', name: 'MPSERS' })).toBe('mpsers');
    expect(groupArrangementOf({ id: 'state-of-michigan', name: 'SoM' })).toBe('state-of-michigan');
    expect(groupArrangementOf({ id: 'messa', name: 'MESSA' })).toBe('messa');
    expect(groupArrangementOf({ id: 'acme-auto', name: 'Acme' })).toBeNull();
    expect(groupArrangementOf(null)).toBeNull();
  });
});
