import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface NotificationBacklog {
  /** Letters queued for delivery or waiting for a retry. */
  readonly lettersDue: number;
  /** Letters whose last delivery attempt failed and that are not retried any more. */
  readonly lettersFailed: number;
  /** Call tasks past their due time and not done. */
  readonly callsOverdue: number;
}

/** The notification figures Prometheus reads at each scrape (counts only, no member). */
@Injectable()
export class NotificationMetricsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async backlog(now: Date): Promise<NotificationBacklog> {
    const rows: { due: string; failed: string; overdue: string }[] = await this.dataSource.query(
      `SELECT
         (SELECT count(*) FROM notifications
           WHERE delivery_status IN ('queued', 'failed') AND next_delivery_at IS NOT NULL) AS due,
         (SELECT count(*) FROM notifications
           WHERE delivery_status = 'failed' AND next_delivery_at IS NULL) AS failed,
         (SELECT count(*) FROM notifications
           WHERE kind = 'condition-change-call' AND status = 'pending' AND due_by < $1) AS overdue`,
      [now],
    );
    const row = rows[0];
    return {
      lettersDue: Number(row?.due ?? 0),
      lettersFailed: Number(row?.failed ?? 0),
      callsOverdue: Number(row?.overdue ?? 0),
    };
  }
}
