import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { kafkaConnectionOptions, MessagingRuntime } from '@careflow/messaging';
import { AuthGuard } from '../auth/auth.guard';
import { AuditLog } from '../audit/audit.service';
import type { ConfigOf, commonConfigShape } from '../config/config';
import { checkTopicDurability } from '../config/kafka-connection';
import { openServiceDatabase, type ServiceDatabaseOptions } from '../database/data-source';
import { HealthController } from '../health/health.controller';
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
    // Checked here, before any connection: an unsafe or inconsistent setting stops start-up.
    const connection = kafkaConnectionOptions(options.config, options.serviceName);
    checkTopicDurability(options.config);
    return {
      module: PlatformModule,
      controllers: [HealthController],
      providers: [
        { provide: PLATFORM_OPTIONS, useValue: options },
        { provide: JsonLogger, useValue: logger },
        {
          provide: DataSource,
          useFactory: () =>
            openServiceDatabase({
              url: options.config.DATABASE_URL,
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
