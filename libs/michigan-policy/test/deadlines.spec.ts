import { PlanCalendar } from '@careflow/contracts';
import { DEADLINE_REGIMES, computeDueBy, michiganDateOf, type DeadlineRegimeInput } from '../src';

const RECEIVED = new Date('2025-03-14T15:00:00Z');
const DETROIT = new PlanCalendar('America/Detroit');

describe('computeDueBy', () => {
  it.each<[string, DeadlineRegimeInput, string, string, RegExp]>([
    [
      'Medicare Plus Blue Part B drug, expedited',
      {
        lineOfBusiness: 'medicare-plus-blue',
        fundingType: 'individual',
        benefit: 'medical',
        urgency: 'expedited',
      },
      '2025-03-15T15:00:00.000Z',
      'medicare-advantage-part-b-drug',
      /42 CFR 422\.572\(a\)/,
    ],
    [
      'BCN Advantage Part B drug, standard',
      {
        lineOfBusiness: 'bcn-advantage',
        fundingType: 'fully-insured',
        benefit: 'medical',
        urgency: 'standard',
      },
      '2025-03-17T15:00:00.000Z',
      'medicare-advantage-part-b-drug',
      /42 CFR 422\.568\(b\)/,
    ],
    [
      'Medicare Plus Blue Part D, expedited',
      {
        lineOfBusiness: 'medicare-plus-blue',
        fundingType: 'self-funded',
        benefit: 'pharmacy',
        urgency: 'expedited',
      },
      '2025-03-15T15:00:00.000Z',
      'medicare-part-d-coverage-determination',
      /42 CFR 423\.572\(a\)/,
    ],
    [
      'BCN Advantage Part D, standard',
      {
        lineOfBusiness: 'bcn-advantage',
        fundingType: 'individual',
        benefit: 'pharmacy',
        urgency: 'standard',
      },
      '2025-03-17T15:00:00.000Z',
      'medicare-part-d-coverage-determination',
      /42 CFR 423\.568\(b\)/,
    ],
    [
      'Blue Cross commercial fully insured, urgent',
      {
        lineOfBusiness: 'blue-cross-commercial',
        fundingType: 'fully-insured',
        benefit: 'medical',
        urgency: 'expedited',
      },
      '2025-03-17T15:00:00.000Z',
      'michigan-insurance-code-2212e',
      /MCL 500\.2212e/,
    ],
    [
      'BCN commercial individual, non-urgent: 7 calendar days',
      {
        lineOfBusiness: 'bcn-commercial',
        fundingType: 'individual',
        benefit: 'pharmacy',
        urgency: 'standard',
      },
      // End of March 21 in Detroit (EDT, UTC-4).
      '2025-03-22T03:59:59.999Z',
      'michigan-insurance-code-2212e',
      /7 calendar days/,
    ],
    [
      'Blue Cross commercial self-funded, urgent',
      {
        lineOfBusiness: 'blue-cross-commercial',
        fundingType: 'self-funded',
        benefit: 'medical',
        urgency: 'expedited',
      },
      '2025-03-17T15:00:00.000Z',
      'erisa-self-funded',
      /29 CFR 2560\.503-1\(f\)\(2\)\(i\)/,
    ],
    [
      'BCN commercial self-funded, pre-service: 15 days',
      {
        lineOfBusiness: 'bcn-commercial',
        fundingType: 'self-funded',
        benefit: 'pharmacy',
        urgency: 'standard',
      },
      '2025-03-30T03:59:59.999Z',
      'erisa-self-funded',
      /15 days/,
    ],
  ])('%s', (_name, input, dueBy, regimeId, source) => {
    const result = computeDueBy(input, RECEIVED, DETROIT);
    expect(result.dueBy).toBe(dueBy);
    expect(result.regimeId).toBe(regimeId);
    expect(result.source).toMatch(source);
  });

  it('uses 9 calendar days for Michigan non-urgent requests received from June 1, 2023 to May 31, 2024', () => {
    const input: DeadlineRegimeInput = {
      lineOfBusiness: 'blue-cross-commercial',
      fundingType: 'fully-insured',
      benefit: 'medical',
      urgency: 'standard',
    };
    expect(computeDueBy(input, new Date('2024-05-31T12:00:00Z'), DETROIT).dueBy).toBe(
      '2024-06-10T03:59:59.999Z',
    );
    expect(computeDueBy(input, new Date('2024-06-01T12:00:00Z'), DETROIT).dueBy).toBe(
      '2024-06-09T03:59:59.999Z',
    );
  });

  it('picks the period by the Michigan calendar date of receipt', () => {
    // 2024-06-01T02:00Z is still May 31 in Detroit (EDT, UTC-4): the 9-day period applies.
    expect(michiganDateOf(new Date('2024-06-01T02:00:00Z'))).toBe('2024-05-31');
    const input: DeadlineRegimeInput = {
      lineOfBusiness: 'bcn-commercial',
      fundingType: 'fully-insured',
      benefit: 'medical',
      urgency: 'standard',
    };
    expect(computeDueBy(input, new Date('2024-06-01T02:00:00Z'), DETROIT).dueBy).toBe(
      '2024-06-10T03:59:59.999Z',
    );
  });

  describe('calendar days end at the end of the day in the plan time zone, across DST', () => {
    const input: DeadlineRegimeInput = {
      lineOfBusiness: 'blue-cross-commercial',
      fundingType: 'fully-insured',
      benefit: 'medical',
      urgency: 'standard',
    };
    it('received the evening before the spring change: ends at midnight EDT, not an hour late', () => {
      // 2025-03-08 23:30 EST; clocks spring forward 2025-03-09 02:00.
      const due = computeDueBy(input, new Date('2025-03-09T04:30:00Z'), DETROIT);
      expect(due.dueBy).toBe('2025-03-16T03:59:59.999Z');
      expect(due.source).toMatch(/end of the 7th calendar day after the day of receipt/);
    });
    it('received the evening before the fall change: ends at midnight EST', () => {
      // 2025-11-01 23:30 EDT; clocks fall back 2025-11-02 02:00.
      expect(computeDueBy(input, new Date('2025-11-02T03:30:00Z'), DETROIT).dueBy).toBe(
        '2025-11-09T04:59:59.999Z',
      );
    });
    it('one millisecond before and at local midnight fall on different days', () => {
      const before = computeDueBy(input, new Date('2025-03-15T03:59:59.999Z'), DETROIT);
      const at = computeDueBy(input, new Date('2025-03-15T04:00:00.000Z'), DETROIT);
      expect(before.dueBy).toBe('2025-03-22T03:59:59.999Z');
      expect(at.dueBy).toBe('2025-03-23T03:59:59.999Z');
    });
    it('hours still run from the instant of receipt', () => {
      expect(
        computeDueBy({ ...input, urgency: 'expedited' }, new Date('2025-03-09T04:30:00Z'), DETROIT)
          .dueBy,
      ).toBe('2025-03-12T04:30:00.000Z');
    });
    it('uses the configured plan time zone', () => {
      const chicago = new PlanCalendar('America/Chicago');
      expect(computeDueBy(input, new Date('2025-03-14T15:00:00Z'), chicago).dueBy).toBe(
        '2025-03-22T04:59:59.999Z',
      );
    });
  });

  it('rejects an invalid receipt time', () => {
    expect(() =>
      computeDueBy(
        {
          lineOfBusiness: 'bcn-commercial',
          fundingType: 'individual',
          benefit: 'medical',
          urgency: 'standard',
        },
        new Date('nope'),
        DETROIT,
      ),
    ).toThrow(RangeError);
  });

  it('covers every line of business, funding type and benefit with exactly one regime', () => {
    for (const lob of [
      'blue-cross-commercial',
      'medicare-plus-blue',
      'bcn-commercial',
      'bcn-advantage',
    ] as const) {
      for (const funding of ['fully-insured', 'self-funded', 'individual'] as const) {
        for (const benefit of ['medical', 'pharmacy'] as const) {
          const matching = DEADLINE_REGIMES.filter(
            (r) =>
              r.appliesTo.linesOfBusiness.includes(lob) &&
              r.appliesTo.fundingTypes.includes(funding) &&
              r.appliesTo.benefits.includes(benefit),
          );
          expect(matching).toHaveLength(1);
        }
      }
    }
  });
});
