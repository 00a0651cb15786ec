import { randomUUID } from 'node:crypto';
import { deadLetterTopicOf, topics } from '@careflow/contracts';
import {
  coverageData,
  coverageEvent,
  getCoverage,
  newMemberId,
  pause,
  publishCoverage,
  publishedFor,
  startHarness,
  waitForHandled,
  waitForVersion,
  type Harness,
} from './harness';

/** Late, out-of-order, duplicate and invalid deliveries of coverage.updated. */
describe('eligibility: delivery of coverage updates', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.stop();
  });

  it('out-of-order delivery: the older of two updates for the same span never overwrites the newer', async () => {
    const member = newMemberId();
    const newer = coverageEvent(
      member,
      {
        effectiveDate: '2025-01-01',
        terminationDate: '2025-08-31',
        lineOfBusiness: 'blue-cross-commercial',
        lastName: 'Newer-Name',
      },
      { time: '2025-09-02T10:00:00Z' },
    );
    const older = coverageEvent(
      member,
      {
        effectiveDate: '2025-01-01',
        terminationDate: null,
        lineOfBusiness: 'bcn-commercial',
        lastName: 'Older-Name',
      },
      { time: '2025-01-02T10:00:00Z' },
    );
    // Separate sends: the newer is handled before the older arrives.
    await publishCoverage(h, [newer]);
    const v1 = await waitForVersion(h, member, 1);
    await publishCoverage(h, [older]);
    await waitForHandled(h, [older.id!]);
    await pause(1000);

    expect(publishedFor(h, member)).toHaveLength(1);
    expect(v1.spans).toHaveLength(1);
    expect(v1.spans[0]).toMatchObject({
      lineOfBusiness: 'blue-cross-commercial',
      terminationDate: '2025-08-31',
      sourceEventId: newer.id,
    });
    const { status, body } = await getCoverage(h, member, '2025-05-01');
    expect(status).toBe(200);
    expect(body.coverage.lineOfBusiness).toBe('blue-cross-commercial');
    expect(body.member?.lastName).toBe('Newer-Name');
    expect((await getCoverage(h, member, '2025-10-01')).body.reason).toBe('no-active-coverage');
  });

  it('out-of-order delivery in one chunk gives the same history as in order', async () => {
    const inOrder = newMemberId();
    const reversed = newMemberId();
    const updates = (member: string) => [
      coverageEvent(member, { effectiveDate: '2025-01-01' }, { time: '2024-12-01T00:00:00Z' }),
      coverageEvent(
        member,
        { effectiveDate: '2025-06-01', lineOfBusiness: 'bcn-advantage' },
        { time: '2025-05-01T00:00:00Z' },
      ),
      coverageEvent(
        member,
        {
          effectiveDate: '2025-06-01',
          lineOfBusiness: 'bcn-advantage',
          terminationDate: '2025-09-30',
        },
        { time: '2025-10-15T00:00:00Z' },
      ),
    ];
    await publishCoverage(h, updates(inOrder));
    await publishCoverage(h, updates(reversed).reverse());
    const shape = async (member: string) => {
      await h.probe.waitFor(
        (r) =>
          r.topic === topics.memberCoverage.name &&
          r.key === member &&
          (r.value as { spans: { terminationDate: string | null }[] }).spans.some(
            (s) => s.terminationDate === '2025-09-30',
          ),
        { timeoutMs: 60_000 },
      );
      const last = publishedFor(h, member).at(-1)!;
      return last.spans.map((s) => [s.effectiveDate, s.terminationDate, s.lineOfBusiness]);
    };
    const expected = [
      ['2025-01-01', '2025-05-31', 'blue-cross-commercial'],
      ['2025-06-01', '2025-09-30', 'bcn-advantage'],
    ];
    expect(await shape(inOrder)).toEqual(expected);
    expect(await shape(reversed)).toEqual(expected);
  });

  it('duplicate delivery: the same event id twice has the effect of one', async () => {
    const member = newMemberId();
    const id = randomUUID();
    const event = coverageEvent(
      member,
      { effectiveDate: '2025-02-01' },
      { time: '2025-01-15T00:00:00Z', id },
    );
    await publishCoverage(h, [event]);
    // The same event again, as a redelivery in the other content mode.
    await publishCoverage(h, [{ ...event, mode: 'structured' }]);
    await waitForVersion(h, member, 1);
    await pause(1500);
    expect(publishedFor(h, member).map((p) => p.version)).toEqual([1]);
    const facts: { n: string }[] = await h.db.query(
      `SELECT count(*) AS n FROM coverage_facts WHERE member_id = $1`,
      [member],
    );
    expect(Number(facts[0]!.n)).toBe(1);
    expect((await getCoverage(h, member, '2025-02-01')).body.version).toBe(1);
  });

  it('a redelivered older update with a new id changes nothing and publishes nothing', async () => {
    const member = newMemberId();
    const first = coverageEvent(
      member,
      { effectiveDate: '2025-01-01' },
      { time: '2025-01-01T00:00:00Z' },
    );
    await publishCoverage(h, [first]);
    await waitForVersion(h, member, 1);
    // The enrollment system resends an earlier statement (older time) under a new id.
    const resent = {
      ...first,
      id: randomUUID(),
      time: '2024-11-01T00:00:00Z',
      data: coverageData(member, { effectiveDate: '2025-01-01', lineOfBusiness: 'bcn-commercial' }),
    };
    await publishCoverage(h, [resent]);
    await waitForHandled(h, [resent.id]);
    await pause(1000);
    expect(publishedFor(h, member).map((p) => p.version)).toEqual([1]);
    const { body } = await getCoverage(h, member, '2025-01-01');
    expect(body.coverage.lineOfBusiness).toBe('blue-cross-commercial');
  });

  it('an update with an invalid line of business goes to the DLQ naming the field; the next is handled', async () => {
    const member = newMemberId();
    const badId = randomUUID();
    await h.publisher.publish(topics.eligibilityCoverage.name, [
      {
        id: badId,
        type: topics.eligibilityCoverage.eventType,
        key: member,
        time: '2025-01-01T00:00:00Z',
        data: { ...coverageData(member), lineOfBusiness: 'blue-cross-platinum' },
      },
    ]);
    const good = coverageEvent(
      member,
      { effectiveDate: '2025-03-01' },
      { time: '2025-02-01T00:00:00Z' },
    );
    await publishCoverage(h, [good]);

    const [dead] = await h.probe.waitFor(
      (r) => r.topic === deadLetterTopicOf(topics.eligibilityCoverage.name) && r.key === member,
      { timeoutMs: 60_000 },
    );
    expect(dead!.headers['dlq-error-class']).toBe('invalid-event');
    expect(dead!.headers['dlq-error-message']).toContain('lineOfBusiness');
    expect(dead!.headers['dlq-original-topic']).toBe(topics.eligibilityCoverage.name);
    expect(dead!.headers['dlq-original-partition']).toMatch(/^\d+$/);
    expect(dead!.headers['dlq-original-offset']).toMatch(/^\d+$/);
    expect(dead!.headers['ce_id']).toBe(badId);
    // The reason names the field, never the member's data.
    expect(dead!.headers['dlq-error-message']).not.toContain('Marcus');

    const v1 = await waitForVersion(h, member, 1);
    expect(v1.spans).toHaveLength(1);
    expect(v1.spans[0]!.sourceEventId).toBe(good.id);
    const facts: { n: string }[] = await h.db.query(
      `SELECT count(*) AS n FROM coverage_facts WHERE event_id = $1`,
      [badId],
    );
    expect(Number(facts[0]!.n)).toBe(0);
  });

  it('dead-letters an event whose id can never be published as a span source, and carries on', async () => {
    const member = newMemberId();
    await publishCoverage(h, [
      coverageEvent(
        member,
        { effectiveDate: '2025-01-01' },
        { time: '2025-01-01T00:00:00Z', id: `bad id ${'x'.repeat(120)}` },
      ),
    ]);
    const good = coverageEvent(
      member,
      { effectiveDate: '2025-05-01' },
      { time: '2025-04-01T00:00:00Z' },
    );
    await publishCoverage(h, [good]);
    const [dead] = await h.probe.waitFor(
      (r) => r.topic === deadLetterTopicOf(topics.eligibilityCoverage.name) && r.key === member,
      { timeoutMs: 60_000 },
    );
    expect(['rejected-event', 'undecodable-event', 'invalid-event']).toContain(
      dead!.headers['dlq-error-class'],
    );
    const v1 = await waitForVersion(h, member, 1);
    expect(v1.spans.map((s) => s.sourceEventId)).toEqual([good.id]);
  });

  it('accepts structured-mode CloudEvents', async () => {
    const member = newMemberId();
    await publishCoverage(h, [
      coverageEvent(
        member,
        { effectiveDate: '2025-04-01' },
        { time: '2025-03-01T00:00:00Z', mode: 'structured' },
      ),
    ]);
    const v1 = await waitForVersion(h, member, 1);
    expect(v1.spans[0]!.effectiveDate).toBe('2025-04-01');
  });
});
