import { ageOn } from './age';

describe('ageOn', () => {
  it('counts whole years, a year more from the birthday itself', () => {
    expect(ageOn('1950-06-15', '2026-06-14')).toBe(75);
    expect(ageOn('1950-06-15', '2026-06-15')).toBe(76);
    expect(ageOn('1950-06-15', '2026-12-31')).toBe(76);
  });

  it('turns one born on 29 February a year older on 1 March in a common year', () => {
    expect(ageOn('2000-02-29', '2025-02-28')).toBe(24);
    expect(ageOn('2000-02-29', '2025-03-01')).toBe(25);
    expect(ageOn('2000-02-29', '2028-02-29')).toBe(28);
  });

  it('is 0 in the first year', () => {
    expect(ageOn('2026-01-10', '2026-12-07')).toBe(0);
  });
});
