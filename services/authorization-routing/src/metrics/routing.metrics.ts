import { Inject, Injectable } from '@nestjs/common';
import { topics, type Clock } from '@careflow/contracts';
import { businessCounter, businessGauges, CLOCK, PlatformMetrics } from '@careflow/platform';
import { RoutingMetricsRepository } from './routing-metrics.repository';

/**
 * Routing's business figures: decisions counted by vendor and outcome once the transaction that
 * published them commits (a re-decision counts again: it is published again), held and overdue
 * requests read from the database at each scrape.
 */
@Injectable()
export class RoutingMetrics {
  constructor(
    @Inject(PlatformMetrics) platform: PlatformMetrics,
    @Inject(RoutingMetricsRepository) repository: RoutingMetricsRepository,
    @Inject(CLOCK) clock: Clock,
  ) {
    const decisions = businessCounter(platform, 'careflow_pa_decisions_total');
    platform.onCommitted(topics.paRoutingDecisions, (decision) =>
      decisions.inc({ vendor: decision.vendor?.id ?? 'none', outcome: decision.outcome }),
    );
    businessGauges(
      platform,
      ['careflow_pa_requests_pended', 'careflow_pa_requests_overdue'],
      async () => {
        const backlog = await repository.requestBacklog(clock.now());
        return {
          careflow_pa_requests_pended: backlog.pended,
          careflow_pa_requests_overdue: backlog.overdue,
        };
      },
    );
  }
}
