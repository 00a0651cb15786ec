import { topics, type CcmCaseChanged, type ClinicalStatusUpdated } from '@careflow/contracts';
import { UnitOfWork, type ConsumedEvent } from '@careflow/messaging';
import type { DataSource, QueryRunner } from 'typeorm';
import { IssueStatusUpdateNoticesUseCase } from '../src/notifications/use-cases/issue-status-update-notices.use-case';
import { RecordCaseChangesUseCase } from '../src/notifications/use-cases/record-case-changes.use-case';
import {
  caseEvent,
  newCaseManager,
  newId,
  newMember,
  startHarness,
  statusUpdate,
  waitUntil,
  type Harness,
} from './harness';

/**
 * A consumer transaction holds the member locks of a whole chunk, and coverage chunks lock their
 * members in sorted order (lockMembers). A chunk of case changes or status updates that locked each
 * event's member as its turn came deadlocked with them (seen in CI as 40P01 on `lockMembers`).
 * Here the other transaction is played by hand, so the order is forced rather than hoped for.
 */
describe('member locks of a chunk of case changes and status updates', () => {
  let h: Harness;
  let recordCaseChanges: RecordCaseChangesUseCase;
  let issueStatusUpdateNotices: IssueStatusUpdateNoticesUseCase;

  beforeAll(async () => {
    h = await startHarness();
    recordCaseChanges = h.service.app.get(RecordCaseChangesUseCase);
    issueStatusUpdateNotices = h.service.app.get(IssueStatusUpdateNoticesUseCase);
  });

  afterAll(async () => {
    await h.stop();
  });

  const lockKey = (param: string): string => `hashtext('pcp-notification:member:' || ${param})`;

  /** Two members whose locks sort the other way round from the order of their events. */
  async function membersLockedInReverse(dataSource: DataSource): Promise<[string, string]> {
    for (;;) {
      const first = newMember();
      const second = newMember();
      const [row]: { reversed: boolean }[] = await dataSource.query(
        `SELECT ${lockKey('$2')} < ${lockKey('$1')} AS reversed`,
        [first, second],
      );
      if (row!.reversed) return [first, second];
    }
  }

  function consumed<T extends { memberId: string }>(
    topic: string,
    type: string,
    data: T,
    offset: number,
  ): ConsumedEvent<T> {
    return {
      id: newId('evt'),
      source: 'member-locks-test',
      type,
      time: new Date().toISOString(),
      subject: undefined,
      data,
      key: data.memberId,
      traceparent: undefined,
      topic,
      partition: 0,
      offset: String(offset),
    };
  }

  /**
   * While another transaction holds the second member's lock, the chunk [first, second] runs; the
   * other transaction then takes the first member's lock, as a coverage chunk of both would.
   */
  async function runAgainstSortedLocker(
    chunk: (uow: UnitOfWork) => Promise<void>,
    first: string,
    second: string,
  ): Promise<void> {
    const other: QueryRunner = h.dataSource.createQueryRunner();
    await other.connect();
    try {
      await other.startTransaction();
      await other.query(`SELECT pg_advisory_xact_lock(${lockKey('$1')})`, [second]);
      const handled = h.dataSource.transaction((manager) =>
        chunk(new UnitOfWork(manager, 'member-locks-test', undefined)),
      );
      const settled = handled.then(
        () => undefined,
        (error: unknown) => error,
      );
      // The chunk is waiting for the second member (a bigint key: its low 32 bits are the objid).
      await waitUntil(async () => {
        const waiting: unknown[] = await h.dataSource.query(
          `SELECT 1 FROM pg_locks
            WHERE locktype = 'advisory' AND NOT granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND objid::text::bigint = ${lockKey('$1')}::bigint & 4294967295`,
          [second],
        );
        return waiting.length > 0;
      }, 10000);
      // With the locks taken in event order the chunk already holds this one: a deadlock.
      await other.query(`SELECT pg_advisory_xact_lock(${lockKey('$1')})`, [first]);
      await other.commitTransaction();
      expect(await settled).toBeUndefined();
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
    }
  }

  async function caseMembers(memberIds: string[]): Promise<string[]> {
    const rows: { member_id: string }[] = await h.dataSource.query(
      `SELECT member_id FROM cases WHERE member_id = ANY($1::text[]) ORDER BY member_id`,
      [memberIds],
    );
    return rows.map((r) => r.member_id);
  }

  it('case changes lock the chunk’s members in the same order as a coverage chunk', async () => {
    const [first, second] = await membersLockedInReverse(h.dataSource);
    const events = [first, second].map((memberId, i) =>
      consumed<CcmCaseChanged>(
        topics.ccmCases.name,
        topics.ccmCases.eventType,
        caseEvent(memberId, newId('CASE'), 'identified', null),
        i,
      ),
    );

    await runAgainstSortedLocker(
      (uow) =>
        recordCaseChanges.execute(
          { changes: events.map((e) => ({ eventId: e.id, change: e.data })) },
          uow,
        ),
      first,
      second,
    );

    expect(await caseMembers([first, second])).toEqual([first, second].sort());
  });

  it('status updates lock the chunk’s members in the same order as a coverage chunk', async () => {
    const [first, second] = await membersLockedInReverse(h.dataSource);
    const cm = newCaseManager().contact;
    const events = [first, second].map((memberId, i) =>
      consumed<ClinicalStatusUpdated>(
        topics.clinicalStatusUpdates.name,
        topics.clinicalStatusUpdates.eventType,
        statusUpdate(memberId, newId('CASE'), cm, true, 'Stable after discharge.'),
        i,
      ),
    );

    await runAgainstSortedLocker(
      (uow) =>
        issueStatusUpdateNotices.execute(
          { updates: events.map((e) => ({ eventId: e.id, update: e.data })) },
          uow,
        ),
      first,
      second,
    );

    expect(await caseMembers([first, second])).toEqual([first, second].sort());
  });
});
