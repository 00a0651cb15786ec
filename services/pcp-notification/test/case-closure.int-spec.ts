import { type PcpNotificationIssued } from '@careflow/contracts';
import type { DeliveryChannel, DeliveryResult } from '../src/delivery/delivery-channel';
import {
  SUPERVISOR,
  caseEvent,
  coverage,
  newCaseManager,
  newId,
  newMember,
  pcp,
  randomNpi,
  startHarness,
  statusUpdate,
  waitUntil,
  type Harness,
} from './harness';

const issued = (r: { value: unknown }): PcpNotificationIssued => r.value as PcpNotificationIssued;

/** A practice whose fax never answers: its letters stay waiting for delivery. */
class UnreachableChannel implements DeliveryChannel {
  readonly name = 'unreachable-test';
  async deliver(): Promise<DeliveryResult> {
    return Promise.resolve({ status: 'failed', detail: 'no answer' });
  }
}

describe('a case closing cancels what is still pending for it (real broker and database)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      overrides: { deliveryChannel: new UnreachableChannel() },
      env: { CALL_DUE_HOURS: '24', DELIVERY_RETRY_MS: '60000' },
    });
  });

  afterAll(async () => {
    await h.stop();
  });

  it('a hospital stay of an enrolled member: a feed item and a suggested call to the PCP, no letter', async () => {
    const memberId = newMember();
    const caseId = newId('CASE');
    const cm = newCaseManager();
    await h.publishCoverage(coverage(memberId, 1, pcp(randomNpi(), 'Alan Reyes, MD')));
    await h.publishCase(caseEvent(memberId, caseId, 'enrolled', cm.contact));
    await h.publishStatusUpdate({
      ...statusUpdate(
        memberId,
        caseId,
        cm.contact,
        true,
        'Hospital stay reported by the hospital (ADT): admitted 2026-11-01, discharged 2026-11-04.',
      ),
      origin: 'hospital-stay',
    });
    const [call] = (await h.notificationsOf(memberId, 1)).map(issued);
    expect(call).toMatchObject({
      kind: 'condition-change-call',
      status: 'pending',
      caseManager: cm.contact,
    });
    const feed = await h.waitForFeed(cm.principal, `?memberId=${memberId}`, (items) =>
      items.some((i) => i.kind === 'hospital-stay'),
    );
    expect(feed.find((i) => i.kind === 'hospital-stay')?.detail).toContain('call the PCP');
    const letters = await h.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM notifications WHERE case_id = $1 AND kind = 'clinical-status-update'`,
      [caseId],
    );
    expect(Number(letters[0]?.n)).toBe(0);
  });

  it('no case manager on the case: no enrollment notice, supervisors are told to assign it', async () => {
    const memberId = newMember();
    const caseId = newId('CASE');
    await h.publishCoverage(coverage(memberId, 1, pcp(randomNpi(), 'Alan Reyes, MD')));
    await h.publishCase(caseEvent(memberId, caseId, 'enrolled', null));
    const feed = await h.waitForFeed(SUPERVISOR, `?memberId=${memberId}`, (items) =>
      items.some((i) => i.kind === 'case-manager-missing'),
    );
    expect(feed.find((i) => i.kind === 'case-manager-missing')?.title).toContain(
      'No case manager assigned',
    );
    const letters = await h.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM notifications WHERE case_id = $1`,
      [caseId],
    );
    expect(Number(letters[0]?.n)).toBe(0);
  });

  it('coverage ended: the undelivered letters and the pending call are cancelled, and the feed says so', async () => {
    const memberId = newMember();
    const caseId = newId('CASE');
    const cm = newCaseManager();
    await h.publishCoverage(coverage(memberId, 1, pcp(randomNpi(), 'Alan Reyes, MD')));
    await h.publishCase(caseEvent(memberId, caseId, 'enrolled', cm.contact));
    await h.publishStatusUpdate(statusUpdate(memberId, caseId, cm.contact, true, 'Admitted.'));
    const pending = (await h.notificationsOf(memberId, 1)).map(issued);
    expect(pending[0]).toMatchObject({ kind: 'condition-change-call', status: 'pending' });
    await waitUntil(async () => {
      const rows = await h.dataSource.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM notifications WHERE case_id = $1`,
        [caseId],
      );
      return Number(rows[0]?.n) === 3; // enrollment notice, update letter, call
    });

    await h.publishCase({
      ...caseEvent(memberId, caseId, 'closed', cm.contact),
      closureReason: 'coverage-ended',
    });
    const records = (await h.notificationsOf(memberId, 4)).map(issued);
    const cancelled = records.filter((n) => n.status === 'cancelled');
    expect(cancelled.map((n) => n.kind).sort()).toEqual([
      'clinical-status-update',
      'condition-change-call',
      'enrollment-notice',
    ]);
    const feed = await h.waitForFeed(cm.principal, `?memberId=${memberId}`, (items) =>
      items.some((i) => i.kind === 'case-status'),
    );
    expect(feed.find((i) => i.kind === 'case-status')).toMatchObject({
      title: `Case ${caseId} closed: coverage ended`,
      detail: '2 letter(s) not yet delivered and 1 pending call(s) to the PCP cancelled.',
    });
    expect(feed.find((i) => i.kind === 'condition-change-call')).toMatchObject({
      status: 'cancelled',
      detail: 'Cancelled: case closed (coverage ended).',
    });
  });
});
