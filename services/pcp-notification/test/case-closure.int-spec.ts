import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PcpNotificationIssued } from '@careflow/contracts';
import { TEMPLATE_DIRECTORY } from '../src/letters/letter-template';
import type { DeliveryChannel, DeliveryResult } from '../src/delivery/delivery-channel';
import {
  ADMIN,
  SUPERVISOR,
  caseEvent,
  coverage,
  fetchLetter,
  newCaseManager,
  newId,
  newMember,
  pcp,
  pdfText,
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

  it('the enrollment notice names the member (name, date of birth, member id) under the plan letterhead', async () => {
    // A database seeded before the member's name was on the letters: the admin saves the new text.
    const body = readFileSync(join(TEMPLATE_DIRECTORY, 'enrollment-notice.txt'), 'utf8');
    const saved = await h.service.request('PUT', '/letter-templates/enrollment-notice', {
      principal: ADMIN,
      body: { body },
    });
    expect(saved.status).toBe(200);
    const memberId = newMember();
    const caseId = newId('CASE');
    const cm = newCaseManager();
    await h.publishCoverage({
      ...coverage(memberId, 1, pcp(randomNpi(), 'Alan Reyes, MD')),
      member: { firstName: 'Maria', lastName: 'Lopez', birthDate: '1948-03-09' },
    });
    await h.publishCase(caseEvent(memberId, caseId, 'enrolled', cm.contact));
    await waitUntil(async () => {
      const rows = await h.dataSource.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM notifications WHERE case_id = $1 AND kind = 'enrollment-notice'`,
        [caseId],
      );
      return Number(rows[0]?.n) === 1;
    });
    const [row] = await h.dataSource.query<{ notification_id: string }[]>(
      `SELECT notification_id FROM notifications WHERE case_id = $1`,
      [caseId],
    );
    const pdf = await fetchLetter(
      h.service,
      `/notifications/${row!.notification_id}/letter.pdf`,
      cm.principal,
    );
    const text = (await pdfText(pdf.body)).replace(/\s+/g, ' ');
    expect(text).toContain('Name: Maria Lopez');
    expect(text).toContain('Date of birth: 1948-03-09');
    expect(text).toContain(`Member ID: ${memberId}`);
    expect(text).toContain('3840 Kilroy Airport Way, Long Beach, CA 90806');
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

  it('a hospital stay the hospital cancelled (ADT A11/A13): the prompt and the pending call are withdrawn', async () => {
    const memberId = newMember();
    const caseId = newId('CASE');
    const cm = newCaseManager();
    await h.publishCoverage(coverage(memberId, 1, pcp(randomNpi(), 'Alan Reyes, MD')));
    await h.publishCase(caseEvent(memberId, caseId, 'enrolled', cm.contact));
    const prompt = {
      ...statusUpdate(
        memberId,
        caseId,
        cm.contact,
        true,
        'Hospital admission reported by the hospital (ADT): admitted 2026-11-01.',
      ),
      origin: 'hospital-stay' as const,
    };
    await h.publishStatusUpdate(prompt);
    const [callRecord] = await h.probe.waitFor(
      (r) => r.key === memberId && issued(r).kind === 'condition-change-call',
    );
    const call = issued(callRecord!);
    expect(call.status).toBe('pending');
    await h.waitForFeed(cm.principal, `?memberId=${memberId}`, (items) =>
      items.some((i) => i.kind === 'hospital-stay'),
    );

    await h.publishStatusUpdate({
      ...statusUpdate(
        memberId,
        caseId,
        cm.contact,
        false,
        'The hospital cancelled the admission it reported (ADT A11).',
      ),
      origin: 'hospital-stay',
      retracts: prompt.updateId,
    });
    const [withdrawn] = await h.probe.waitFor(
      (r) =>
        r.key === memberId &&
        issued(r).notificationId === call.notificationId &&
        issued(r).status === 'cancelled',
    );
    expect(issued(withdrawn!)).toMatchObject({ kind: 'condition-change-call' });
    const feed = await h.waitForFeed(
      cm.principal,
      `?memberId=${memberId}`,
      (items) => items.filter((i) => i.status === 'cancelled').length === 2,
    );
    expect(
      feed
        .filter((i) => i.status === 'cancelled')
        .map((i) => i.kind)
        .sort(),
    ).toEqual(['condition-change-call', 'hospital-stay']);
    expect(feed.find((i) => i.kind === 'hospital-stay')?.detail).toContain('Cancelled:');
    // Nothing new is owed: no second call, no letter.
    const rows = await h.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM notifications WHERE case_id = $1`,
      [caseId],
    );
    expect(Number(rows[0]?.n)).toBe(2); // the enrollment notice and the cancelled call
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
    // The member left the case manager's caseload with the case (the caseload rule: open cases
    // only), so the closure is read where it stays visible: a supervisor's feed.
    const feed = await h.waitForFeed(SUPERVISOR, `?memberId=${memberId}`, (items) =>
      items.some((i) => i.kind === 'case-status'),
    );
    const mine = await h.service.request('GET', `/feed?memberId=${memberId}`, {
      principal: cm.principal,
    });
    expect((mine.body as { items: unknown[] }).items).toEqual([]);
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
