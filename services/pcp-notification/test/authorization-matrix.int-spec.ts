import type { PcpNotificationIssued } from '@careflow/contracts';
import { checkAuthorizationMatrix } from '@careflow/platform';
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

/** Every documented route: 401, 403 and 404 where they belong, each refusal audited. */
describe('pcp-notification: the authorization matrix', () => {
  let h: Harness;
  const holder = newCaseManager();
  const formerHolder = newCaseManager();
  const stranger = newCaseManager();
  let notificationId: string;
  let itemId: string;
  const caseId = newId('CASE');

  beforeAll(async () => {
    h = await startHarness();
    const memberId = newMember();
    await h.publishCoverage(coverage(memberId, 1, pcp(randomNpi(), 'Alan Reyes, MD')));
    // The former holder's earlier case of the member is closed: the member left their caseload.
    await h.publishCase(caseEvent(memberId, newId('CASE'), 'closed', formerHolder.contact));
    await h.publishCase(caseEvent(memberId, caseId, 'identified', holder.contact));
    await h.publishCase(caseEvent(memberId, caseId, 'enrolled', holder.contact));
    const [record] = await h.notificationsOf(memberId);
    notificationId = (record!.value as PcpNotificationIssued).notificationId;
    const items = await h.waitForFeed(holder.principal, `?memberId=${memberId}`, (l) =>
      l.some((i) => i.notificationId === notificationId),
    );
    itemId = items.find((i) => i.notificationId === notificationId)!.id;
  });

  afterAll(async () => {
    await h.stop();
  });

  it('refuses every route as documented, and audits every refusal', async () => {
    const outsiders = [stranger.principal, formerHolder.principal];
    const onNotification = { params: { id: notificationId }, outsiders };
    const report = await checkAuthorizationMatrix({
      service: h.service,
      dataSource: h.dataSource,
      foreignAudience: 'careflow-authorization-routing',
      fixtures: {
        'GET /notifications/{id}': { ...onNotification, owner: holder.principal },
        'GET /notifications/{id}/letter.pdf': onNotification,
        'POST /notifications/{id}/complete': {
          ...onNotification,
          body: { notes: 'Spoke to Dr. Reyes.' },
        },
        'POST /feed/{itemId}/acknowledge': { params: { itemId }, outsiders },
        'GET /letter-templates/{kind}': { params: { kind: 'enrollment-notice' } },
        'POST /letters/status-update/preview': {
          body: { caseId, summary: 'Stable.', conditionChanged: false },
          outsiders,
        },
        'PUT /letter-templates/{kind}': {
          params: { kind: 'enrollment-notice' },
          body: { body: '# Notice\n\nDear {{pcp.name}},' },
        },
      },
    });
    expect(report.failures).toEqual([]);
    expect(report.operations.filter((o) => !o.isPublic).length).toBeGreaterThanOrEqual(8);
    const acknowledged: { acknowledged_by: string | null }[] = await h.dataSource.query(
      `SELECT acknowledged_by FROM feed_items WHERE item_id = $1`,
      [itemId],
    );
    expect(acknowledged).toEqual([{ acknowledged_by: null }]);
  });

  it('audits the refusals of the live stream, which checks its own ticket (EventSource sends no header)', async () => {
    for (const query of ['', '?ticket=', `?ticket=${'x'.repeat(43)}`]) {
      const r = await h.service.request('GET', `/feed/stream${query}`);
      expect(r.status).toBe(401);
      const rows: { action: string; resource_id: string }[] = await h.dataSource.query(
        `SELECT action, resource_id FROM audit_log WHERE request_id = $1`,
        [r.headers.get('x-request-id')],
      );
      expect(rows).toEqual([{ action: 'auth.unauthenticated', resource_id: 'GET /feed/stream' }]);
    }
  });
});
