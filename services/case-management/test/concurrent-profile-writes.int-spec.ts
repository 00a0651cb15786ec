import { randomUUID } from 'node:crypto';
import { topics, validateEventData } from '@careflow/contracts';
import { MessagingRuntime, type ConsumedEvent } from '@careflow/messaging';
import type { QueryRunner } from 'typeorm';
import { EvaluateClinicalEvents } from '../src/identification/use-cases/evaluate-clinical-events.use-case';
import {
  ReferMember,
  type ReferMemberCommand,
} from '../src/referrals/use-cases/refer-member.use-case';
import {
  coverMember,
  daysAgo,
  encounter,
  newId,
  newMember,
  startHarness,
  type Harness,
} from './harness';

/** An encounters.v1 event as the consumer hands it to the handler (decoded and validated). */
function consumedEncounter(memberId: string, codes: string[]): ConsumedEvent {
  const parsed = validateEventData(topics.encounters, encounter(memberId, daysAgo(40), codes));
  if (!parsed.success) throw new Error(parsed.message);
  return {
    id: randomUUID(),
    source: 'test',
    type: topics.encounters.eventType,
    time: new Date().toISOString(),
    subject: undefined,
    data: parsed.data,
    key: memberId,
    traceparent: undefined,
    topic: topics.encounters.name,
    partition: 0,
    offset: '0',
  };
}

interface ProfileRow {
  events_applied: string;
  criteria_met: string[];
  eligible: boolean;
  profile: { diagnoses: { code: string }[] };
}

/**
 * Two transactions fold events of the same member at once (chunks of two topics, or two
 * instances). Neither may overwrite the other: the later one's write waits for the earlier one to
 * commit, finds the row changed (or created), and folds its own events again on top of what the
 * earlier one stored. Each case holds the first transaction open until the second is seen waiting.
 */
describe('case-management: one member written by two transactions at once (real database)', () => {
  let h: Harness;
  let runtime: MessagingRuntime;
  let evaluate: EvaluateClinicalEvents;
  let referMember: ReferMember;

  beforeAll(async () => {
    h = await startHarness();
    runtime = h.service.app.get(MessagingRuntime);
    evaluate = h.service.app.get(EvaluateClinicalEvents);
    referMember = h.service.app.get(ReferMember);
  });

  afterAll(async () => {
    await h.stop();
  });

  const waitingOnLock = async (): Promise<boolean> => {
    const rows: { n: string }[] = await h.dataSource.query(
      `SELECT count(*) AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return Number(rows[0]?.n) > 0;
  };

  /** Applies `first` and, while its transaction is still open, `second`; both commit. */
  const race = async (first: ConsumedEvent[], second: ConsumedEvent[]): Promise<void> => {
    let firstApplied!: () => void;
    const applied = new Promise<void>((resolve) => (firstApplied = resolve));
    let commitFirst!: () => void;
    const released = new Promise<void>((resolve) => (commitFirst = resolve));
    const firstTx = runtime.transaction(async (uow) => {
      await evaluate.execute(uow, { events: first });
      firstApplied();
      await released;
    });
    await applied;
    const secondTx = runtime.transaction((uow) => evaluate.execute(uow, { events: second }));
    const deadline = Date.now() + 10_000;
    while (!(await waitingOnLock())) {
      if (Date.now() > deadline) throw new Error('the second transaction never waited on a lock');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    commitFirst();
    await Promise.all([firstTx, secondTx]);
  };

  /** Both transactions' events are in the profile, and the member identified once. */
  const expectAllFourEventsFolded = async (memberId: string): Promise<void> => {
    const [row] = await h.dataSource.query<ProfileRow[]>(
      `SELECT events_applied, criteria_met, eligible, profile FROM clinical_profiles WHERE member_id = $1`,
      [memberId],
    );
    expect(Number(row?.events_applied)).toBe(4);
    expect(row?.profile.diagnoses.map((d) => d.code).sort()).toEqual([
      'E119',
      'I10',
      'I5023',
      'J449',
    ]);
    // Four chronic conditions only with both transactions' events: the second saw the first's.
    expect(row?.criteria_met).toContain('four-or-more-chronic-conditions');
    expect(row?.eligible).toBe(true);
    const cases: unknown[] = await h.dataSource.query(
      `SELECT case_id FROM cases WHERE member_id = $1`,
      [memberId],
    );
    expect(cases).toHaveLength(1);
  };

  it('a new member: the later transaction folds onto the row the earlier one created; one case opens', async () => {
    const m = newMember();
    await coverMember(h, m);
    await race(
      [consumedEncounter(m, ['E119']), consumedEncounter(m, ['I10'])],
      [consumedEncounter(m, ['J449']), consumedEncounter(m, ['I5023'])],
    );
    await expectAllFourEventsFolded(m);
  });

  it('a member with a profile: the later transaction read the old version, and folds again onto the new one', async () => {
    const m = newMember();
    await coverMember(h, m);
    await runtime.transaction((uow) =>
      evaluate.execute(uow, { events: [consumedEncounter(m, ['E119'])] }),
    );
    await race(
      [consumedEncounter(m, ['I10']), consumedEncounter(m, ['J449'])],
      [consumedEncounter(m, ['I5023'])],
    );
    await expectAllFourEventsFolded(m);
  });

  /** A self-referral as the referral consumer hands it on. */
  const selfReferral = (memberId: string): ReferMemberCommand => ({
    referral: {
      referralId: newId('REF'),
      memberId,
      source: 'member-self',
      reason: 'Member asked for help with several conditions.',
      submittedAt: new Date().toISOString(),
    },
    via: {
      channel: 'event',
      trigger: { source: topics.ccmReferrals.name, eventId: randomUUID() },
      actor: { id: 'referral:member-self', name: 'Referral intake (test)' },
    },
  });

  const lockProfileRow = (other: QueryRunner, memberId: string): Promise<unknown> =>
    other.query(`SELECT 1 FROM clinical_profiles WHERE member_id = $1 FOR UPDATE`, [memberId]);
  const createProfileRow = (other: QueryRunner, memberId: string): Promise<unknown> =>
    other.query(`INSERT INTO clinical_profiles (member_id, profile) VALUES ($1, '{}')`, [memberId]);

  /** Two covered members, `first` after `second` in member-id order: referred in reverse. */
  const membersInReverseOrder = async (): Promise<[string, string]> => {
    let [first, second] = [newMember(), newMember()];
    const [order] = await h.dataSource.query<{ reversed: boolean }[]>(
      `SELECT $2::text < $1::text AS reversed`,
      [first, second],
    );
    if (!order?.reversed) [first, second] = [second, first];
    for (const m of [first, second]) await coverMember(h, m);
    return [first, second];
  };

  /**
   * Another transaction takes the second member's row (`take`), as a clinical chunk of both would
   * in member-id order; a chunk referring the first then the second starts; once it waits, the
   * other takes the first member's row too. Had the chunk taken the first member's row as its
   * turn came, that would close a cycle. Both referrals open their case.
   */
  const referInReverseWhileHeld = async (
    [first, second]: [string, string],
    take: (other: QueryRunner, memberId: string) => Promise<unknown>,
  ): Promise<void> => {
    const other = h.dataSource.createQueryRunner();
    await other.connect();
    try {
      await other.startTransaction();
      await take(other, second);
      const chunk = runtime
        .transaction((uow) =>
          referMember.executeAll(uow, [selfReferral(first), selfReferral(second)]),
        )
        .then(
          (outcomes) => outcomes,
          (error: unknown) => error,
        );
      const deadline = Date.now() + 10_000;
      while (!(await waitingOnLock())) {
        if (Date.now() > deadline) throw new Error('the referral chunk never waited on a lock');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await take(other, first);
      await other.commitTransaction();

      expect(await chunk).toEqual([
        expect.objectContaining({ memberId: first, status: 'case-opened', duplicate: false }),
        expect.objectContaining({ memberId: second, status: 'case-opened', duplicate: false }),
      ]);
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
    }
  };

  it('a chunk of referrals takes its members’ rows in the order a clinical chunk does: no deadlock', async () => {
    const members = await membersInReverseOrder();
    for (const m of members) {
      await runtime.transaction((uow) =>
        evaluate.execute(uow, { events: [consumedEncounter(m, ['E119'])] }),
      );
    }
    await referInReverseWhileHeld(members, lockProfileRow);
  });

  it('new members too: a chunk of referrals creates their rows in the order a clinical chunk does', async () => {
    await referInReverseWhileHeld(await membersInReverseOrder(), createProfileRow);
  });
});
