import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { labResultReportedSamples, topics } from '@careflow/contracts';
import { kafkaConnectionFromEnv } from '../src';
import { createKafkaClient } from '../src/kafka/client';
import { silentLogger } from '../src/logger';
import type { TopicSubscription } from '../src/consumer/subscription';
import { UnitOfWork } from '../src/outbox/unit-of-work';
import { RawPublisher } from '../src/tools/raw-publisher';
import { TopicProbe } from '../src/tools/topic-probe';
import { echoToCarePrograms, startBackbone, waitUntil } from './backbone-harness';

const lab = labResultReportedSamples[0];
const kafka = createKafkaClient(kafkaConnectionFromEnv('handler-dedup-test'), silentLogger);

/**
 * Keyed by the lab result's `resultId` (the business key), as a handler with
 * `deduplication: 'handler'` must be: a redelivery finds its key taken and does nothing. The
 * effect log and the output ride with the outbox insert.
 */
function keyedByResult(): TopicSubscription {
  return {
    topic: topics.labResults,
    deduplication: 'handler',
    handle: async (events, unitOfWork) => {
      // Of several events with one key in a chunk, the row stored names the one that counts.
      const taken: { event_id: string }[] = await unitOfWork.manager.query(
        `INSERT INTO keyed_effects (business_key, event_id)
         SELECT * FROM unnest($1::text[], $2::text[])
         ON CONFLICT (business_key) DO NOTHING RETURNING event_id`,
        [events.map((e) => resultIdOf(e.data)), events.map((e) => e.id)],
      );
      const fresh = events.filter((e) => taken.some((t) => t.event_id === e.id));
      if (fresh.length === 0) return;
      unitOfWork.writeWithOutbox(
        `INSERT INTO effects (event_id, member_id) SELECT * FROM unnest($1::text[], $2::text[])`,
        [fresh.map((e) => e.id), fresh.map((e) => e.key)],
      );
      for (const event of fresh) echoToCarePrograms(unitOfWork, event.key, event.id);
    },
  };
}

const resultIdOf = (data: unknown): string => (data as { resultId: string }).resultId;

describe("deduplication by the handler's own key, writes joined to the outbox insert", () => {
  let dataSource: DataSource;
  let publisher: RawPublisher;
  let probe: TopicProbe;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ dataSource, publisher, probe, stop } = await startBackbone({
      kafka,
      schema: 'handler_dedup_test',
      probeTopics: [topics.carePrograms.name],
      subscriptions: [keyedByResult()],
      prepare: (ds) =>
        ds.query(
          `CREATE TABLE keyed_effects (business_key text PRIMARY KEY, event_id text NOT NULL)`,
        ),
    }));
  });

  afterAll(() => stop());

  const count = async (sql: string, params: unknown[]): Promise<number> =>
    Number((await dataSource.query(sql, params))[0].n);

  it('handles a redelivered event once without claiming its id in the inbox', async () => {
    const memberId = `M-${randomUUID().slice(0, 8)}`;
    const resultId = `LAB-${randomUUID()}`;
    const event = {
      id: randomUUID(),
      type: 'lab-result.reported',
      key: memberId,
      data: { ...lab, memberId, resultId },
    };
    // The same id twice in one batch, then once more later, and the same result under a new id.
    await publisher.publish(topics.labResults.name, [event, event]);
    await publisher.publish(topics.labResults.name, [event]);
    await publisher.publish(topics.labResults.name, [{ ...event, id: randomUUID() }]);
    await probe.waitFor((r) => r.key === memberId);
    await waitUntil(
      async () =>
        (await count(`SELECT count(*) AS n FROM effects WHERE member_id = $1`, [memberId])) === 1,
    );
    // Let any further delivery arrive before counting.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await count(`SELECT count(*) AS n FROM effects WHERE member_id = $1`, [memberId])).toBe(
      1,
    );
    expect(
      await count(`SELECT count(*) AS n FROM keyed_effects WHERE business_key = $1`, [resultId]),
    ).toBe(1);
    expect(
      await count(`SELECT count(*) AS n FROM inbox_events WHERE event_id = $1`, [event.id]),
    ).toBe(0);
    expect(probe.records.filter((r) => r.key === memberId)).toHaveLength(1);
  });

  it('runs joined writes and the outbox insert as one statement that commits or rolls back together', async () => {
    const ids = [randomUUID(), randomUUID()];
    const member = `M-${randomUUID().slice(0, 8)}`;
    const flushIn = async (fail: boolean): Promise<void> =>
      dataSource.transaction(async (manager) => {
        const uow = new UnitOfWork(manager, 'test', undefined);
        // Two joined writes: each one's $1, $2 are renumbered after the one before it.
        uow.writeWithOutbox(`INSERT INTO effects (event_id, member_id) VALUES ($1, $2)`, [
          ids[0],
          member,
        ]);
        uow.writeWithOutbox(`INSERT INTO effects (event_id, member_id) VALUES ($1, $2)`, [
          ids[1],
          member,
        ]);
        echoToCarePrograms(uow, member, ids[0]!, false);
        const records = await uow.flush();
        expect(records).toHaveLength(1);
        if (fail) throw new Error('rolled back on purpose');
      });
    const effects = () =>
      count(`SELECT count(*) AS n FROM effects WHERE event_id = ANY($1::text[])`, [ids]);
    const outbox = () =>
      count(`SELECT count(*) AS n FROM outbox_events WHERE record_value LIKE $1`, [`%${ids[0]}%`]);

    await expect(flushIn(true)).rejects.toThrow('rolled back on purpose');
    expect(await effects()).toBe(0);
    expect(await outbox()).toBe(0);

    await flushIn(false);
    expect(await effects()).toBe(2);
    // The relay (or the test's direct send) may already have sent and deleted the row: what
    // matters is that the event reached the topic once.
    const sent = await probe.waitFor((r) => r.key === member);
    expect(sent).toHaveLength(1);
  });

  it('refuses a joined write whose text holds a $ other than its parameters', () => {
    const uow = new UnitOfWork(dataSource.manager, 'test', undefined);
    expect(() => uow.writeWithOutbox(`INSERT INTO effects VALUES ($$x$$, $1)`, ['M'])).toThrow(
      'may hold no $ but its parameters',
    );
  });
});
