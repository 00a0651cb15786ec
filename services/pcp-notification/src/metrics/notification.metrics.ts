import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@careflow/contracts';
import { businessGauges, CLOCK, PlatformMetrics } from '@careflow/platform';
import { NotificationMetricsRepository } from './notification-metrics.repository';

/** Letters due and failed, calls overdue: read from the database at each scrape. */
@Injectable()
export class NotificationMetrics {
  constructor(
    @Inject(PlatformMetrics) platform: PlatformMetrics,
    @Inject(NotificationMetricsRepository) repository: NotificationMetricsRepository,
    @Inject(CLOCK) clock: Clock,
  ) {
    businessGauges(
      platform,
      ['careflow_letters_due', 'careflow_letters_failed', 'careflow_calls_overdue'],
      async () => {
        const backlog = await repository.backlog(clock.now());
        return {
          careflow_letters_due: backlog.lettersDue,
          careflow_letters_failed: backlog.lettersFailed,
          careflow_calls_overdue: backlog.callsOverdue,
        };
      },
    );
  }
}
