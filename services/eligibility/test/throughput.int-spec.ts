import { randomUUID } from 'node:crypto';
import type { PublishableEvent } from '@careflow/messaging';
import {
  coverageEvent,
  newMemberId,
  publishCoverage,
  startHarness,
  waitUntil,
  type Harness,
} from './harness';

/**
 * Opt-in (ELIGIBILITY_THROUGHPUT=<events>): pushes that many coverage events for members with
 * two or three updates each and reports events per second and the read latency. Not part of the
 * regular suite; the project's benchmarks own the 1,000,000-event run.
 */
const total = Number(process.env.ELIGIBILITY_THROUGHPUT ?? 0);
const suite = total > 0 ? describe : describe.skip;

suite('eligibility: throughput (opt-in)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.stop();
  });

  it(`applies ${total} coverage events`, async () => {
    const run = randomUUID().slice(0, 6);
    const events: PublishableEvent[] = [];
    const members: string[] = [];
    while (events.length < total) {
      const member = `${newMemberId()}${run}`;
      members.push(member);
      events.push(
        coverageEvent(member, { effectiveDate: '2025-01-01' }, { time: '2024-12-01T00:00:00Z' }),
        coverageEvent(
          member,
          { effectiveDate: '2025-07-01', lineOfBusiness: 'bcn-commercial' },
          { time: '2025-06-01T00:00:00Z' },
        ),
        coverageEvent(
          member,
          { effectiveDate: '2025-01-01', terminationDate: '2025-03-31' },
          { time: '2025-04-15T00:00:00Z' },
        ),
      );
    }
    const since = new Date();
    const started = Date.now();
    for (let i = 0; i < events.length; i += 2000) {
      await publishCoverage(h, events.slice(i, i + 2000));
    }
    const published = Date.now();
    await waitUntil(async () => {
      await new Promise((r) => setTimeout(r, 1000));
      const rows: { n: string }[] = await h.db.query(
        `SELECT count(*) AS n FROM inbox_events WHERE received_at >= $1 AND topic = $2`,
        [since, 'eligibility.coverage.v1'],
      );
      return Number(rows[0]!.n) >= events.length;
    }, 1_800_000);
    const seconds = (Date.now() - started) / 1000;
    const latencies: number[] = [];
    for (const member of members.slice(0, 500)) {
      const t = process.hrtime.bigint();
      await h.service.request('GET', `/members/${member}/coverage?asOf=2025-02-01`, {
        principal: { id: 'bench', name: 'bench', roles: ['integrator'] },
      });
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    latencies.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        events: events.length,
        publishSeconds: (published - started) / 1000,
        totalSeconds: seconds,
        eventsPerSecond: Math.round(events.length / seconds),
        readP50Ms: latencies[Math.floor(latencies.length * 0.5)],
        readP99Ms: latencies[Math.floor(latencies.length * 0.99)],
      }),
    );
  }, 1_900_000);
});
