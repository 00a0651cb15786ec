import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  encounterRecordedSamples,
  labResultReportedSamples,
  topics,
  type TopicDefinition,
} from '@careflow/contracts';
import type { TopicSubscription } from '../src/consumer/subscription';
import { kafkaConnectionFromEnv } from '../src';
import { createKafkaClient } from '../src/kafka/client';
import { adoptGroupOffsets, committedOffsets } from '../src/kafka/group-offsets';
import { silentLogger } from '../src/logger';
import type { MessagingRuntime } from '../src/messaging-runtime';
import { RawPublisher } from '../src/tools/raw-publisher';
import {
  createRuntime,
  openTestSchema,
  recordingSubscription,
  waitUntil,
} from './backbone-harness';

const kafka = createKafkaClient(kafkaConnectionFromEnv('own-consumer-test'), silentLogger);

/**
 * Records every delivery, redeliveries included (no inbox), so a topic read twice shows twice.
 * On `consumer`, when given.
 */
function everyDelivery(topic: TopicDefinition, consumer?: string): TopicSubscription {
  return { ...recordingSubscription(topic), deduplication: 'handler', consumer };
}

async function committed(
  groupId: string,
  topic: string,
): Promise<{ partition: number; offset: string }[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await committedOffsets(admin, groupId, topic);
  } finally {
    await admin.disconnect();
  }
}

describe('a topic on a consumer of its own', () => {
  let dataSource: DataSource;
  let publisher: RawPublisher;
  let runtime: MessagingRuntime | undefined;
  const serviceName = `own-consumer-${randomUUID().slice(0, 8)}`;
  const lab = labResultReportedSamples[0];
  const encounter = encounterRecordedSamples[0];

  const labEvent = (memberId: string) => ({
    id: randomUUID(),
    type: 'lab-result.reported',
    key: memberId,
    data: { ...lab, memberId },
  });
  const effectsOf = async (memberIds: readonly string[]): Promise<number> =>
    Number(
      (
        await dataSource.query(`SELECT count(*) AS n FROM effects WHERE member_id = ANY($1)`, [
          memberIds,
        ])
      )[0].n,
    );

  beforeAll(async () => {
    dataSource = await openTestSchema('own_consumer_test');
    publisher = new RawPublisher(kafka);
  });

  afterEach(async () => {
    await runtime?.stop();
    runtime = undefined;
  });

  afterAll(async () => {
    await publisher.close();
    await dataSource.destroy();
  });

  it('reads its topic in `<group>.<consumer>` and the others in the group, counting both', async () => {
    const labMember = `M-${randomUUID().slice(0, 8)}`;
    const encounterMember = `M-${randomUUID().slice(0, 8)}`;
    runtime = createRuntime(dataSource, serviceName);
    await runtime.startConsuming([
      everyDelivery(topics.labResults),
      everyDelivery(topics.encounters, 'visits'),
    ]);
    expect(runtime.isConsuming).toBe(true);
    const handledBefore = runtime.consumerCounters?.handled ?? 0;
    await publisher.publish(topics.labResults.name, [labEvent(labMember)]);
    await publisher.publish(topics.encounters.name, [
      {
        id: randomUUID(),
        type: 'encounter.recorded',
        key: encounterMember,
        data: { ...encounter, memberId: encounterMember },
      },
    ]);
    await waitUntil(async () => (await effectsOf([labMember, encounterMember])) === 2);
    expect(runtime.consumerCounters?.handled).toBeGreaterThanOrEqual(handledBefore + 2);

    await runtime.stop();
    runtime = undefined;
    expect((await committed(serviceName, topics.labResults.name)).length).toBeGreaterThan(0);
    expect(
      (await committed(`${serviceName}.visits`, topics.encounters.name)).length,
    ).toBeGreaterThan(0);
    expect(await committed(serviceName, topics.encounters.name)).toHaveLength(0);
  });

  it('resumes where the group left the topic when the topic moves to a consumer of its own', async () => {
    const service = `moving-${randomUUID().slice(0, 8)}`;
    const before = Array.from({ length: 3 }, () => `M-${randomUUID().slice(0, 8)}`);
    const after = Array.from({ length: 2 }, () => `M-${randomUUID().slice(0, 8)}`);

    runtime = createRuntime(dataSource, service);
    await runtime.startConsuming([everyDelivery(topics.labResults)]);
    await publisher.publish(topics.labResults.name, before.map(labEvent));
    await waitUntil(async () => (await effectsOf(before)) === 3);
    await runtime.stop();
    const left = await committed(service, topics.labResults.name);

    runtime = createRuntime(dataSource, service);
    await runtime.startConsuming([everyDelivery(topics.labResults, 'labs')]);
    // The new group starts at the offsets the group left, not at the topic's first offset.
    expect(await committed(`${service}.labs`, topics.labResults.name)).toEqual(left);
    await publisher.publish(topics.labResults.name, after.map(labEvent));
    await waitUntil(async () => (await effectsOf(after)) === 2);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await effectsOf(before)).toBe(3);

    // Once the group has offsets of its own, they are never replaced.
    await runtime.stop();
    runtime = undefined;
    expect(
      await adoptGroupOffsets(
        kafka,
        { from: service, to: `${service}.labs`, topics: [topics.labResults.name] },
        silentLogger,
      ),
    ).toEqual([]);
  });
});
