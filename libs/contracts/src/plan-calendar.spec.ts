import {
  FixedClock,
  PlanCalendar,
  addCalendarDays,
  calendarDaysBetween,
  endOfMonth,
} from './plan-calendar';

describe('the plan calendar', () => {
  const detroit = new PlanCalendar('America/Detroit');

  it("answers the plan's date, not UTC's", () => {
    // 2025-03-01 03:00 UTC is still February 28 in Detroit (UTC-5).
    expect(detroit.dateOf(new Date('2025-03-01T03:00:00Z'))).toBe('2025-02-28');
    expect(detroit.dateOf(new Date('2025-03-01T05:00:00Z'))).toBe('2025-03-01');
  });

  it('ends a day at local midnight across the spring and autumn changes', () => {
    // 2025-03-09: clocks go from 02:00 EST to 03:00 EDT; the day is 23 hours long.
    expect(detroit.startOfDay('2025-03-09').toISOString()).toBe('2025-03-09T05:00:00.000Z');
    expect(detroit.endOfDay('2025-03-09').toISOString()).toBe('2025-03-10T03:59:59.999Z');
    // 2025-11-02: clocks go back; the day is 25 hours long.
    expect(detroit.startOfDay('2025-11-02').toISOString()).toBe('2025-11-02T04:00:00.000Z');
    expect(detroit.endOfDay('2025-11-02').toISOString()).toBe('2025-11-03T04:59:59.999Z');
  });

  it('works east of UTC too', () => {
    const auckland = new PlanCalendar('Pacific/Auckland');
    expect(auckland.startOfDay('2025-01-15').toISOString()).toBe('2025-01-14T11:00:00.000Z');
  });

  it('refuses an unknown zone', () => {
    expect(() => new PlanCalendar('Mars/Olympus')).toThrow(RangeError);
  });

  it('counts calendar days by arithmetic', () => {
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(calendarDaysBetween('2025-03-01', '2025-03-31')).toBe(30);
    expect(endOfMonth('2024-02-10')).toBe('2024-02-29');
  });

  it('has a clock tests can set and move', () => {
    const clock = new FixedClock(new Date('2025-01-01T00:00:00Z'));
    clock.advance(86_400_000);
    expect(clock.now().toISOString()).toBe('2025-01-02T00:00:00.000Z');
  });
});
