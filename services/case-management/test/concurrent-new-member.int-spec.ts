import { randomUUID } from 'node:crypto';
import { topics, validateEventData } from '@careflow/contracts';
import { MessagingRuntime, type ConsumedEvent } from '@careflow/messaging';
import { Identification } from '../src/identification/identification.service';
import { coverMember, daysAgo, encounter, newMember, startHarness, type Harness } from './harness';

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

/**
 * Two transactions fold events of the same member who has no profile yet (two topics, or two
 * instances, at once). The second must not overwrite the first: it waits for the first to commit,
 * finds the row created, and folds its own events on top of what the first stored.
 */
describe('case-management: a new member reached by two transactions at once (real database)', () => {
  let h: Harness;
  let runtime: MessagingRuntime;
  let identification: Identification;

  beforeAll(async () => {
    h = await startHarness();
    runtime = h.service.app.get(MessagingRuntime);
    identification = h.service.app.get(Identification);
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

  it('the later transaction waits, then folds onto the profile the earlier one created; one case opens', async () => {
    const m = newMember();
    await coverMember(h, m);
    let firstApplied!: () => void;
    const applied = new Promise<void>((resolve) => (firstApplied = resolve));
    let commitFirst!: () => void;
    const released = new Promise<void>((resolve) => (commitFirst = resolve));

    const first = runtime.transaction(async (uow) => {
      await identification.applyClinicalEvents(uow, [
        consumedEncounter(m, ['E119']),
        consumedEncounter(m, ['I10']),
      ]);
      firstApplied();
      await released;
    });
    await applied;
    // The first transaction has created the member's row and not committed it yet.
    const second = runtime.transaction((uow) =>
      identification.applyClinicalEvents(uow, [
        consumedEncounter(m, ['J449']),
        consumedEncounter(m, ['I5023']),
      ]),
    );
    const deadline = Date.now() + 10_000;
    while (!(await waitingOnLock())) {
      if (Date.now() > deadline) throw new Error('the second transaction never waited on a lock');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    commitFirst();
    await Promise.all([first, second]);

    const [row] = await h.dataSource.query<
      {
        events_applied: string;
        criteria_met: string[];
        eligible: boolean;
        profile: { diagnoses: { code: string }[] };
      }[]
    >(
      `SELECT events_applied, criteria_met, eligible, profile FROM clinical_profiles WHERE member_id = $1`,
      [m],
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
    const cases: { status: string }[] = await h.dataSource.query(
      `SELECT status FROM cases WHERE member_id = $1`,
      [m],
    );
    expect(cases).toHaveLength(1);
  });
});
