import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';

export interface PartitionLag {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  /** Records in the partition after the group's committed offset. */
  readonly lag: number;
}

/**
 * Consumer lag per group and partition from the broker's view: the log end offsets against the
 * groups' committed offsets. A group that never committed on a partition lags by the whole
 * partition (it starts from the earliest offset).
 */
export async function consumerLag(
  kafka: Kafka,
  groups: ReadonlyArray<{ readonly group: string; readonly topics: readonly string[] }>,
): Promise<PartitionLag[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const lags: PartitionLag[] = [];
    const ends = new Map<string, Array<{ partition: number; high: string; low: string }>>();
    for (const { topics } of groups) {
      for (const topic of topics) {
        if (!ends.has(topic)) ends.set(topic, await admin.fetchTopicOffsets(topic));
      }
    }
    for (const { group, topics } of groups) {
      const committed = await admin.fetchOffsets({ groupId: group, topics: [...topics] });
      for (const { topic, partitions } of committed) {
        const byPartition = new Map(partitions.map((p) => [p.partition, Number(p.offset)]));
        for (const end of ends.get(topic) ?? []) {
          const offset = byPartition.get(end.partition) ?? -1;
          const from = offset >= 0 ? offset : Number(end.low);
          lags.push({
            group,
            topic,
            partition: end.partition,
            lag: Math.max(0, Number(end.high) - from),
          });
        }
      }
    }
    return lags;
  } finally {
    await admin.disconnect();
  }
}

export interface OutboxBacklog {
  /** Events committed but not yet sent to Kafka. */
  readonly waiting: number;
  /** Age of the oldest of them, in seconds (0 when none wait). */
  readonly oldestSeconds: number;
}

export async function outboxBacklog(dataSource: DataSource): Promise<OutboxBacklog> {
  const [row] = await dataSource.query<Array<{ waiting: number; oldest: number }>>(
    `SELECT count(*)::int AS waiting,
            COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS oldest
       FROM outbox_events`,
  );
  return { waiting: row?.waiting ?? 0, oldestSeconds: row?.oldest ?? 0 };
}

/** Ids the inbox holds, from the planner's statistics: a count(*) would scan the whole table. */
export async function inboxSizeEstimate(dataSource: DataSource): Promise<number> {
  const [row] = await dataSource.query<Array<{ rows: string }>>(
    `SELECT GREATEST(reltuples, 0)::bigint AS rows FROM pg_class WHERE oid = to_regclass('inbox_events')`,
  );
  return Number(row?.rows ?? 0);
}
