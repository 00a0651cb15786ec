import type { Admin, Kafka } from 'kafkajs';
import { describeError } from '../errors';
import type { MessagingLogger } from '../logger';

export interface GroupOffsetsAdoption {
  /** The group that consumed the topics until now. */
  readonly from: string;
  /** The group that consumes them from now on. */
  readonly to: string;
  readonly topics: readonly string[];
}

/**
 * Gives `to` the offsets `from` committed for each topic on which `to` has committed nothing:
 * a topic moved to a consumer group of its own resumes where the service left it instead of
 * being read again from its first offset. A topic `to` already has offsets for is left alone,
 * so this runs at every start and acts once. Returns the topics whose offsets were carried over.
 */
export async function adoptGroupOffsets(
  kafka: Kafka,
  adoption: GroupOffsetsAdoption,
  logger: MessagingLogger,
): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const adopted: string[] = [];
    for (const topic of adoption.topics)
      if (await adoptTopic(admin, adoption, topic, logger)) adopted.push(topic);
    return adopted;
  } finally {
    await admin.disconnect();
  }
}

async function adoptTopic(
  admin: Admin,
  { from, to }: GroupOffsetsAdoption,
  topic: string,
  logger: MessagingLogger,
): Promise<boolean> {
  if ((await committedOffsets(admin, to, topic)).length > 0) return false;
  const previous = await committedOffsets(admin, from, topic);
  if (previous.length === 0) return false;
  try {
    await admin.setOffsets({ groupId: to, topic, partitions: previous });
  } catch (error) {
    // The broker refuses while the group has members: another instance started first, and it
    // adopted the same offsets or its consumer is already reading.
    logger.info('consumer group offsets not carried over; the group is already active', {
      topic,
      groupId: to,
      reason: describeError(error).message.slice(0, 200),
    });
    return false;
  }
  logger.info('consumer group offsets carried over', {
    topic,
    from,
    groupId: to,
    partitions: previous.length,
  });
  return true;
}

/** The partitions of `topic` on which `groupId` has committed an offset. */
export async function committedOffsets(
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<{ partition: number; offset: string }[]> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return (committed?.partitions ?? [])
    .filter((p) => p.offset !== '-1')
    .map(({ partition, offset }) => ({ partition, offset }));
}
