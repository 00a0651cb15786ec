import { FixedClock, PlanCalendar } from '@careflow/contracts';
import { PlanToday } from './plan-today';

describe('PlanToday', () => {
  it('is the date in the configured plan time zone, not UTC and not a fixed Michigan clock', () => {
    const clock = new FixedClock(new Date('2026-07-02T05:30:00Z'));
    expect(new PlanToday(new PlanCalendar('America/Los_Angeles'), clock).date()).toBe('2026-07-01');
    expect(new PlanToday(new PlanCalendar('America/Detroit'), clock).date()).toBe('2026-07-02');
    clock.set(new Date('2026-07-02T03:59:59Z'));
    expect(new PlanToday(new PlanCalendar('America/Detroit'), clock).date()).toBe('2026-07-01');
  });
});
