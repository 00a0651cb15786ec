import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { topics, type TopicDefinition } from '@careflow/contracts';
import { kafkaConnectionFromEnv } from '../src';
import { silentLogger } from '../src/logger';
import { MessagingRuntime } from '../src/messaging-runtime';
import { MessagingTables1732000000000 } from '../src/migrations/messaging-tables.migration';
import type { TopicSubscription } from '../src/consumer/subscription';
import type { UnitOfWork } from '../src/outbox/unit-of-work';
import { RawPublisher } from '../src/tools/raw-publisher';
import { TopicProbe } from '../src/tools/topic-probe';

export const databaseUrl =
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/careflow_test';

/** A private schema with the messaging tables and a table of handler effects. */
export async function openTestSchema(schema: string, url = databaseUrl): Promise<DataSource> {
  const admin = new DataSource({ type: 'postgres', url });
  await admin.initialize();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.destroy();
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    schema,
    migrations: [MessagingTables1732000000000],
    extra: { options: `-c search_path=${schema}`, max: 5, connectionTimeoutMillis: 2000 },
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.query(`CREATE TABLE effects (event_id text NOT NULL, member_id text NOT NULL)`);
  return dataSource;
}

export function createRuntime(
  dataSource: DataSource,
  serviceName = `backbone-test-${randomUUID().slice(0, 8)}`,
  tuning: { commitIntervalMs?: number; publishAfterCommit?: boolean } = {},
): MessagingRuntime {
  return new MessagingRuntime(
    {
      connection: kafkaConnectionFromEnv(serviceName),
      serviceName,
      partitions: 6,
      provisionTopics: true,
      consumer: {
        partitionsConsumedConcurrently: 3,
        maxChunkSize: 50,
        retryInitialMs: 100,
        retryMaxMs: 1000,
        sessionTimeoutMs: 30000,
        heartbeatIntervalMs: 3000,
        ...(tuning.commitIntervalMs !== undefined
          ? { commitIntervalMs: tuning.commitIntervalMs }
          : {}),
      },
      relay: {
        pollIntervalMs: 200,
        batchSize: 100,
        ...(tuning.publishAfterCommit !== undefined
          ? { publishAfterCommit: tuning.publishAfterCommit }
          : {}),
      },
    },
    dataSource,
    silentLogger,
  );
}

/** Records each event's effect; optionally republishes it to `echoTopic` through the outbox. */
export function recordingSubscription(
  topic: TopicDefinition,
  echo?: (memberId: string) => { topic: TopicDefinition; data: unknown },
): TopicSubscription {
  return {
    topic,
    handle: async (events, unitOfWork) => {
      for (const event of events) {
        await unitOfWork.manager.query(
          `INSERT INTO effects (event_id, member_id) VALUES ($1, $2)`,
          [event.id, event.key],
        );
        if (echo) {
          const output = echo(event.key);
          unitOfWork.publish(output.topic, output.data);
        }
      }
    },
  };
}

/** An output the specs can trace: a care-programs record naming `reason` (a source event id). */
export function echoToCarePrograms(
  unitOfWork: UnitOfWork,
  memberId: string,
  reason: string,
  eligible = true,
): void {
  unitOfWork.publish(topics.carePrograms, {
    memberId,
    program: 'drug-adherence-discount',
    eligible,
    reasons: [reason],
  });
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A consuming runtime on a private schema, with a raw publisher and a probe on its outputs. */
export interface Backbone {
  readonly dataSource: DataSource;
  readonly publisher: RawPublisher;
  readonly probe: TopicProbe;
  stop(): Promise<void>;
}

/** Starts the set-up every backbone spec shares; `prepare` adds the spec's own tables. */
export async function startBackbone(options: {
  kafka: Kafka;
  schema: string;
  probeTopics: readonly string[];
  subscriptions: readonly TopicSubscription[];
  serviceName?: string;
  tuning?: Parameters<typeof createRuntime>[2];
  prepare?: (dataSource: DataSource) => Promise<void>;
}): Promise<Backbone> {
  const dataSource = await openTestSchema(options.schema);
  await options.prepare?.(dataSource);
  const runtime = createRuntime(dataSource, options.serviceName, options.tuning);
  await runtime.start();
  const publisher = new RawPublisher(options.kafka);
  const probe = await TopicProbe.start(options.kafka, options.probeTopics);
  await runtime.startConsuming(options.subscriptions);
  return {
    dataSource,
    publisher,
    probe,
    stop: async () => {
      await runtime.stop();
      await probe.stop();
      await publisher.close();
      await dataSource.destroy();
    },
  };
}
