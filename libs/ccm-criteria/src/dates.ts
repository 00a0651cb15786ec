/** Calendar-date arithmetic on `YYYY-MM-DD` strings (UTC, no time of day, no time zones). */

import { daysInMonth, isIsoDate } from '@careflow/contracts';

export { isIsoDate };

export type IsoDate = string;

const DAY_MS = 86_400_000;

function format(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

export function assertIsoDate(value: string, what: string): void {
  if (!isIsoDate(value))
    throw new RangeError(`${what} must be a calendar date YYYY-MM-DD, got "${value}"`);
}

/** Days since 1970-01-01. */
export function toEpochDay(date: IsoDate): number {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function fromEpochDay(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/**
 * The same day-of-month `months` later (negative: earlier), clamped to the end of a shorter month:
 * 2025-03-31 minus 1 month is 2025-02-28; 2024-02-29 minus 12 months is 2023-02-28.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const total = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return format(year, month, Math.min(Number(date.slice(8, 10)), daysInMonth(year, month)));
}

/** An inclusive date window. */
export interface DateWindow {
  from: IsoDate;
  to: IsoDate;
}

/** `[asOf − months, asOf]`, both ends inclusive: the look-back every criterion uses. */
export function lookbackWindow(asOf: IsoDate, months: number): DateWindow {
  return { from: addMonths(asOf, -months), to: asOf };
}

export function inWindow(date: IsoDate, window: DateWindow): boolean {
  return date >= window.from && date <= window.to;
}

export interface CalendarQuarter extends DateWindow {
  /** `2025-Q2` */
  label: string;
}

/** The calendar quarter (Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec) containing `date`, shifted by `offset` quarters. */
export function calendarQuarter(date: IsoDate, offset = 0): CalendarQuarter {
  const index =
    Number(date.slice(0, 4)) * 4 + Math.floor((Number(date.slice(5, 7)) - 1) / 3) + offset;
  const year = Math.floor(index / 4);
  const quarter = index - year * 4;
  const startMonth = quarter * 3 + 1;
  return {
    label: `${year}-Q${quarter + 1}`,
    from: format(year, startMonth, 1),
    to: format(year, startMonth + 2, daysInMonth(year, startMonth + 2)),
  };
}

/** Ordinal string comparison (ISO dates, codes, ids): much faster than localeCompare, locale-free. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
