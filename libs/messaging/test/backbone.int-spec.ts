import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { deadLetterTopicOf, labResultReportedSamples, topics } from '@careflow/contracts';
import { kafkaConnectionFromEnv } from '../src';
import { createKafkaClient } from '../src/kafka/client';
import { silentLogger } from '../src/logger';
import { RawPublisher } from '../src/tools/raw-publisher';
import { TopicProbe } from '../src/tools/topic-probe';
import { recordingSubscription, startBackbone, waitUntil } from './backbone-harness';

const lab = labResultReportedSamples[0];
const kafka = createKafkaClient(kafkaConnectionFromEnv('backbone-test'), silentLogger);

describe('event backbone against the real broker and database', () => {
  let dataSource: DataSource;
  let publisher: RawPublisher;
  let probe: TopicProbe;
  let stop: () => Promise<void>;
  const memberId = `M-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    ({ dataSource, publisher, probe, stop } = await startBackbone({
      kafka,
      schema: 'backbone_test',
      probeTopics: [deadLetterTopicOf(topics.labResults.name), topics.carePrograms.name],
      subscriptions: [
        recordingSubscription(topics.labResults, (member) => ({
          topic: topics.carePrograms,
          data: {
            memberId: member,
            program: 'drug-adherence-discount',
            eligible: true,
            reasons: ['echo'],
          },
        })),
      ],
    }));
  });

  afterAll(() => stop());

  const effectsOf = async (id: string): Promise<number> =>
    Number(
      (await dataSource.query(`SELECT count(*) AS n FROM effects WHERE event_id = $1`, [id]))[0].n,
    );

  it('handles an event once when it is delivered twice, and publishes its output once', async () => {
    const id = randomUUID();
    const event = { id, type: 'lab-result.reported', key: memberId, data: { ...lab, memberId } };
    await publisher.publish(topics.labResults.name, [event]);
    await publisher.publish(topics.labResults.name, [{ ...event, mode: 'structured' as const }]);
    await waitUntil(async () => (await effectsOf(id)) === 1);
    const outputs = await probe.waitFor(
      (r) => r.topic === topics.carePrograms.name && r.key === memberId,
    );
    // Let a possible second delivery arrive before counting.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await effectsOf(id)).toBe(1);
    expect(
      probe.records.filter((r) => r.topic === topics.carePrograms.name && r.key === memberId),
    ).toHaveLength(1);
    expect(outputs[0]!.headers['ce_type']).toBe('care-program.eligibility-changed');
  });

  it('sends an undecodable and a schema-invalid event to the DLQ with reasons, and handles the next valid one', async () => {
    const member = `M-${randomUUID().slice(0, 8)}`;
    await publisher.publishRaw(topics.labResults.name, [
      {
        key: member,
        value: '{"resultId": "R1", "memberId"',
        headers: {
          ce_id: `bad-${randomUUID()}`,
          ce_type: 'lab-result.reported',
          ce_source: 'urn:lab',
          ce_specversion: '1.0',
          'content-type': 'application/json',
        },
      },
    ]);
    await publisher.publish(topics.labResults.name, [
      {
        type: 'lab-result.reported',
        key: member,
        data: { ...lab, memberId: member, resultDate: 'yesterday' },
      },
    ]);
    const validId = randomUUID();
    await publisher.publish(topics.labResults.name, [
      { id: validId, type: 'lab-result.reported', key: member, data: { ...lab, memberId: member } },
    ]);

    const dead = await probe.waitFor(
      (r) => r.topic === deadLetterTopicOf(topics.labResults.name) && r.key === member,
      { count: 2 },
    );
    const classes = dead.map((r) => r.headers['dlq-error-class']).sort();
    expect(classes).toEqual(['invalid-event', 'undecodable-event']);
    const invalid = dead.find((r) => r.headers['dlq-error-class'] === 'invalid-event')!;
    expect(invalid.headers['dlq-error-message']).toContain('resultDate');
    expect(invalid.headers['dlq-original-topic']).toBe(topics.labResults.name);
    expect(invalid.headers['dlq-original-partition']).toMatch(/^\d+$/);
    expect(invalid.headers['dlq-original-offset']).toMatch(/^\d+$/);
    await waitUntil(async () => (await effectsOf(validId)) === 1);
  });
});
