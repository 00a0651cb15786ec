import type { Admin, Kafka } from 'kafkajs';
import {
  allTopics,
  deadLetterTopicOf,
  hasDeadLetterTopic,
  type TopicDefinition,
} from '@careflow/contracts';
import type { MessagingLogger } from '../logger';

export interface TopicProvisioningOptions {
  readonly partitions: number;
  /** Copies of each partition; default 1 (one development broker). */
  readonly replicationFactor?: number;
  /** `min.insync.replicas` of each created topic; default the broker's. */
  readonly minInsyncReplicas?: number;
  /** Which topics get a `<topic>.dlq` beside them; default those a platform service consumes. */
  readonly withDeadLetter?: (topic: TopicDefinition) => boolean;
}

/** Errors of a partition whose new leader is not serving it yet. */
const NOT_YET_LED = new Set([
  'NOT_LEADER_FOR_PARTITION',
  'LEADER_NOT_AVAILABLE',
  'UNKNOWN_TOPIC_OR_PARTITION',
]);

/**
 * Waits until the broker answers offset requests for a new topic: `waitForLeaders` sees leaders
 * in the metadata a moment before they serve, and a caller that reads offsets at once (a
 * consumer joining, a test probe) would fail with NOT_LEADER_FOR_PARTITION.
 */
async function untilServed(admin: Admin, topic: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await admin.fetchTopicOffsets(topic);
      return;
    } catch (error) {
      const type = (error as { type?: unknown }).type;
      if (typeof type !== 'string' || !NOT_YET_LED.has(type) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Creates every topic of the catalog with the configured partition count, a dead-letter topic
 * beside each topic the platform consumes, and compaction where a topic holds canonical state.
 * Existing topics are left as they are (partition counts are never changed behind anyone's back).
 */
export async function ensureTopics(
  kafka: Kafka,
  options: TopicProvisioningOptions,
  logger: MessagingLogger,
  catalog: readonly TopicDefinition[] = allTopics,
): Promise<string[]> {
  const replicationFactor = options.replicationFactor ?? 1;
  if (options.minInsyncReplicas !== undefined && options.minInsyncReplicas > replicationFactor)
    // Every send (acks=all) would fail with NOT_ENOUGH_REPLICAS.
    throw new Error(
      `min.insync.replicas ${options.minInsyncReplicas} exceeds the replication factor ${replicationFactor}`,
    );
  const durability =
    options.minInsyncReplicas !== undefined
      ? [{ name: 'min.insync.replicas', value: String(options.minInsyncReplicas) }]
      : [];
  const admin = kafka.admin();
  await admin.connect();
  try {
    const wanted = catalog.flatMap((topic) => {
      const main = {
        topic: topic.name,
        numPartitions: options.partitions,
        replicationFactor,
        configEntries: [
          ...durability,
          ...(topic.compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : []),
        ],
      };
      const dlq = {
        topic: deadLetterTopicOf(topic.name),
        numPartitions: options.partitions,
        replicationFactor,
        configEntries: durability,
      };
      return (options.withDeadLetter ?? hasDeadLetterTopic)(topic) ? [main, dlq] : [main];
    });
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      await admin.createTopics({ topics: missing, waitForLeaders: true });
      for (const { topic } of missing) await untilServed(admin, topic);
      logger.info('topics created', { topics: missing.map((t) => t.topic) });
    }
    return missing.map((t) => t.topic);
  } finally {
    await admin.disconnect();
  }
}
