import { type PcpNotificationIssued } from '@careflow/contracts';
import type {
  DeliveryChannel,
  DeliveryResult,
  OutgoingLetter,
} from '../src/delivery/delivery-channel';
import {
  caseEvent,
  coverage,
  newCaseManager,
  newId,
  newMember,
  pcp,
  randomNpi,
  startHarness,
  type Harness,
} from './harness';

const issued = (r: { value: unknown }): PcpNotificationIssued => r.value as PcpNotificationIssued;

/** A channel whose practices (by NPI) fail a given number of hand-overs before one succeeds. */
class FlakyChannel implements DeliveryChannel {
  readonly name = 'flaky-test';
  readonly handed: OutgoingLetter[] = [];
  readonly failuresByNpi = new Map<string, number>();

  async deliver(letter: OutgoingLetter): Promise<DeliveryResult> {
    this.handed.push(letter);
    const failuresLeft = this.failuresByNpi.get(letter.pcp.npi) ?? 0;
    if (failuresLeft > 0) {
      this.failuresByNpi.set(letter.pcp.npi, failuresLeft - 1);
      return { status: 'failed', detail: 'fax line busy' };
    }
    return { status: 'sent', reference: `fax-job-${letter.notificationId}` };
  }
}

describe('letter delivery through a channel that fails', () => {
  let h: Harness;
  const channel = new FlakyChannel();

  beforeAll(async () => {
    h = await startHarness({
      overrides: { deliveryChannel: channel },
      env: { DELIVERY_RETRY_MS: '200', DELIVERY_MAX_ATTEMPTS: '3' },
    });
  });

  afterAll(async () => {
    await h.stop();
  });

  async function enrolledMemberWithFlakyPcp(failures: number) {
    const memberId = newMember();
    const caseId = newId('CASE');
    const cm = newCaseManager();
    const primaryCare = pcp(randomNpi(), 'Ruth Okafor, MD');
    channel.failuresByNpi.set(primaryCare.npi, failures);
    await h.publishCoverage(coverage(memberId, 1, primaryCare));
    await h.publishCase(caseEvent(memberId, caseId, 'enrolled', cm.contact));
    return { memberId, cm };
  }

  async function attemptsOf(memberId: string) {
    const rows: { attempt: number; status: string; channel: string; reference: string | null }[] =
      await h.dataSource.query(
        `SELECT d.attempt, d.status, d.channel, d.reference FROM letter_deliveries d
           JOIN notifications n USING (notification_id)
          WHERE n.member_id = $1 ORDER BY d.attempt`,
        [memberId],
      );
    return rows;
  }

  it('records every attempt, shows the failure, retries and announces the letter once when it goes through', async () => {
    const { memberId, cm } = await enrolledMemberWithFlakyPcp(2);
    const [record] = await h.notificationsOf(memberId, 1, 30000);
    expect(issued(record!)).toMatchObject({
      kind: 'enrollment-notice',
      status: 'sent',
      delivery: { status: 'delivered', attempts: 3 },
    });
    expect((await attemptsOf(memberId)).map((a) => [a.attempt, a.status, a.channel])).toEqual([
      [1, 'failed', 'flaky-test'],
      [2, 'failed', 'flaky-test'],
      [3, 'sent', 'flaky-test'],
    ]);
    const items = await h.feed(cm.principal, `?memberId=${memberId}&kind=enrollment-notice`);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ status: 'sent' });
    await new Promise((r) => setTimeout(r, 1500));
    expect(h.probe.records.filter((r) => r.key === memberId)).toHaveLength(1);
    const handed = channel.handed.filter(
      (l) => l.notificationId === issued(record!).notificationId,
    );
    expect(handed.map((l) => l.attempt)).toEqual([1, 2, 3]);
  });

  it('gives up after the last attempt: the letter stays failed in the feed and is announced once as failed, never as sent', async () => {
    const { memberId, cm } = await enrolledMemberWithFlakyPcp(100);
    await h.waitForFeed(cm.principal, `?memberId=${memberId}&kind=enrollment-notice`, (items) =>
      items.some((i) => i.status === 'failed' && /failed after 3 attempts/.test(i.detail ?? '')),
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect((await attemptsOf(memberId)).map((a) => a.status)).toEqual([
      'failed',
      'failed',
      'failed',
    ]);
    const announced = h.probe.records.filter((r) => r.key === memberId);
    expect(announced).toHaveLength(1);
    expect(issued(announced[0]!)).toMatchObject({
      kind: 'enrollment-notice',
      status: 'pending',
      delivery: { status: 'failed', attempts: 3 },
    });
  });
});
