import { topics, type PcpNotificationIssued } from '@careflow/contracts';
import type { Principal } from '@careflow/platform';
import type { FeedItemView } from '../src/feed/feed-model';
import {
  ADMIN,
  INTEGRATOR,
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
  openStream,
  streamTicket,
} from './harness';

const issued = (r: { value: unknown }): PcpNotificationIssued => r.value as PcpNotificationIssued;

describe('pcp-notification against the real broker and database', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.stop();
  });

  /** A member with coverage naming `primaryCare` and a case enrolled for a new case manager. */
  async function enrolledMember(primaryCare = pcp(randomNpi(), 'Alan Reyes, MD')) {
    const memberId = newMember();
    const caseId = newId('CASE');
    const cm = newCaseManager();
    await h.publishCoverage(coverage(memberId, 1, primaryCare));
    await h.publishCase(caseEvent(memberId, caseId, 'identified', cm.contact));
    await h.publishCase(caseEvent(memberId, caseId, 'enrolled', cm.contact));
    return { memberId, caseId, cm, primaryCare };
  }

  describe('access', () => {
    it('answers 401 without a token on every data route, and serves health and the page without one', async () => {
      for (const path of [
        '/feed',
        '/feed/stream',
        '/notifications/ntf-x/letter.pdf',
        '/notifications/ntf-x',
        '/letter-templates',
      ]) {
        expect((await h.service.request('GET', path)).status).toBe(401);
      }
      expect(
        (await h.service.request('POST', '/notifications/ntf-x/complete', { body: { notes: 'x' } }))
          .status,
      ).toBe(401);
      expect((await h.service.request('GET', '/feed', { token: 'not-a-jwt' })).status).toBe(401);
      expect((await h.service.request('GET', '/health/live')).status).toBe(200);
      const page = await h.service.request('GET', '/');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    });

    it('refuses integrators (no member data here): 403', async () => {
      expect((await h.service.request('GET', '/feed', { principal: INTEGRATOR })).status).toBe(403);
      expect(
        (
          await h.service.request('GET', '/notifications/ntf-x/letter.pdf', {
            principal: INTEGRATOR,
          })
        ).status,
      ).toBe(403);
      expect((await streamTicket(h.service, INTEGRATOR)).status).toBe(403);
    });

    it('answers 400 for bad feed filters and caps the page size', async () => {
      const cm = newCaseManager().principal;
      for (const query of [
        '?kind=nonsense',
        '?status=done',
        '?limit=101',
        '?limit=0',
        '?dueBefore=tomorrow',
        '?cursor=abc',
        '?memberId=has%20space',
        '?unknown=1',
      ]) {
        const response = await h.service.request('GET', `/feed${query}`, { principal: cm });
        expect({ query, status: response.status }).toEqual({ query, status: 400 });
      }
    });
  });

  describe('enrollment', () => {
    it('issues the enrollment notice to the PCP with a PDF letter naming the program and the case manager', async () => {
      const started = Date.now();
      const { memberId, caseId, cm, primaryCare } = await enrolledMember();
      const [record] = await h.notificationsOf(memberId);
      expect(Date.now() - started).toBeLessThan(60000);
      const event = issued(record!);
      expect(record!.headers['ce_type']).toBe(topics.pcpNotifications.eventType);
      expect(event).toMatchObject({
        memberId,
        caseId,
        kind: 'enrollment-notice',
        pcp: { npi: primaryCare.npi, name: primaryCare.name },
        caseManager: cm.contact,
        dueBy: null,
        status: 'sent',
      });
      expect(event.letterUrl).toBe(`/notifications/${event.notificationId}/letter.pdf`);

      const letter = await fetchLetter(h.service, event.letterUrl!, cm.principal);
      expect(letter.status).toBe(200);
      expect(letter.contentType).toBe('application/pdf');
      expect(letter.body.subarray(0, 5).toString()).toBe('%PDF-');
      const text = (await pdfText(letter.body)).replace(/\s+/g, ' ');
      expect(text).toContain('Notice of enrollment in complex case management');
      expect(text).toContain(`Member ID: ${memberId}`);
      expect(text).toContain(primaryCare.name);
      expect(text).toContain(`NPI ${primaryCare.npi}`);
      expect(text).toContain('Medicare Plus Blue');
      expect(text).toContain('direct interface with our members');
      expect(text).toContain('regain optimum health');
      expect(text).toContain(cm.contact.name);
      expect(text).toContain(cm.contact.phone!);
      expect(text).toContain(cm.contact.email!);
      expect(text).toMatch(/template enrollment-notice v\d+/);

      const items = await h.waitForFeed(cm.principal, `?memberId=${memberId}`, (list) =>
        list.some((i) => i.kind === 'enrollment-notice' && i.status === 'sent'),
      );
      expect(items.map((i) => i.kind)).toEqual(
        expect.arrayContaining(['case-identified', 'case-status', 'enrollment-notice']),
      );
      const notice = items.find((i) => i.kind === 'enrollment-notice')!;
      expect(notice.letterUrl).toBe(event.letterUrl);
      // Only the fields the feed needs.
      expect(Object.keys(notice).sort()).toEqual(
        [
          'acknowledgedAt',
          'audience',
          'caseId',
          'createdAt',
          'detail',
          'dueBy',
          'id',
          'kind',
          'letterUrl',
          'memberId',
          'notificationId',
          'status',
          'title',
          'updatedAt',
        ].sort(),
      );

      const deliveries: { status: string; method: string; channel: string }[] =
        await h.dataSource.query(
          `SELECT status, method, channel FROM letter_deliveries WHERE notification_id = $1`,
          [event.notificationId],
        );
      expect(deliveries).toEqual([{ status: 'sent', method: 'fax', channel: 'record' }]);
    });

    it('sends one notice however often the enrollment arrives', async () => {
      const memberId = newMember();
      const caseId = newId('CASE');
      const cm = newCaseManager();
      await h.publishCoverage(coverage(memberId, 1, pcp(randomNpi(), 'Maria Lopez, DO')));
      const enrolled = caseEvent(memberId, caseId, 'enrolled', cm.contact);
      const id = newId('evt');
      await h.publishCase(enrolled, id);
      await h.publishCase(enrolled, id); // the same event redelivered
      await h.publishCase(enrolled); // the same change republished under a new id
      await h.notificationsOf(memberId);
      await new Promise((r) => setTimeout(r, 2500));
      expect(h.probe.records.filter((r) => r.key === memberId)).toHaveLength(1);
      const rows: { n: string }[] = await h.dataSource.query(
        `SELECT count(*) AS n FROM notifications WHERE member_id = $1`,
        [memberId],
      );
      expect(Number(rows[0]!.n)).toBe(1);
      const items = await h.feed(cm.principal, `?memberId=${memberId}&kind=enrollment-notice`);
      expect(items).toHaveLength(1);
    });
  });

  describe('caseloads', () => {
    it("hides another caseload's notification (404) and feed items, shows all to a supervisor, and audits it all", async () => {
      const { memberId, cm } = await enrolledMember();
      const [record] = await h.notificationsOf(memberId);
      const event = issued(record!);
      const other = newCaseManager();
      // The other case manager has a caseload of their own.
      await h.publishCase(caseEvent(newMember(), newId('CASE'), 'identified', other.contact));
      expect((await fetchLetter(h.service, event.letterUrl!, cm.principal)).status).toBe(200);

      const denied = await fetchLetter(h.service, event.letterUrl!, other.principal);
      expect(denied.status).toBe(404);
      expect(
        (
          await h.service.request('GET', `/notifications/${event.notificationId}`, {
            principal: other.principal,
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await h.service.request('POST', `/notifications/${event.notificationId}/complete`, {
            principal: other.principal,
            body: { notes: 'called' },
          })
        ).status,
      ).toBe(404);
      expect(await h.feed(other.principal, `?memberId=${memberId}`)).toEqual([]);
      const mine = await h.feed(cm.principal, `?memberId=${memberId}`);
      const someItem = mine[0]!;
      expect(
        (
          await h.service.request('POST', `/feed/${someItem.id}/acknowledge`, {
            principal: other.principal,
          })
        ).status,
      ).toBe(404);
      const acknowledged = await h.service.request('POST', `/feed/${someItem.id}/acknowledge`, {
        principal: cm.principal,
      });
      expect(acknowledged.status).toBe(200);
      expect((acknowledged.body as FeedItemView).acknowledgedAt).not.toBeNull();

      expect((await fetchLetter(h.service, event.letterUrl!, SUPERVISOR)).status).toBe(200);
      expect((await h.feed(SUPERVISOR, `?memberId=${memberId}`)).length).toBeGreaterThan(0);

      const audit: {
        actor_id: string;
        action: string;
        outcome: string;
        resource_id: string | null;
      }[] = await h.dataSource.query(
        `SELECT actor_id, action, outcome, resource_id FROM audit_log WHERE member_id = $1 ORDER BY id`,
        [memberId],
      );
      const seen = (actor: string, action: string, outcome: string) =>
        audit.some((a) => a.actor_id === actor && a.action === action && a.outcome === outcome);
      expect(seen(cm.principal.id, 'letter.download', 'allowed')).toBe(true);
      expect(seen(cm.principal.id, 'feed.read', 'allowed')).toBe(true);
      expect(seen(other.principal.id, 'letter.download', 'denied')).toBe(true);
      expect(seen(other.principal.id, 'notification.read', 'denied')).toBe(true);
      expect(seen(other.principal.id, 'feed.acknowledge', 'denied')).toBe(true);
      expect(seen(SUPERVISOR.id, 'letter.download', 'allowed')).toBe(true);
    });

    it('pages the feed with a cursor, newest first', async () => {
      const { memberId, cm } = await enrolledMember();
      await h.waitForFeed(cm.principal, `?memberId=${memberId}`, (l) => l.length >= 3);
      const first = await h.service.request('GET', `/feed?memberId=${memberId}&limit=1`, {
        principal: cm.principal,
      });
      const page1 = first.body as { items: FeedItemView[]; nextCursor: string };
      expect(page1.items).toHaveLength(1);
      expect(page1.nextCursor).toEqual(expect.any(String));
      const second = await h.service.request(
        'GET',
        `/feed?memberId=${memberId}&limit=1&cursor=${page1.nextCursor}`,
        { principal: cm.principal },
      );
      const page2 = second.body as { items: FeedItemView[] };
      expect(page2.items).toHaveLength(1);
      expect(page2.items[0]!.id).not.toBe(page1.items[0]!.id);
      expect(page2.items[0]!.createdAt <= page1.items[0]!.createdAt).toBe(true);
    });
  });

  describe('clinical status updates', () => {
    it('sends a letter for each update; a changed condition adds a call task that escalates when overdue and closes when recorded', async () => {
      const { memberId, caseId, cm, primaryCare } = await enrolledMember();
      await h.notificationsOf(memberId);
      const summary = 'Weight up 3 kg in five days with ankle edema; short of breath on exertion.';
      await h.publishStatusUpdate(statusUpdate(memberId, caseId, cm.contact, true, summary));
      const records = await h.notificationsOf(memberId, 3);
      const letter = records.map(issued).find((e) => e.kind === 'clinical-status-update')!;
      const call = records.map(issued).find((e) => e.kind === 'condition-change-call')!;
      expect(letter).toMatchObject({ status: 'sent', dueBy: null, pcp: { npi: primaryCare.npi } });
      expect(call).toMatchObject({ status: 'pending', letterUrl: null, caseManager: cm.contact });
      expect(new Date(call.dueBy!).getTime()).toBeGreaterThan(Date.now() - 60000);

      const pdf = await fetchLetter(h.service, letter.letterUrl!, cm.principal);
      const text = (await pdfText(pdf.body)).replace(/\s+/g, ' ');
      expect(text).toContain('Clinical status update');
      expect(text).toContain(summary);
      expect(text).toContain('condition has changed');
      expect(text).toContain(cm.contact.phone!);

      // Overdue (three seconds in the test configuration): escalated to the supervisor's feed.
      const cmItems = await h.waitForFeed(cm.principal, `?memberId=${memberId}`, (l) =>
        l.some((i) => i.kind === 'condition-change-call' && i.status === 'overdue'),
      );
      expect(cmItems.some((i) => i.kind === 'call-escalated')).toBe(false);
      const supItems = await h.waitForFeed(
        SUPERVISOR,
        `?memberId=${memberId}&kind=call-escalated`,
        (l) => l.length === 1,
      );
      expect(supItems[0]).toMatchObject({
        audience: 'supervisor',
        notificationId: call.notificationId,
      });
      const due = await h.feed(
        cm.principal,
        `?kind=condition-change-call&dueBefore=${encodeURIComponent(new Date().toISOString())}&memberId=${memberId}`,
      );
      expect(due).toHaveLength(1);

      const bad = await h.service.request(
        'POST',
        `/notifications/${call.notificationId}/complete`,
        {
          principal: cm.principal,
          body: {},
        },
      );
      expect(bad.status).toBe(400);
      const done = await h.service.request(
        'POST',
        `/notifications/${call.notificationId}/complete`,
        {
          principal: cm.principal,
          body: { notes: 'Spoke with Dr. Reyes; diuretic adjusted, follow-up visit Friday.' },
        },
      );
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ status: 'completed', kind: 'condition-change-call' });
      await h.probe.waitFor(
        (r) =>
          r.key === memberId &&
          issued(r).kind === 'condition-change-call' &&
          issued(r).status === 'completed',
      );
      const again = await h.service.request(
        'POST',
        `/notifications/${call.notificationId}/complete`,
        {
          principal: cm.principal,
          body: { notes: 'again' },
        },
      );
      expect(again.status).toBe(409);
      const notLetter = await h.service.request(
        'POST',
        `/notifications/${letter.notificationId}/complete`,
        {
          principal: cm.principal,
          body: { notes: 'x' },
        },
      );
      expect(notLetter.status).toBe(409);
      await h.waitForFeed(SUPERVISOR, `?memberId=${memberId}`, (l) =>
        l
          .filter((i) => i.notificationId === call.notificationId)
          .every((i) => i.status === 'completed'),
      );
    });

    it('sends only the letter when the condition did not change', async () => {
      const { memberId, caseId, cm } = await enrolledMember();
      await h.notificationsOf(memberId);
      await h.publishStatusUpdate(
        statusUpdate(memberId, caseId, cm.contact, false, 'Stable; attending rehab.'),
      );
      await h.notificationsOf(memberId, 2);
      await new Promise((r) => setTimeout(r, 1500));
      const kinds = h.probe.records.filter((r) => r.key === memberId).map((r) => issued(r).kind);
      expect(kinds.sort()).toEqual(['clinical-status-update', 'enrollment-notice']);
    });
  });

  describe('duplicate status updates', () => {
    it('sends one letter and one call task per update however often it arrives', async () => {
      const { memberId, caseId, cm } = await enrolledMember();
      await h.notificationsOf(memberId);
      const update = statusUpdate(
        memberId,
        caseId,
        cm.contact,
        true,
        'Short of breath at rest since yesterday; home oxygen started.',
      );
      const id = newId('evt');
      await h.publishStatusUpdate(update, id);
      await h.publishStatusUpdate(update, id); // the same event redelivered
      await h.publishStatusUpdate(update); // the same update republished under a new id
      await h.notificationsOf(memberId, 3); // the notice, the update letter, the call task
      await new Promise((r) => setTimeout(r, 2500));
      const kinds = h.probe.records.filter((r) => r.key === memberId).map((r) => issued(r).kind);
      expect(kinds.sort()).toEqual([
        'clinical-status-update',
        'condition-change-call',
        'enrollment-notice',
      ]);
      const rows: { kind: string; n: string; attempts: string }[] = await h.dataSource.query(
        `SELECT n.kind, count(DISTINCT n.notification_id) AS n, count(d.id) AS attempts
           FROM notifications n LEFT JOIN letter_deliveries d USING (notification_id)
          WHERE n.member_id = $1 GROUP BY n.kind ORDER BY n.kind`,
        [memberId],
      );
      expect(rows.map((r) => [r.kind, Number(r.n), Number(r.attempts)])).toEqual([
        ['clinical-status-update', 1, 1],
        ['condition-change-call', 1, 0],
        ['enrollment-notice', 1, 1],
      ]);
      const items = await h.feed(cm.principal, `?memberId=${memberId}`);
      expect(items.filter((i) => i.kind === 'clinical-status-update')).toHaveLength(1);
      expect(items.filter((i) => i.kind === 'condition-change-call')).toHaveLength(1);
    });
  });

  describe('PCP problems', () => {
    it('tells the case manager when no PCP is on file, and sends the notice once coverage names one', async () => {
      const memberId = newMember();
      const caseId = newId('CASE');
      const cm = newCaseManager();
      await h.publishCoverage(coverage(memberId, 1, null));
      await h.publishCase(caseEvent(memberId, caseId, 'enrolled', cm.contact));
      const items = await h.waitForFeed(
        cm.principal,
        `?memberId=${memberId}&kind=pcp-missing`,
        (l) => l.length === 1,
      );
      expect(items[0]!.status).toBe('new');
      expect(h.probe.records.filter((r) => r.key === memberId)).toHaveLength(0);

      const found = pcp(randomNpi(), 'Priya Shah, MD');
      await h.publishCoverage(coverage(memberId, 2, found));
      const [record] = await h.notificationsOf(memberId);
      expect(issued(record!)).toMatchObject({ kind: 'enrollment-notice', pcp: { npi: found.npi } });
      await h.waitForFeed(
        cm.principal,
        `?memberId=${memberId}&kind=pcp-missing`,
        (l) => l[0]?.status === 'completed',
      );
    });

    it('sends the enrollment notice to a new PCP when coverage changes PCP mid-case, and says so in the feed', async () => {
      const first = pcp(randomNpi(), 'Alan Reyes, MD');
      const { memberId, cm } = await enrolledMember(first);
      await h.notificationsOf(memberId);
      const second = pcp(randomNpi(), 'Grace Kim, MD');
      await h.publishCoverage(coverage(memberId, 2, second));
      const records = await h.notificationsOf(memberId, 2);
      expect(records.map((r) => issued(r).pcp?.npi).sort()).toEqual([first.npi, second.npi].sort());
      expect(records.every((r) => issued(r).kind === 'enrollment-notice')).toBe(true);
      const changed = await h.waitForFeed(
        cm.principal,
        `?memberId=${memberId}&kind=pcp-changed`,
        (l) => l.length === 1,
      );
      expect(changed[0]!.title).toContain('Grace Kim, MD');
      expect(changed[0]!.title).toContain('Alan Reyes, MD');
      // An older snapshot arriving late changes nothing.
      await h.publisher.publish(topics.memberCoverage.name, [
        {
          type: topics.memberCoverage.eventType,
          key: memberId,
          data: coverage(memberId, 1, first),
        },
      ]);
      await new Promise((r) => setTimeout(r, 2000));
      expect(h.probe.records.filter((r) => r.key === memberId)).toHaveLength(2);
    });
  });

  describe('live stream', () => {
    it("pushes new items to the stream of the member's case manager only", async () => {
      const mine = newCaseManager();
      const other = newCaseManager();
      const read = async (principal: Principal) => {
        const stream = await openStream(
          h.service,
          (await streamTicket(h.service, principal)).ticket,
        );
        expect(stream.status).toBe(200);
        expect(stream.contentType).toContain('text/event-stream');
        return stream;
      };
      const a = await read(mine.principal);
      const b = await read(other.principal);
      try {
        const memberId = newMember();
        const caseId = newId('CASE');
        await h.publishCase(caseEvent(memberId, caseId, 'identified', mine.contact));
        await waitUntil(async () => a.text().includes(caseId));
        expect(a.text()).toContain('event: item');
        expect(a.text()).toContain('case-identified');
        await new Promise((r) => setTimeout(r, 1000));
        expect(b.text()).not.toContain(caseId);
        const audit: { action: string }[] = await h.dataSource.query(
          `SELECT action FROM audit_log WHERE member_id = $1 AND actor_id = $2`,
          [memberId, mine.principal.id],
        );
        expect(audit.map((x) => x.action)).toContain('feed.stream');
      } finally {
        await a.close();
        await b.close();
      }
    });
  });

  describe('letter templates', () => {
    it('lets an admin change a letter without a release; letters record the template version', async () => {
      const current = await h.service.request('GET', '/letter-templates/enrollment-notice', {
        principal: ADMIN,
      });
      expect(current.status).toBe(200);
      const original = (current.body as { versions: { body: string; version: number }[] })
        .versions[0]!;
      const cm = newCaseManager();
      expect(
        (
          await h.service.request('PUT', '/letter-templates/enrollment-notice', {
            principal: cm.principal,
            body: { body: 'x' },
          })
        ).status,
      ).toBe(403);
      const refused = await h.service.request('PUT', '/letter-templates/enrollment-notice', {
        principal: ADMIN,
        body: { body: 'Dear {{pcp.nickname}}' },
      });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('pcp.nickname');
      const marker = `Program note ${newId('v')}`;
      const saved = await h.service.request('PUT', '/letter-templates/enrollment-notice', {
        principal: ADMIN,
        body: { body: `${original.body}\n\n${marker}\n` },
      });
      expect(saved.status).toBe(200);
      const version = (saved.body as { version: number }).version;
      expect(version).toBe(original.version + 1);
      try {
        const { memberId, cm: owner } = await enrolledMember();
        const [record] = await h.notificationsOf(memberId);
        const letter = await fetchLetter(h.service, issued(record!).letterUrl!, owner.principal);
        const text = (await pdfText(letter.body)).replace(/\s+/g, ' ');
        expect(text).toContain(marker);
        expect(text).toContain(`template enrollment-notice v${version}`);
        const rows: { template_version: number }[] = await h.dataSource.query(
          `SELECT template_version FROM notifications WHERE notification_id = $1`,
          [issued(record!).notificationId],
        );
        expect(rows[0]!.template_version).toBe(version);
      } finally {
        // Put the program's wording back for the next run.
        await h.service.request('PUT', '/letter-templates/enrollment-notice', {
          principal: ADMIN,
          body: { body: original.body },
        });
      }
    });
  });
});
