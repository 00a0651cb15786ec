import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { PlanCalendar, systemClock, type Clock } from '@careflow/contracts';
import {
  describeError,
  kafkaConnectionOptions,
  MessagingRuntime,
  pruneInbox,
} from '@careflow/messaging';
import { AuthGuard } from '../auth/auth.guard';
import { AuditController } from '../audit/audit.controller';
import { AuditLog } from '../audit/audit.service';
import { resolveAuthSettings } from '../auth/auth-config';
import { AccessTokenVerifier } from '../auth/tokens';
import type { ConfigOf, commonConfigShape } from '../config/config';
import { checkTopicDurability } from '../config/kafka-connection';
import type { ServiceDatabaseOptions } from '../database/data-source';
import { openServiceDatabase, serviceRoleOptionsOf } from '../database/open-service-database';
import { maintainTables } from '../database/table-maintenance';
import { TABLE_MAINTENANCE_JOB } from '../database/table-maintenance.migration';
import { HealthController } from '../health/health.controller';
import { ReadinessIndicators } from '../health/health-indicators';
import { JOB_QUEUE_SETTINGS, JobQueue, type JobQueueSettings } from '../jobs/job-queue';
import { INBOX_PRUNE_JOB } from '../jobs/job-queue.migration';
import { throttlerOptions } from '../http/hardening';
import { JsonLogger } from '../logging/json-logger';
import { MetricsController } from '../metrics/metrics.controller';
import { PlatformMetrics } from '../metrics/platform-metrics';
import { messagingTracer, stopTelemetry } from '../telemetry/telemetry';

export type CommonConfig = ConfigOf<typeof commonConfigShape>;

export interface ServicePlatformOptions {
  /** `eligibility`, `authorization-routing`, …: consumer group, Kafka client id, event source. */
  readonly serviceName: string;
  /** PostgreSQL schema the service owns. */
  readonly schema: string;
  readonly config: CommonConfig;
  readonly entities?: ServiceDatabaseOptions['entities'];
  readonly migrations: ServiceDatabaseOptions['migrations'];
  /** Where "now" comes from; tests pass a `FixedClock`. */
  readonly clock?: Clock;
}

/** Inject with `@Inject(CLOCK) clock: Clock`; never call `new Date()` for "now" in a service. */
export const CLOCK = Symbol('CLOCK');

export const PLATFORM_OPTIONS = Symbol('PLATFORM_OPTIONS');

/** The schema owner's login, known once the database is open (see `onOwnerLogin`). */
interface OwnerLogin {
  url: string | undefined;
}
const OWNER_LOGIN = Symbol('OWNER_LOGIN');

/**
 * Everything a service gets without writing it: its migrated database, the event backbone, the
 * audit log, the JWT guard on every route, health endpoints and the logger.
 */
@Global()
@Module({})
export class PlatformModule implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(MessagingRuntime) private readonly messaging: MessagingRuntime,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PlatformMetrics) private readonly metrics: PlatformMetrics,
    @Inject(JobQueue) private readonly jobs: JobQueue,
    @Inject(PLATFORM_OPTIONS) private readonly options: ServicePlatformOptions,
    @Inject(OWNER_LOGIN) private readonly ownerLogin: OwnerLogin,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  static forService(options: ServicePlatformOptions): DynamicModule {
    const logger = new JsonLogger(options.serviceName, options.config.LOG_LEVEL);
    // Checked here, before any connection: an unsafe or inconsistent setting stops start-up.
    const connection = kafkaConnectionOptions(options.config, options.serviceName);
    checkTopicDurability(options.config);
    // A wrong combination of auth variables stops the service here, before anything starts.
    const metrics = new PlatformMetrics(options.serviceName);
    const tracer = messagingTracer();
    const ownerLogin: OwnerLogin = { url: undefined };
    const verifier = new AccessTokenVerifier(
      resolveAuthSettings(options.config, options.serviceName),
    );
    return {
      module: PlatformModule,
      imports: [
        ThrottlerModule.forRoot(throttlerOptions(options.config)),
        // Quiet: a failed check is the answer, not a log line.
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [HealthController, MetricsController, AuditController],
      providers: [
        { provide: PLATFORM_OPTIONS, useValue: options },
        { provide: JsonLogger, useValue: logger },
        { provide: OWNER_LOGIN, useValue: ownerLogin },
        {
          provide: DataSource,
          useFactory: () =>
            openServiceDatabase({
              onOwnerLogin: (url) => (ownerLogin.url = url),
              url: options.config.DATABASE_URL,
              ...serviceRoleOptionsOf(options.config),
              schema: options.schema,
              entities: options.entities ?? [],
              migrations: options.migrations,
              poolSize: options.config.DATABASE_POOL_SIZE,
              poolIdleTimeoutMs: options.config.DATABASE_POOL_IDLE_TIMEOUT_MS,
              connectTimeoutMs: options.config.DATABASE_CONNECT_TIMEOUT_MS,
              queryLogger: logger,
              onRetry: (error) =>
                logger.warn('database unavailable at start; retrying', {
                  ...describeError(error),
                }),
            }),
        },
        {
          provide: MessagingRuntime,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            new MessagingRuntime(
              {
                connection,
                serviceName: options.serviceName,
                ...(options.config.KAFKA_CONSUMER_GROUP !== undefined
                  ? { consumerGroup: options.config.KAFKA_CONSUMER_GROUP }
                  : {}),
                partitions: options.config.KAFKA_PARTITIONS,
                replicationFactor: options.config.KAFKA_REPLICATION_FACTOR,
                minInsyncReplicas: options.config.KAFKA_MIN_INSYNC_REPLICAS,
                provisionTopics: options.config.KAFKA_PROVISION_TOPICS,
                consumer: {
                  partitionsConsumedConcurrently: options.config.KAFKA_PARTITIONS_CONCURRENCY,
                  maxChunkSize: options.config.KAFKA_CHUNK_SIZE,
                  fetchMaxBytes: options.config.KAFKA_FETCH_MAX_BYTES,
                  retryInitialMs: options.config.KAFKA_RETRY_INITIAL_MS,
                  retryMaxMs: options.config.KAFKA_RETRY_MAX_MS,
                  sessionTimeoutMs: 30000,
                  heartbeatIntervalMs: 3000,
                  commitIntervalMs: options.config.KAFKA_COMMIT_INTERVAL_MS,
                },
                relay: {
                  pollIntervalMs: options.config.OUTBOX_POLL_MS,
                  batchSize: 500,
                  publishAfterCommit: options.config.OUTBOX_PUBLISH_AFTER_COMMIT,
                },
                metrics,
                ...(tracer ? { tracer } : {}),
              },
              dataSource,
              logger,
            ),
        },
        {
          provide: AuditLog,
          inject: [DataSource],
          useFactory: (ds: DataSource) => new AuditLog(ds),
        },
        {
          provide: JOB_QUEUE_SETTINGS,
          useValue: {
            schema: options.schema,
            pollIntervalMs: options.config.JOBS_POLL_INTERVAL_MS,
            maintenanceIntervalSeconds: options.config.JOBS_MAINTENANCE_INTERVAL_SECONDS,
            shutdownTimeoutMs: 30_000,
          } satisfies JobQueueSettings,
        },
        JobQueue,
        ReadinessIndicators,
        { provide: AccessTokenVerifier, useValue: verifier },
        { provide: PlatformMetrics, useValue: metrics },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        { provide: PlanCalendar, useValue: new PlanCalendar(options.config.PLAN_TIME_ZONE) },
        {
          provide: APP_GUARD,
          inject: [Reflector, AuditLog],
          useFactory: (reflector: Reflector, audit: AuditLog) =>
            new AuthGuard(reflector, verifier, audit),
        },
        // After the auth guard (providers' order), so the limit is per token subject.
        { provide: APP_GUARD, useClass: ThrottlerGuard },
      ],
      exports: [
        PLATFORM_OPTIONS,
        JsonLogger,
        DataSource,
        MessagingRuntime,
        AuditLog,
        AccessTokenVerifier,
        CLOCK,
        PlanCalendar,
        PlatformMetrics,
        JobQueue,
      ],
    };
  }

  onModuleInit(): void {
    // Every service keeps one retention period of inbox ids (see pruneInbox).
    const retentionHours = this.options.config.INBOX_RETENTION_HOURS;
    this.jobs.register({
      name: INBOX_PRUNE_JOB,
      everyMs: this.options.config.INBOX_PRUNE_INTERVAL_MS,
      retryLimit: 0,
      handler: () => pruneInbox(this.dataSource, { retentionHours }),
    });
    this.registerTableMaintenance();
  }

  /** See `maintainTables`: the owner's VACUUM / ANALYZE where the server's autovacuum is off. */
  private registerTableMaintenance(): void {
    const mode = this.options.config.DATABASE_MAINTENANCE;
    const ownerUrl = this.ownerLogin.url;
    if (mode === 'off') return;
    if (ownerUrl === undefined) {
      this.logger.info(
        'no table maintenance: this instance holds no owner login (DATABASE_MIGRATIONS=verify); where autovacuum is off, maintain the tables from the migration job',
      );
      return;
    }
    this.jobs.register({
      name: TABLE_MAINTENANCE_JOB,
      everyMs: this.options.config.DATABASE_MAINTENANCE_INTERVAL_MS,
      retryLimit: 0,
      handler: async () => {
        const run = await maintainTables(ownerUrl, this.options.schema, mode);
        if (run.vacuumed.length || run.analyzed.length)
          this.logger.info('table maintenance', {
            autovacuum: run.autovacuum,
            vacuumed: run.vacuumed.join(','),
            analyzed: run.analyzed.join(','),
          });
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.metrics.watch(this.messaging, this.dataSource);
    await this.messaging.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.messaging.stop();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    // Last, so the spans of the shutdown's own sends are exported too.
    await stopTelemetry();
  }
}
