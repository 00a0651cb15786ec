import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { labResultReportedSamples, topics } from '@careflow/contracts';
import { kafkaConnectionFromEnv } from '../src';
import { createKafkaClient } from '../src/kafka/client';
import { silentLogger } from '../src/logger';
import type { MessagingRuntime } from '../src/messaging-runtime';
import { RawPublisher } from '../src/tools/raw-publisher';
import {
  createRuntime,
  databaseUrl,
  openTestSchema,
  recordingSubscription,
  waitUntil,
} from './backbone-harness';

const ROLE = 'careflow_outage_test';
const lab = labResultReportedSamples[0];

/**
 * The consumer connects as its own role, so the test can take the database away from it alone:
 * refuse new logins and kill its sessions, which is what an outage looks like from the service.
 */
describe('a handler whose database is unavailable for a while', () => {
  let admin: DataSource;
  let dataSource: DataSource;
  let runtime: MessagingRuntime;
  const publisher = new RawPublisher(
    createKafkaClient(kafkaConnectionFromEnv('outage-test'), silentLogger),
  );

  beforeAll(async () => {
    admin = new DataSource({ type: 'postgres', url: databaseUrl });
    await admin.initialize();
    await admin.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${ROLE}') THEN CREATE ROLE ${ROLE} LOGIN SUPERUSER; END IF;
    END $$`);
    await admin.query(`ALTER ROLE ${ROLE} LOGIN`);
    const url = new URL(databaseUrl);
    url.username = ROLE;
    url.password = '';
    dataSource = await openTestSchema('outage_test', url.toString());
    runtime = createRuntime(dataSource);
    await runtime.startConsuming([recordingSubscription(topics.labResults)]);
  });

  afterAll(async () => {
    await admin.query(`ALTER ROLE ${ROLE} LOGIN`);
    await runtime.stop();
    await publisher.close();
    await dataSource.destroy().catch(() => undefined);
    await admin.destroy();
  });

  it('catches up afterwards with nothing lost and nothing doubled', async () => {
    const member = `M-${randomUUID().slice(0, 8)}`;
    const count = async (): Promise<number> =>
      Number(
        (
          await admin.query(`SELECT count(*) AS n FROM outage_test.effects WHERE member_id = $1`, [
            member,
          ])
        )[0].n,
      );

    const before = Array.from({ length: 20 }, () => randomUUID());
    await publisher.publish(
      topics.labResults.name,
      before.map((id) => ({
        id,
        type: 'lab-result.reported',
        key: member,
        data: { ...lab, memberId: member },
      })),
    );
    await waitUntil(async () => (await count()) === 20);

    await admin.query(`ALTER ROLE ${ROLE} NOLOGIN`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`, [
      ROLE,
    ]);
    const during = Array.from({ length: 30 }, () => randomUUID());
    await publisher.publish(
      topics.labResults.name,
      during.map((id) => ({
        id,
        type: 'lab-result.reported',
        key: member,
        data: { ...lab, memberId: member },
      })),
    );
    await new Promise((r) => setTimeout(r, 4000));
    expect(await count()).toBe(20);

    await admin.query(`ALTER ROLE ${ROLE} LOGIN`);
    await waitUntil(async () => (await count()) === 50, 60000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await count()).toBe(50);
    const distinct = Number(
      (
        await admin.query(
          `SELECT count(DISTINCT event_id) AS n FROM outage_test.effects WHERE member_id = $1`,
          [member],
        )
      )[0].n,
    );
    expect(distinct).toBe(50);
    expect(runtime.consumerCounters?.transientFailures).toBeGreaterThan(0);
  });
});
