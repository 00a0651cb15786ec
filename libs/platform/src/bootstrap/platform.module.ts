import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { MessagingRuntime } from '@careflow/messaging';
import { AuthGuard } from '../auth/auth.guard';
import { AuditController } from '../audit/audit.controller';
import { AuditLog } from '../audit/audit.service';
import type { ConfigOf, commonConfigShape } from '../config/config';
import type { ServiceDatabaseOptions } from '../database/data-source';
import { openServiceDatabase, serviceRoleOptionsOf } from '../database/open-service-database';
import { HealthController } from '../health/health.controller';
import { throttlerOptions } from '../http/hardening';
import { JsonLogger } from '../logging/json-logger';

export type CommonConfig = ConfigOf<typeof commonConfigShape>;

export interface ServicePlatformOptions {
  /** `eligibility`, `authorization-routing`, …: consumer group, Kafka client id, event source. */
  readonly serviceName: string;
  /** PostgreSQL schema the service owns. */
  readonly schema: string;
  readonly config: CommonConfig;
  readonly entities?: ServiceDatabaseOptions['entities'];
  readonly migrations: ServiceDatabaseOptions['migrations'];
}

export const PLATFORM_OPTIONS = Symbol('PLATFORM_OPTIONS');

/**
 * Everything a service gets without writing it: its migrated database, the event backbone, the
 * audit log, the JWT guard on every route, health endpoints and the logger.
 */
@Global()
@Module({})
export class PlatformModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(MessagingRuntime) private readonly messaging: MessagingRuntime,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  static forService(options: ServicePlatformOptions): DynamicModule {
    const logger = new JsonLogger(options.serviceName, options.config.LOG_LEVEL);
    return {
      module: PlatformModule,
      imports: [ThrottlerModule.forRoot(throttlerOptions(options.config))],
      controllers: [HealthController, AuditController],
      providers: [
        { provide: PLATFORM_OPTIONS, useValue: options },
        { provide: JsonLogger, useValue: logger },
        {
          provide: DataSource,
          useFactory: () =>
            openServiceDatabase({
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
                  error: error instanceof Error ? error.message : String(error),
                }),
            }),
        },
        {
          provide: MessagingRuntime,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            new MessagingRuntime(
              {
                brokers: options.config.KAFKA_BROKERS,
                serviceName: options.serviceName,
                ...(options.config.KAFKA_CONSUMER_GROUP !== undefined
                  ? { consumerGroup: options.config.KAFKA_CONSUMER_GROUP }
                  : {}),
                partitions: options.config.KAFKA_PARTITIONS,
                provisionTopics: options.config.KAFKA_PROVISION_TOPICS,
                consumer: {
                  partitionsConsumedConcurrently: options.config.KAFKA_PARTITIONS_CONCURRENCY,
                  maxChunkSize: options.config.KAFKA_CHUNK_SIZE,
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
                inbox: {
                  retentionHours: options.config.INBOX_RETENTION_HOURS,
                  intervalMs: options.config.INBOX_PRUNE_INTERVAL_MS,
                },
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
          provide: APP_GUARD,
          inject: [Reflector],
          useFactory: (reflector: Reflector) =>
            new AuthGuard(reflector, options.config.AUTH_JWT_SECRET),
        },
        // After the auth guard (providers' order), so the limit is per token subject.
        { provide: APP_GUARD, useClass: ThrottlerGuard },
      ],
      exports: [PLATFORM_OPTIONS, JsonLogger, DataSource, MessagingRuntime, AuditLog],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.messaging.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.messaging.stop();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
