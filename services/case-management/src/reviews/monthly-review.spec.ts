import { monthOf, reviewAsOf } from './monthly-review.service';

describe('monthly review dates', () => {
  it('evaluates a past month as of its last day and the current month as of today', () => {
    expect(reviewAsOf('2026-10', '2026-11-23')).toBe('2026-10-31');
    expect(reviewAsOf('2024-02', '2026-11-23')).toBe('2024-02-29');
    expect(reviewAsOf('2026-11', '2026-11-23')).toBe('2026-11-23');
    expect(monthOf('2026-11-23')).toBe('2026-11');
  });
});
