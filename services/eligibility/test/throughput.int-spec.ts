import { randomUUID } from 'node:crypto';
import type { PublishableEvent } from '@careflow/messaging';
import { coverageEvent, publishCoverage, startHarness, waitUntil, type Harness } from './harness';

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
    const run = randomUUID().replace(/-/g, '').slice(0, 8);
    const events: PublishableEvent[] = [];
    const members: string[] = [];
    while (events.length < total) {
      const member = `B${run}${String(members.length).padStart(7, '0')}`;
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
    const started = Date.now();
    for (let i = 0; i < events.length; i += 2000) {
      await publishCoverage(h, events.slice(i, i + 2000));
    }
    const published = Date.now();
    // Done when every member's last update (the retro termination) is stored: counts only this
    // run's members, whatever backlog the consumer group also had to read.
    await waitUntil(async () => {
      await new Promise((r) => setTimeout(r, 500));
      const rows: { n: string }[] = await h.db.query(
        `SELECT count(*) AS n FROM coverage_facts
          WHERE member_id LIKE $1 AND termination_date = '2025-03-31'`,
        [`B${run}%`],
      );
      return Number(rows[0]!.n) >= members.length;
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
