import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { labResultReportedSamples, topics } from '@careflow/contracts';
import { kafkaConnectionFromEnv } from '../src';
import { createKafkaClient } from '../src/kafka/client';
import { RecordProducer, type TopicRecords } from '../src/kafka/record-producer';
import { silentLogger } from '../src/logger';
import { OutboxRelay } from '../src/outbox/outbox-relay';
import { UnitOfWork, type OutboxRecord } from '../src/outbox/unit-of-work';
import type { TopicSubscription } from '../src/consumer/subscription';
import { RawPublisher } from '../src/tools/raw-publisher';
import { TopicProbe, type ProbedRecord } from '../src/tools/topic-probe';
import { echoToCarePrograms, openTestSchema, startBackbone, waitUntil } from './backbone-harness';

const lab = labResultReportedSamples[0];
const kafka = createKafkaClient(kafkaConnectionFromEnv('publish-after-commit-test'), silentLogger);

/** Echoes each event to care-programs with the source event id in `reasons`, to check order. */
function echoing(): TopicSubscription {
  return {
    topic: topics.labResults,
    handle: async (events, unitOfWork) => {
      for (const event of events) echoToCarePrograms(unitOfWork, event.key, event.id);
    },
  };
}

const sourceIdOf = (r: ProbedRecord): string =>
  ((r.value as { reasons?: string[] } | null)?.reasons ?? [])[0] ?? '';

async function outboxCount(dataSource: DataSource): Promise<number> {
  return Number((await dataSource.query(`SELECT count(*) AS n FROM outbox_events`))[0].n);
}

describe('publishing straight after commit, offsets committed off the fetch path', () => {
  let dataSource: DataSource;
  let publisher: RawPublisher;
  let probe: TopicProbe;
  let stop: () => Promise<void>;
  const groupId = `after-commit-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    ({ dataSource, publisher, probe, stop } = await startBackbone({
      kafka,
      schema: 'after_commit_test',
      serviceName: groupId,
      tuning: { commitIntervalMs: 200, publishAfterCommit: true },
      probeTopics: [topics.carePrograms.name],
      subscriptions: [echoing()],
    }));
  });

  afterAll(() => stop());

  it("publishes every output once, in each member's order, deletes the outbox rows and commits the offsets", async () => {
    const members = Array.from({ length: 5 }, () => `M-${randomUUID().slice(0, 8)}`);
    const sent = new Map<string, string[]>(members.map((m) => [m, []]));
    for (let round = 0; round < 40; round++) {
      const batch = members.map((memberId) => {
        const id = randomUUID();
        sent.get(memberId)!.push(id);
        return { id, type: 'lab-result.reported', key: memberId, data: { ...lab, memberId } };
      });
      await publisher.publish(topics.labResults.name, batch);
    }
    const mine = (r: ProbedRecord) => r.key !== null && sent.has(r.key);
    await probe.waitFor(mine, { count: 200 });
    for (const memberId of members) {
      const seen = probe.records.filter((r) => r.key === memberId).map(sourceIdOf);
      expect(seen).toEqual(sent.get(memberId));
    }
    await waitUntil(async () => (await outboxCount(dataSource)) === 0, 10000);

    // Offsets reach the end of the topic without another batch to carry them.
    const admin = kafka.admin();
    await admin.connect();
    try {
      await waitUntil(async () => {
        const ends = await admin.fetchTopicOffsets(topics.labResults.name);
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topics.labResults.name] });
        return ends.every((end) => {
          const at = committed?.partitions.find((p) => p.partition === end.partition);
          // A partition nothing was ever written to has no committed offset (-1).
          return end.high === '0' || (at !== undefined && BigInt(at.offset) >= BigInt(end.high));
        });
      }, 10000);
    } finally {
      await admin.disconnect();
    }
    await new Promise((r) => setTimeout(r, 1000));
    expect(probe.records.filter(mine)).toHaveLength(200);
  });
});

/** A real producer whose next `failures` sends fail, as during a broker outage. */
class FailingProducer extends RecordProducer {
  failures = 0;
  override async send(batches: readonly TopicRecords[]): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('broker unavailable (injected)');
    }
    await super.send(batches);
  }
}

describe('a failed send straight after commit', () => {
  let dataSource: DataSource;
  let producer: FailingProducer;
  let relay: OutboxRelay;
  let probe: TopicProbe;

  beforeAll(async () => {
    dataSource = await openTestSchema('after_commit_failure_test');
    producer = new FailingProducer(kafka);
    await producer.connect();
    relay = new OutboxRelay(dataSource, producer, silentLogger, {
      pollIntervalMs: 200,
      batchSize: 100,
      publishAfterCommit: true,
    });
    relay.start();
    probe = await TopicProbe.start(kafka, [topics.carePrograms.name]);
  });

  afterAll(async () => {
    await relay.stop();
    await probe.stop();
    await producer.disconnect();
    await dataSource.destroy();
  });

  async function commitOne(memberId: string, reason: string): Promise<OutboxRecord[]> {
    return dataSource.transaction(async (manager) => {
      const unitOfWork = new UnitOfWork(manager, 'urn:careflow:test', undefined);
      echoToCarePrograms(unitOfWork, memberId, reason);
      return unitOfWork.flush();
    });
  }

  it('hands the rows to the relay, and later commits do not overtake them', async () => {
    const memberId = `M-${randomUUID().slice(0, 8)}`;
    // The relay drains what is there at start before direct sends begin.
    await relay.drain();
    producer.failures = 1;
    const first = await commitOne(memberId, 'first');
    await relay.afterCommit(first); // fails: the row stays, the relay takes over
    expect(await outboxCount(dataSource)).toBe(1);
    const second = await commitOne(memberId, 'second');
    await relay.afterCommit(second);
    const third = await commitOne(memberId, 'third');
    await relay.afterCommit(third);

    const records = await probe.waitFor((r) => r.key === memberId, { count: 3 });
    expect(records.map(sourceIdOf)).toEqual(['first', 'second', 'third']);
    await waitUntil(async () => (await outboxCount(dataSource)) === 0, 10000);

    // Once the relay emptied the outbox, commits are sent directly again.
    const fourth = await commitOne(memberId, 'fourth');
    await relay.afterCommit(fourth);
    const all = await probe.waitFor((r) => r.key === memberId, { count: 4 });
    expect(all.map(sourceIdOf)).toEqual(['first', 'second', 'third', 'fourth']);
    await waitUntil(async () => (await outboxCount(dataSource)) === 0, 10000);
  });
});

describe('a relay that keeps failing', () => {
  it('warns at first, then logs errors while events wait; delivers once the broker is back', async () => {
    const dataSource = await openTestSchema('relay_failing_test');
    const producer = new FailingProducer(kafka);
    await producer.connect();
    const entries: { level: string; message: string }[] = [];
    const record =
      (level: string) =>
      (message: string): void => {
        if (message.startsWith('outbox relay')) entries.push({ level, message });
      };
    const logger = {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
    };
    const relay = new OutboxRelay(dataSource, producer, logger, {
      pollIntervalMs: 200,
      batchSize: 100,
      failuresBeforeError: 2,
    });
    const probe = await TopicProbe.start(kafka, [topics.carePrograms.name]);
    try {
      relay.start();
      await relay.drain();
      producer.failures = 4;
      const memberId = `M-${randomUUID().slice(0, 8)}`;
      await dataSource.transaction(async (manager) => {
        const unitOfWork = new UnitOfWork(manager, 'urn:careflow:test', undefined);
        echoToCarePrograms(unitOfWork, memberId, 'during the outage');
        await unitOfWork.flush();
      });
      relay.kick();
      await probe.waitFor((r) => r.key === memberId);
      expect(entries.map((e) => e.level)).toEqual(['warn', 'warn', 'error', 'error']);
      expect(entries[2]?.message).toBe('outbox relay still failing; events wait in the outbox');
    } finally {
      await relay.stop();
      await probe.stop();
      await producer.disconnect();
      await dataSource.destroy();
    }
  });
});
