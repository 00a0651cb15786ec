/**
 * `YYYY-MM-DD` calendar dates checked by arithmetic, not a `Date` round trip: every clinical event
 * carries several dates, and the check runs for each of them on the consumers' hot path.
 */

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in month `month` (1–12) of `year`, proleptic Gregorian. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function digitAt(value: string, i: number): number {
  const c = value.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** True for a real calendar date written `YYYY-MM-DD` (2025-02-30 and 2025-2-3 are false). */
export function isIsoDate(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const d = digitAt(value, i);
    if (d < 0) return false;
    year = year * 10 + d;
  }
  const m1 = digitAt(value, 5);
  const m2 = digitAt(value, 6);
  const d1 = digitAt(value, 8);
  const d2 = digitAt(value, 9);
  if (m1 < 0 || m2 < 0 || d1 < 0 || d2 < 0) return false;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}
