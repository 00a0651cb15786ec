import { monthlyReviewOutcome, monthOf, reviewAsOf, reviewSettles } from '../src';

describe('monthly identification review', () => {
  it('evaluates a past month as of its last day and the current month as of today', () => {
    expect(reviewAsOf('2026-10', '2026-11-23')).toBe('2026-10-31');
    expect(reviewAsOf('2024-02', '2026-11-23')).toBe('2024-02-29');
    expect(reviewAsOf('2026-11', '2026-11-23')).toBe('2026-11-23');
    expect(monthOf('2026-11-23')).toBe('2026-11');
  });

  it('reports each member against the previous completed review', () => {
    expect(monthlyReviewOutcome(false, true)).toBe('new');
    expect(monthlyReviewOutcome(true, true)).toBe('still-eligible');
    expect(monthlyReviewOutcome(true, false)).toBe('no-longer-eligible');
    expect(monthlyReviewOutcome(false, false)).toBeNull();
  });

  it('settles every reported member and any whose stored evaluation differs; leaves the rest', () => {
    const chronic = {
      criteriaMet: ['four-or-more-chronic-conditions'] as const,
      eligible: true,
    };
    const nothing = { criteriaMet: [] as const, eligible: false };
    expect(reviewSettles('still-eligible', chronic, chronic)).toBe(true);
    expect(reviewSettles(null, nothing, nothing)).toBe(false);
    expect(reviewSettles(null, chronic, { ...chronic, eligible: false })).toBe(true);
    expect(reviewSettles(null, nothing, { criteriaMet: ['major-trauma'], eligible: false })).toBe(
      true,
    );
  });
});
