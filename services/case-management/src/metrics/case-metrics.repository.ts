import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CASE_STATUSES, type CaseStatus } from '@careflow/contracts';

/** The case figures Prometheus reads at each scrape (counts only, no case or member). */
@Injectable()
export class CaseMetricsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Every status, 0 when no case has it (a series that disappears reads as "no data"). */
  async casesByStatus(): Promise<{ status: CaseStatus; count: number }[]> {
    const rows: { status: string; count: string }[] = await this.dataSource.query(
      `SELECT status, count(*) AS count FROM cases GROUP BY status`,
    );
    const counts = new Map(rows.map((r) => [r.status, Number(r.count)]));
    return CASE_STATUSES.map((status) => ({ status, count: counts.get(status) ?? 0 }));
  }
}
