import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { describeError, MessagingRuntime } from '@careflow/messaging';
import { JobQueue } from '../jobs/job-queue';

/**
 * The readiness checks as terminus health indicators: the database answers, the broker answers,
 * every consumer of the service is in its group, and the job queue runs. A failed check says why
 * in `error` (a driver's or client's message, never a value of a record).
 */
@Injectable()
export class ReadinessIndicators {
  constructor(
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(MessagingRuntime) private readonly messaging: MessagingRuntime,
    @Inject(JobQueue) private readonly jobQueue: JobQueue,
  ) {}

  database(): Promise<HealthIndicatorResult> {
    return this.probe('database', async () => {
      await this.dataSource.query('SELECT 1');
    });
  }

  kafka(): Promise<HealthIndicatorResult> {
    return this.probe('kafka', () => this.messaging.checkBroker());
  }

  consumers(): Promise<HealthIndicatorResult> {
    return this.probe('consumers', async () => {
      const notJoined = this.messaging.groupsNotJoined;
      if (notJoined.length > 0) throw new Error(`not in their group yet: ${notJoined.join(', ')}`);
    });
  }

  jobs(): Promise<HealthIndicatorResult> {
    return this.probe('jobs', () => this.jobQueue.check());
  }

  private async probe(key: string, check: () => Promise<void>): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(key);
    try {
      await check();
      return session.up();
    } catch (error) {
      return session.down({ error: describeError(error).message });
    }
  }
}
