import {
  caseEvent,
  coverage,
  newCaseManager,
  newId,
  newMember,
  pcp,
  pdfText,
  randomNpi,
  startHarness,
  waitUntil,
  type Harness,
} from './harness';

/** The status update letter's preview: what would be sent, for the caseload only, audited, inert. */
describe('pcp-notification: previewing a status update letter', () => {
  let h: Harness;
  const holder = newCaseManager();
  const stranger = newCaseManager();

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.stop();
  });

  /** A member with coverage (and a PCP, unless `null`) whose case reached `status`. */
  async function caseOf(status: 'identified' | 'enrolled', doctor: string | null) {
    const memberId = newMember();
    const caseId = newId('CASE');
    await h.publishCoverage(coverage(memberId, 1, doctor ? pcp(randomNpi(), doctor) : null));
    await h.publishCase(caseEvent(memberId, caseId, status, holder.contact));
    await waitUntil(
      async () =>
        (
          await h.dataSource.query<unknown[]>(
            `SELECT 1 FROM cases WHERE case_id = $1 AND status = $2`,
            [caseId, status],
          )
        ).length > 0,
    );
    return { memberId, caseId };
  }

  const preview = (
    caseId: string,
    principal = holder.principal,
    summary = 'Stable on the new dose.',
  ) =>
    h.service.request('POST', '/letters/status-update/preview', {
      principal,
      body: { caseId, summary, conditionChanged: true },
    });

  const countOf = async (table: string, memberId: string): Promise<number> =>
    Number(
      (
        await h.dataSource.query<{ n: string }[]>(
          `SELECT count(*) AS n FROM ${table} WHERE member_id = $1`,
          [memberId],
        )
      )[0]!.n,
    );

  it('renders the letter with the current template, the PCP on file and the draft, and records nothing', async () => {
    const { memberId, caseId } = await caseOf('enrolled', 'Grace Hopper, MD');
    const before = {
      notifications: await countOf('notifications', memberId),
      feed: await countOf('feed_items', memberId),
    };
    const summary = `Blood pressure stable on the new dose (${newId('v')}).`;
    const token = await h.service.token(holder.principal);
    const answer = await fetch(`${h.service.baseUrl}/letters/status-update/preview`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ caseId, summary, conditionChanged: true }),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/pdf');
    expect(answer.headers.get('cache-control')).toBe('private, no-store');
    const pdf = Buffer.from(await answer.arrayBuffer());
    const text = await pdfText(pdf);
    expect(text).toContain(summary);
    expect(text).toContain('Grace Hopper, MD');
    expect(text).toContain(holder.contact.name);
    expect(text).toContain('will also call you');
    expect(text).toContain('PREVIEW, not sent');
    // Nothing issued: no notification, no feed item, nothing published.
    expect({
      notifications: await countOf('notifications', memberId),
      feed: await countOf('feed_items', memberId),
    }).toEqual(before);
    const audit = await h.dataSource.query<{ outcome: string; actor_id: string }[]>(
      `SELECT outcome, actor_id FROM audit_log WHERE action = 'letter.preview' AND resource_id = $1`,
      [caseId],
    );
    expect(audit).toEqual([{ outcome: 'allowed', actor_id: holder.principal.id }]);
  });

  it('answers 404 outside the caseload (audited), 409 when no letter would be sent, 400 naming a missing field', async () => {
    const enrolled = await caseOf('enrolled', 'Grace Hopper, MD');
    const outsider = await preview(enrolled.caseId, stranger.principal);
    expect(outsider.status).toBe(404);
    const absent = await preview(newId('CASE'));
    expect(absent.status).toBe(404);
    expect(outsider.body).toMatchObject({ statusCode: 404 });
    const denied = await h.dataSource.query<{ outcome: string }[]>(
      `SELECT outcome FROM audit_log WHERE action = 'letter.preview' AND resource_id = $1 AND actor_id = $2`,
      [enrolled.caseId, stranger.principal.id],
    );
    expect(denied).toEqual([{ outcome: 'denied' }]);

    const identified = await caseOf('identified', 'Grace Hopper, MD');
    const notEnrolled = await preview(identified.caseId);
    expect(notEnrolled.status).toBe(409);
    expect(notEnrolled.body).toMatchObject({ error: 'case-not-enrolled' });

    const noPcp = await caseOf('enrolled', null);
    const missing = await preview(noPcp.caseId);
    expect(missing.status).toBe(409);
    expect(missing.body).toMatchObject({ error: 'pcp-missing' });

    const bad = await h.service.request('POST', '/letters/status-update/preview', {
      principal: holder.principal,
      body: { caseId: enrolled.caseId, conditionChanged: false },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('summary');
  });
});
