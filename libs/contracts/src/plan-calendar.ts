import { daysInMonth } from './calendar-date';

/** Dates whose midnight and interval a calendar remembers (`PlanCalendar.midnights`, `days`). */
const DATES_KEPT = 4096;

/** A calendar date as the interval [start, end) of epoch milliseconds it covers. */
interface PlanDay {
  readonly date: string;
  readonly start: number;
  readonly end: number;
}

/**
 * The health plan's calendar: what "today" is, and when a calendar day begins and ends, in the
 * plan's one configured time zone (IANA, e.g. America/Detroit). Every service and library asks
 * this one calendar, so "today" and look-back windows agree across the platform and across
 * daylight-saving changes. Pure: the instant is always passed in (a `Clock` gives it).
 */
export class PlanCalendar {
  private readonly dateFormat: Intl.DateTimeFormat;
  private readonly partsFormat: Intl.DateTimeFormat;
  /**
   * The first instant of each date asked for (epoch ms). Each costs two `formatToParts`, and a
   * service asks for the same few dates (today, a deadline's day) for every event it handles.
   */
  private readonly midnights = new Map<string, number>();
  /** Each date `dateOf` answered, as an interval (see `dayOf`). */
  private readonly days = new Map<string, PlanDay | null>();
  /** The day `dateOf` answered last: the next instant is most often in it. */
  private lastDay: PlanDay | undefined;

  constructor(readonly timeZone: string) {
    if (!isTimeZone(timeZone)) throw new RangeError(`not an IANA time zone: ${timeZone}`);
    this.dateFormat = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    this.partsFormat = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  /** The plan's calendar date (`YYYY-MM-DD`) at `instant`. */
  dateOf(instant: Date): string {
    const at = instant.getTime();
    const last = this.lastDay;
    if (last !== undefined && at >= last.start && at < last.end) return last.date;
    const date = this.dateFormat.format(instant);
    const day = this.dayOf(date);
    if (day !== null && at >= day.start && at < day.end) this.lastDay = day;
    return date;
  }

  /**
   * `date` as [start, end) in epoch ms, or null when its offset changes during it (a day whose
   * clocks go back across midnight would hold instants of another date): those days are
   * formatted each time. Remembered with the date's midnight.
   */
  private dayOf(date: string): PlanDay | null {
    const known = this.days.get(date);
    if (known !== undefined) return known;
    const start = this.instantOfLocalMidnight(date).getTime();
    const end = this.instantOfLocalMidnight(addCalendarDays(date, 1)).getTime();
    const day =
      this.offsetMinutesAt(new Date(start)) === this.offsetMinutesAt(new Date(end - 1))
        ? { date, start, end }
        : null;
    if (this.days.size >= DATES_KEPT) this.days.clear();
    this.days.set(date, day);
    return day;
  }

  /** The first instant of `date` in the plan's time zone. */
  startOfDay(date: string): Date {
    return this.instantOfLocalMidnight(date);
  }

  /** The last millisecond of `date` in the plan's time zone (a deadline "by the end of the day"). */
  endOfDay(date: string): Date {
    return new Date(this.instantOfLocalMidnight(addCalendarDays(date, 1)).getTime() - 1);
  }

  /** Offset of the zone from UTC at `instant`, in minutes (east positive). */
  offsetMinutesAt(instant: Date): number {
    const parts = Object.fromEntries(
      this.partsFormat.formatToParts(instant).map((p) => [p.type, p.value]),
    ) as Record<string, string>;
    const asUtc = Date.UTC(
      Number(parts['year']),
      Number(parts['month']) - 1,
      Number(parts['day']),
      Number(parts['hour']),
      Number(parts['minute']),
      Number(parts['second']),
    );
    return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
  }

  private instantOfLocalMidnight(date: string): Date {
    const known = this.midnights.get(date);
    if (known !== undefined) return new Date(known);
    const midnight = this.computeLocalMidnight(date);
    // Bounded: a long-running process that asks for many distinct dates starts over.
    if (this.midnights.size >= DATES_KEPT) this.midnights.clear();
    this.midnights.set(date, midnight.getTime());
    return midnight;
  }

  private computeLocalMidnight(date: string): Date {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    const utcMidnight = Date.UTC(year, month - 1, day);
    // Two passes: the offset at the guess can differ from the offset at the answer near a change.
    let guess = utcMidnight - this.offsetMinutesAt(new Date(utcMidnight)) * 60_000;
    guess = utcMidnight - this.offsetMinutesAt(new Date(guess)) * 60_000;
    return new Date(guess);
  }
}

/** `date` plus `days` calendar days (negative to go back), by arithmetic on the calendar. */
export function addCalendarDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return shifted.toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: string, to: string): number {
  const toUtc = (d: string): number => {
    const [y, m, dd] = d.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, dd);
  };
  return Math.round((toUtc(to) - toUtc(from)) / 86_400_000);
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The last day of the month of `date`. */
export function endOfMonth(date: string): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return `${date.slice(0, 8)}${String(daysInMonth(year, month)).padStart(2, '0')}`;
}

/** Where "now" comes from: the system clock in services, a settable one in tests. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests set and move. */
export class FixedClock implements Clock {
  constructor(private instant: Date) {}
  now(): Date {
    return new Date(this.instant.getTime());
  }
  set(instant: Date): void {
    this.instant = instant;
  }
  advance(milliseconds: number): void {
    this.instant = new Date(this.instant.getTime() + milliseconds);
  }
}
