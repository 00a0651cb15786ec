import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface RequestBacklog {
  /** Requests held for coverage that has not arrived yet. */
  readonly pended: number;
  /** Routed requests past their determination deadline without a determination. */
  readonly overdue: number;
}

/** The routing figures Prometheus reads at each scrape (counts only, no request or member). */
@Injectable()
export class RoutingMetricsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async requestBacklog(now: Date): Promise<RequestBacklog> {
    const rows: { pended: string; overdue: string }[] = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM pending_requests) AS pended,
              (SELECT count(*) FROM routing_decisions
                WHERE outcome = 'routed' AND determination IS NULL AND due_by < $1) AS overdue`,
      [now],
    );
    return { pended: Number(rows[0]?.pended ?? 0), overdue: Number(rows[0]?.overdue ?? 0) };
  }
}
