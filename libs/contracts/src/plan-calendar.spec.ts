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

  it('answers the same dates from its remembered days as from the zone, in any order', () => {
    const zones = ['America/Detroit', 'Pacific/Auckland', 'Australia/Lord_Howe', 'America/Havana'];
    for (const zone of zones) {
      const calendar = new PlanCalendar(zone);
      const format = new Intl.DateTimeFormat('en-CA', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
      // Every 17 minutes over both 2025 offset changes, forwards, then the same instants shuffled.
      const instants: number[] = [];
      for (const from of [
        Date.UTC(2025, 2, 7),
        Date.UTC(2025, 3, 4),
        Date.UTC(2025, 8, 26),
        Date.UTC(2025, 9, 31),
      ])
        for (let t = from; t < from + 4 * 86_400_000; t += 17 * 60_000) instants.push(t);
      const shuffled = [...instants].sort((a, b) => ((a * 7919) % 1009) - ((b * 7919) % 1009));
      for (const t of [...instants, ...shuffled])
        expect(calendar.dateOf(new Date(t))).toBe(format.format(new Date(t)));
    }
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
