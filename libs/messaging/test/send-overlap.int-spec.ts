import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { labResultReportedSamples, topics, type TopicDefinition } from '@careflow/contracts';
import { EventConsumer } from '../src/consumer/event-consumer';
import { createKafkaClient } from '../src/kafka/client';
import { RecordProducer } from '../src/kafka/record-producer';
import { silentLogger } from '../src/logger';
import type { OutboxRecord } from '../src/outbox/unit-of-work';
import { RawPublisher } from '../src/tools/raw-publisher';
import {
  brokers,
  echoToCarePrograms,
  openTestSchema,
  testConsumerOptions,
  waitUntil,
} from './backbone-harness';

const lab = labResultReportedSamples[0];
const kafka = createKafkaClient({ brokers, clientId: 'send-overlap-test' }, silentLogger);
/** Lab results on a topic of this run's own, with one partition: the three events in order. */
const labResults: TopicDefinition = {
  ...(topics.labResults as TopicDefinition),
  name: `send-overlap-test-${randomUUID().slice(0, 8)}`,
};

/** A send the test finishes by hand, with the source event ids of the outputs it carries. */
interface HeldSend {
  readonly sourceIds: string[];
  finish(): void;
}

const sourceIdOf = (record: OutboxRecord): string =>
  (JSON.parse(record.record.value) as { reasons?: string[] }).reasons?.[0] ?? '';

describe("a chunk's output is sent while the next chunk is handled", () => {
  let dataSource: DataSource;
  let producer: RecordProducer;
  let publisher: RawPublisher;
  let consumer: EventConsumer;
  const sends: HeldSend[] = [];
  const memberId = `M-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    dataSource = await openTestSchema('send_overlap_test');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: labResults.name, numPartitions: 1 }],
      waitForLeaders: true,
    });
    await admin.disconnect();
    producer = new RecordProducer(kafka);
    publisher = new RawPublisher(kafka);
    consumer = new EventConsumer(
      kafka,
      dataSource,
      producer,
      silentLogger,
      [
        {
          topic: labResults,
          handle: async (events, unitOfWork) => {
            for (const event of events) echoToCarePrograms(unitOfWork, event.key, event.id);
          },
        },
      ],
      {
        groupId: `send-overlap-${randomUUID().slice(0, 8)}`,
        source: 'send-overlap-test',
        ...testConsumerOptions,
        commitIntervalMs: 200,
      },
      // Stands in for the relay: each send stays in flight until the test finishes it.
      (records) =>
        new Promise<void>((finish) => sends.push({ sourceIds: records.map(sourceIdOf), finish })),
    );
    await consumer.start();
  });

  afterAll(async () => {
    for (const send of sends) send.finish();
    await consumer.stop();
    await producer.disconnect();
    await publisher.close();
    await dataSource.destroy();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [labResults.name] });
    await admin.disconnect();
  });

  const publish = async (): Promise<string> => {
    const id = randomUUID();
    await publisher.publish(labResults.name, [
      { id, type: 'lab-result.reported', key: memberId, data: { ...lab, memberId } },
    ]);
    return id;
  };
  const sendsStarted = (n: number) => waitUntil(() => Promise.resolve(sends.length >= n), 20000);

  it('handles the next chunk before the send ends, keeps one send outstanding, and stops after the last one', async () => {
    const first = await publish();
    await sendsStarted(1);
    // The first send has not ended: the second event is fetched, handled and committed anyway.
    const second = await publish();
    await sendsStarted(2);
    expect(sends.map((s) => s.sourceIds)).toEqual([[first], [second]]);

    // Two sends outstanding would be one too many: the third event waits for the first send.
    const third = await publish();
    await new Promise((r) => setTimeout(r, 1500));
    expect(sends).toHaveLength(2);
    sends[0]!.finish();
    await sendsStarted(3);
    expect(sends[2]!.sourceIds).toEqual([third]);

    // Stopping waits for the send still in flight.
    sends[1]!.finish();
    let stopped = false;
    const stopping = consumer.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 500));
    expect(stopped).toBe(false);
    sends[2]!.finish();
    await stopping;
    expect(stopped).toBe(true);
  });
});
