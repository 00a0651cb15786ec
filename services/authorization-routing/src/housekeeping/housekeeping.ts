import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { describeError, MessagingRuntime } from '@careflow/messaging';
import { JobQueue, JsonLogger } from '@careflow/platform';
import { AUTHORIZATION_ROUTING_CONFIG } from '../tokens';
import type { AuthorizationRoutingConfig } from '../config';
import { PolicyStore } from '../policies/policy-store';
import { PaRequestRepository } from '../pa-requests/pa-request.repository';
import { ExpireHeldRequestsUseCase } from '../pa-requests/use-cases/expire-held-requests.use-case';

export const EXPIRE_HELD_REQUESTS_JOB = 'expire-held-requests';
export const OVERDUE_DECISIONS_JOB = 'overdue-decisions';

/**
 * Periodic work, with periods from configuration:
 * - held requests whose coverage wait expired are decided not-eligible (through
 *   `MessagingRuntime.transaction`, so the decisions reach Kafka only if stored): the job
 *   `expire-held-requests`;
 * - routed decisions past their deadline without a determination are counted and logged (a count,
 *   no member data): the job `overdue-decisions`;
 * - the cache of policy versions in force is refreshed (activations made by other instances): an
 *   interval in each instance, not a job, since every instance must refresh its own cache.
 */
@Injectable()
export class Housekeeping implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    @Inject(SchedulerRegistry) private readonly scheduler: SchedulerRegistry,
    @Inject(MessagingRuntime) private readonly messaging: MessagingRuntime,
    @Inject(PaRequestRepository) private readonly requests: PaRequestRepository,
    @Inject(ExpireHeldRequestsUseCase)
    private readonly expireHeldRequests: ExpireHeldRequestsUseCase,
    @Inject(PolicyStore) private readonly policies: PolicyStore,
    @Inject(AUTHORIZATION_ROUTING_CONFIG) private readonly config: AuthorizationRoutingConfig,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(JobQueue) private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    // A failed run is not retried as such: the next periodic run does the same work.
    this.jobs.register({
      name: EXPIRE_HELD_REQUESTS_JOB,
      everyMs: this.config.PENDING_SWEEP_MS,
      retryLimit: 0,
      expireInSeconds: 300,
      handler: () => this.expireHeld(),
    });
    this.jobs.register({
      name: OVERDUE_DECISIONS_JOB,
      everyMs: this.config.OVERDUE_CHECK_MS,
      retryLimit: 0,
      expireInSeconds: 300,
      handler: () => this.checkOverdue(),
    });
  }

  onApplicationBootstrap(): void {
    this.every('policy-refresh', this.config.POLICY_REFRESH_MS, () => this.policies.refresh());
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    for (const name of this.scheduler.getIntervals()) this.scheduler.deleteInterval(name);
    await Promise.allSettled([...this.inFlight]);
  }

  /** Decides every held request whose wait expired; answers how many. */
  async expireHeld(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.messaging.transaction((uow) =>
        this.expireHeldRequests.execute(uow, { limit: 500 }),
      );
      total += n;
      if (n < 500 || this.stopped) break;
    }
    if (total > 0) this.logger.info('held PA requests decided after the coverage wait', { total });
    return total;
  }

  /** Logs how many routed decisions are past their deadline without a determination. */
  async checkOverdue(): Promise<number> {
    const count = await this.requests.countOverdue();
    if (count > 0) this.logger.warn('routed PA decisions past their deadline', { count });
    return count;
  }

  private every(name: string, ms: number, work: () => Promise<unknown>): void {
    let running = false;
    const timer = setInterval(() => {
      if (running || this.stopped) return;
      running = true;
      const run = work()
        .catch((error: unknown) => {
          this.logger.warn('periodic task failed; it runs again at the next interval', {
            task: name,
            ...describeError(error),
          });
        })
        .finally(() => {
          running = false;
          this.inFlight.delete(run);
        });
      this.inFlight.add(run);
    }, ms);
    timer.unref();
    this.scheduler.addInterval(name, timer);
  }
}
