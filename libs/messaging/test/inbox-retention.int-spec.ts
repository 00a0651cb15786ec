import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { pruneInbox } from '../src/inbox/inbox-pruner';
import { openTestSchema } from './backbone-harness';

/** The inbox keeps one retention period of event ids (real database). */
describe('inbox retention', () => {
  const schema = `inbox_retention_${randomUUID().slice(0, 8)}`;
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await openTestSchema(schema);
  });

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  /** Ids received `hoursAgo`, as the consumer's claim stores them. */
  const received = async (count: number, hoursAgo: number): Promise<string[]> => {
    const ids = Array.from({ length: count }, () => randomUUID());
    await dataSource.query(
      `INSERT INTO inbox_events (event_id, topic, received_at)
       SELECT id, 'claims.medical.v1', now() - make_interval(hours => $2)
         FROM unnest($1::text[]) AS id`,
      [ids, hoursAgo],
    );
    return ids;
  };

  const held = async (ids: readonly string[]): Promise<number> => {
    const rows: { n: number }[] = await dataSource.query(
      `SELECT count(*)::int AS n FROM inbox_events WHERE event_id = ANY($1::text[])`,
      [ids],
    );
    return rows[0]?.n ?? 0;
  };

  it('deletes the ids older than the retention, batch after batch, and keeps the younger ones', async () => {
    const expired = await received(25, 48);
    const kept = await received(10, 23);
    const options = { retentionHours: 24, batchSize: 10 };
    expect(await pruneInbox(dataSource, options)).toBe(25);
    expect(await held(expired)).toBe(0);
    expect(await held(kept)).toBe(10);
    expect(await pruneInbox(dataSource, options)).toBe(0);
  });
});
