import { isIsoDate } from './calendar-date';

/** What the check replaced: a `Date` round trip. */
function isCalendarDateByRoundTrip(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

describe('isIsoDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2025-02-30', false],
    ['2025-04-31', false],
    ['2025-12-31', true],
    ['2025-13-01', false],
    ['2025-00-10', false],
    ['2025-01-00', false],
    ['0000-01-01', true],
    ['2025-1-01', false],
    ['2025/01/01', false],
    ['2025-01-01T00:00:00Z', false],
    ['2025-0a-01', false],
    ['', false],
  ])('%s is %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });

  it('agrees with a Date round trip on every day-of-month 00-32 of four centuries of months', () => {
    const disagreements: string[] = [];
    for (const year of [1600, 1700, 1900, 1999, 2000, 2023, 2024, 2100, 2400, 9999]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const s = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          if (isIsoDate(s) !== isCalendarDateByRoundTrip(s)) disagreements.push(s);
        }
      }
    }
    expect(disagreements).toEqual([]);
  });
});
