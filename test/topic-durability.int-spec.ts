import { randomUUID } from 'node:crypto';
import { ConfigResourceTypes, ConfigSource, type Admin } from 'kafkajs';
import { z } from 'zod';
import { deadLetterTopicOf, type TopicDefinition } from '@careflow/contracts';
import { createKafkaClient, ensureTopics, silentLogger } from '@careflow/messaging';
import { kafkaConnectionFromEnv } from '@careflow/platform';

/** A topic of its own for each run, shaped like a catalog entry. */
function freshTopic(): TopicDefinition {
  return {
    name: `durability-test-${randomUUID().slice(0, 8)}`,
    eventType: 'careflow.test.durability',
    direction: 'internal',
    summary: 'test topic',
    data: z.object({ memberId: z.string() }),
    keyOf: (data: { memberId: string }) => data.memberId,
  } as unknown as TopicDefinition;
}

/** What the broker says of the topic: its replicas per partition and its min.insync.replicas. */
async function durabilityOf(admin: Admin, topic: string) {
  const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
  const { resources } = await admin.describeConfigs({
    resources: [
      { type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['min.insync.replicas'] },
    ],
    includeSynonyms: false,
  });
  const entry = resources[0]!.configEntries.find((e) => e.configName === 'min.insync.replicas')!;
  return {
    replicas: metadata.topics[0]!.partitions.map((p) => p.replicas.length),
    minInsyncReplicas: entry.configValue,
    // Set on the topic itself, rather than inherited from the broker's configuration.
    setOnTopic: entry.configSource === ConfigSource.TOPIC_CONFIG,
  };
}

/**
 * KAFKA_REPLICATION_FACTOR and KAFKA_MIN_INSYNC_REPLICAS reach the broker: topics created with
 * them are read back from the broker's own metadata and configuration (one development broker,
 * so a factor of 1 is what it can hold; a larger one is refused by the broker, not ignored).
 */
describe('topic durability, read back from the broker', () => {
  const kafka = createKafkaClient(kafkaConnectionFromEnv('durability-test'), silentLogger);
  const admin = kafka.admin();
  const created: string[] = [];

  beforeAll(async () => {
    await admin.connect();
  });

  afterAll(async () => {
    if (created.length > 0) await admin.deleteTopics({ topics: created }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates topics and their DLQs with the configured replication factor and min.insync.replicas', async () => {
    const topic = freshTopic();
    const made = await ensureTopics(
      kafka,
      { partitions: 2, replicationFactor: 1, minInsyncReplicas: 1, withDeadLetter: () => true },
      silentLogger,
      [topic],
    );
    created.push(...made);
    expect(made.sort()).toEqual([topic.name, deadLetterTopicOf(topic.name)].sort());
    for (const name of made) {
      expect(await durabilityOf(admin, name)).toEqual({
        replicas: [1, 1],
        minInsyncReplicas: '1',
        setOnTopic: true,
      });
    }
  });

  it("leaves min.insync.replicas to the broker's default when it is not configured", async () => {
    const topic = freshTopic();
    const made = await ensureTopics(
      kafka,
      { partitions: 1, withDeadLetter: () => false },
      silentLogger,
      [topic],
    );
    created.push(...made);
    expect(await durabilityOf(admin, topic.name)).toMatchObject({
      replicas: [1],
      setOnTopic: false,
    });
  });

  it('asks the broker for the configured factor: more replicas than brokers is refused', async () => {
    const topic = freshTopic();
    const refusal = (await ensureTopics(
      kafka,
      { partitions: 1, replicationFactor: 3, minInsyncReplicas: 2 },
      silentLogger,
      [topic],
    ).catch((error: unknown) => error)) as { errors?: { type?: string }[] };
    expect(refusal.errors?.map((e) => e.type)).toContain('INVALID_REPLICATION_FACTOR');
    expect(await admin.listTopics()).not.toContain(topic.name);
  });

  it('refuses a min.insync.replicas above the replication factor before asking the broker', async () => {
    await expect(
      ensureTopics(
        kafka,
        { partitions: 1, replicationFactor: 1, minInsyncReplicas: 2 },
        silentLogger,
        [freshTopic()],
      ),
    ).rejects.toThrow('min.insync.replicas 2 exceeds the replication factor 1');
  });
});
