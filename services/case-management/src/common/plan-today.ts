import { Inject, Injectable } from '@nestjs/common';
import { PlanCalendar, type Clock } from '@careflow/contracts';
import { CLOCK } from '@careflow/platform';

/**
 * "Today" and "now" for case-management: the injected clock read in the plan's one calendar
 * (PLAN_TIME_ZONE), so evaluations, reviews and deadlines agree with every other service.
 */
@Injectable()
export class PlanToday {
  constructor(
    @Inject(PlanCalendar) readonly calendar: PlanCalendar,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The plan's calendar date now (`YYYY-MM-DD`): the evaluation date of the criteria. */
  date(): string {
    return this.calendar.dateOf(this.clock.now());
  }

  now(): Date {
    return this.clock.now();
  }
}
