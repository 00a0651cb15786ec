import type { CoverageSpan } from '@careflow/contracts';
import { coverageOn, hasCoverageBetween } from './coverage-on';

const span = (
  effectiveDate: string,
  terminationDate: string | null,
  lineOfBusiness: CoverageSpan['lineOfBusiness'],
): CoverageSpan => ({
  lineOfBusiness,
  fundingType: 'fully-insured',
  group: null,
  effectiveDate,
  terminationDate,
  pharmacyBenefitAdministrator: null,
  pcp: null,
  state: 'MI',
  sourceEventId: `e-${effectiveDate}`,
  sourceEventTime: '2025-01-01T00:00:00Z',
});

describe('coverageOn', () => {
  const spans = [
    span('2025-01-01', '2025-06-30', 'bcn-commercial'),
    span('2025-07-01', null, 'blue-cross-commercial'),
  ];

  it('finds the span on both sides of a plan change', () => {
    expect(coverageOn(spans, '2025-06-30')?.lineOfBusiness).toBe('bcn-commercial');
    expect(coverageOn(spans, '2025-07-01')?.lineOfBusiness).toBe('blue-cross-commercial');
  });

  it('answers null before the first span and after a termination', () => {
    expect(coverageOn(spans, '2024-12-31')).toBeNull();
    expect(
      coverageOn([span('2025-01-01', '2025-03-31', 'bcn-commercial')], '2025-04-01'),
    ).toBeNull();
  });

  it('tells whether any day of a period is covered', () => {
    expect(
      hasCoverageBetween(
        [span('2025-01-01', '2025-03-31', 'bcn-commercial')],
        '2025-03-31',
        '2025-05-01',
      ),
    ).toBe(true);
    expect(
      hasCoverageBetween(
        [span('2025-01-01', '2025-03-31', 'bcn-commercial')],
        '2025-04-01',
        '2025-05-01',
      ),
    ).toBe(false);
  });
});
