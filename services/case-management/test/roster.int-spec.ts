import {
  caseEventWhere,
  caseManager,
  coverMember,
  daysAgo,
  encounter,
  newId,
  newMember,
  publish,
  startHarness,
  SUPERVISOR,
  type Harness,
} from './harness';

/** The roster API and the unassigned queue. */
describe('case-management roster and unassigned queue (real broker and database)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.stop();
  });

  it('a supervisor adds a case manager, deactivates one (their open case joins the queue) and assigns from the queue; a case manager may not', async () => {
    const m = newMember();
    await coverMember(h, m);
    await publish(h, 'encounters.v1', [
      encounter(m, daysAgo(90), ['E119', 'I10', 'J449', 'I5023']),
    ]);
    const opened = await caseEventWhere(h, m, (c) => c.status === 'identified');
    const owner = opened.caseManager!.id;
    const id = newId('cm');
    const body = { id, name: 'Lena Ortiz, RN', phone: '313-555-0101', email: null, capacity: 40 };

    const forbidden = await h.service.request('POST', '/case-managers', {
      principal: caseManager('cm-001'),
      body,
    });
    expect(forbidden.status).toBe(403);
    const added = await h.service.request('POST', '/case-managers', {
      principal: SUPERVISOR,
      body,
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ id, active: true, openCases: 0 });
    expect(
      (await h.service.request('POST', '/case-managers', { principal: SUPERVISOR, body })).status,
    ).toBe(409);

    const deactivate = (active: boolean) =>
      h.service.request('PATCH', `/case-managers/${owner}`, {
        principal: SUPERVISOR,
        body: { active },
      });
    expect((await deactivate(false)).body).toMatchObject({ id: owner, active: false });
    try {
      const queue = await h.service.request('GET', '/case-managers/unassigned-cases', {
        principal: SUPERVISOR,
      });
      expect((queue.body as { cases: { caseId: string }[] }).cases.map((c) => c.caseId)).toContain(
        opened.caseId,
      );
      const toInactive = await h.service.request('POST', `/case-managers/${owner}/cases`, {
        principal: SUPERVISOR,
        body: { caseId: opened.caseId },
      });
      expect(toInactive.status).toBe(409);
      expect(toInactive.body).toMatchObject({ error: 'case-manager-not-active' });
      const assigned = await h.service.request('POST', `/case-managers/${id}/cases`, {
        principal: SUPERVISOR,
        body: { caseId: opened.caseId },
      });
      expect(assigned.status).toBe(200);
      expect(assigned.body).toMatchObject({ caseId: opened.caseId, caseManager: { id } });
      const published = await caseEventWhere(h, m, (c) => c.caseManager?.id === id);
      expect(published.caseManager).toEqual({
        id,
        name: 'Lena Ortiz, RN',
        phone: '313-555-0101',
        email: null,
      });
      const audited = await h.dataSource.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM audit_log WHERE action = 'case.assign' AND resource_id = $1`,
        [opened.caseId],
      );
      expect(Number(audited[0]?.n)).toBe(2); // the refused attempt and the assignment
    } finally {
      await deactivate(true);
    }
  });
});
