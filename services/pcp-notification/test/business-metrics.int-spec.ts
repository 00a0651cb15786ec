import { scrapeMetric } from '@careflow/platform';
import type { DeliveryChannel, DeliveryResult } from '../src/delivery/delivery-channel';
import {
  caseEvent,
  coverage,
  newCaseManager,
  newId,
  newMember,
  pcp,
  randomNpi,
  startHarness,
  waitUntil,
  type Harness,
} from './harness';

/** A channel whose every hand-over fails (the fax line is down). */
class DownChannel implements DeliveryChannel {
  readonly name = 'down-test';
  async deliver(): Promise<DeliveryResult> {
    return { status: 'failed', detail: 'fax line down' };
  }
}

describe('pcp-notification: business metrics move with real letters', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      overrides: { deliveryChannel: new DownChannel() },
      env: { DELIVERY_RETRY_MS: '1000', DELIVERY_MAX_ATTEMPTS: '3' },
    });
  });

  afterAll(async () => {
    await h.stop();
  });

  it('counts a letter as due while its delivery is retried, then as failed once it gives up', async () => {
    const failed = await scrapeMetric(h.service, 'careflow_letters_failed');
    const memberId = newMember();
    const cm = newCaseManager();
    await h.publishCoverage(coverage(memberId, 1, pcp(randomNpi(), 'Ruth Okafor, MD')));
    await h.publishCase(caseEvent(memberId, newId('CASE'), 'enrolled', cm.contact));
    const stateOf = async (): Promise<{ status: string | null; next: Date | null }[]> =>
      h.dataSource.query(
        `SELECT delivery_status AS status, next_delivery_at AS next FROM notifications
          WHERE member_id = $1 AND kind = 'enrollment-notice'`,
        [memberId],
      );
    // Waiting for a retry: counted as due, not failed.
    await waitUntil(async () => (await stateOf()).some((r) => r.next !== null));
    expect(await scrapeMetric(h.service, 'careflow_letters_due')).toBeGreaterThanOrEqual(1);
    await waitUntil(async () =>
      (await stateOf()).some((r) => r.status === 'failed' && r.next === null),
    );
    // The gauge counts every given-up letter of the database, and this harness's worker also
    // gives up letters earlier suites left to retry: it must lie between two counts taken around
    // the scrape, and include this member's letter.
    const givenUp = async (): Promise<number> =>
      Number(
        (
          await h.dataSource.query<{ n: string }[]>(
            `SELECT count(*) AS n FROM notifications
              WHERE delivery_status = 'failed' AND next_delivery_at IS NULL`,
          )
        )[0]!.n,
      );
    const before = await givenUp();
    const scraped = await scrapeMetric(h.service, 'careflow_letters_failed');
    const after = await givenUp();
    expect(scraped).toBeGreaterThanOrEqual(Math.max(before, failed + 1));
    expect(scraped).toBeLessThanOrEqual(after);
    const text = (await h.service.request('GET', '/metrics')).text;
    expect(text).toMatch(/careflow_calls_overdue\{[^}]*\} \d+/);
    expect(text).not.toContain(memberId);
  });
});
