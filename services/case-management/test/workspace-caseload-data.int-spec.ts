import { randomUUID } from 'node:crypto';
import { topics } from '@careflow/contracts';
import {
  addDays,
  assignCase,
  daysAgo,
  professionalClaim,
  publish,
  caseManager,
  newId,
  openCaseByReferral,
  publishCoverage,
  span,
  startHarness,
  SUPERVISOR,
  TODAY,
  type Harness,
  type OpenedCase,
} from './harness';

interface Row {
  caseId: string;
  memberId: string;
  name: string | null;
  age: number | null;
  pcp: { name: string; phone: string | null } | null;
  risk: { total: number };
  due: {
    assessmentDueAt: string;
    assessmentPending: boolean;
    assessmentOverdue: boolean;
    callsDue: number;
    nextCallDueBy: string | null;
    lettersFailed: number;
  };
}
interface Page {
  total: number;
  members: Row[];
  nextOffset: number | null;
}

/**
 * What the caseload learns from other services' events: names and birth dates from eligibility's
 * member-coverage snapshots, calls due and failed letters from pcp-notification's
 * `pcp.notifications.v1`; and that paging a large caseload is stable and ordered.
 */
describe('case-management: caseload data from events', () => {
  let h: Harness;
  const mine = newId('cm');
  const theirs = newId('cm');
  let named: OpenedCase;
  let others: OpenedCase;

  beforeAll(async () => {
    h = await startHarness();
    for (const id of [mine, theirs]) {
      const added = await h.service.request('POST', '/case-managers', {
        principal: SUPERVISOR,
        body: { id, name: `Nurse ${id}`, phone: null, email: null, capacity: 500 },
      });
      expect(added.status).toBe(201);
    }
    named = await openCaseByReferral(h);
    others = await openCaseByReferral(h);
    await assignCase(h, mine, named.caseId);
    await assignCase(h, theirs, others.caseId);
  });

  afterAll(async () => {
    await h.stop();
  });

  const page = async (cm: string, query = ''): Promise<Page> => {
    const r = await h.service.request('GET', `/workspace/caseload${query}`, {
      principal: caseManager(cm),
    });
    expect(r.status).toBe(200);
    return r.body as Page;
  };
  const rowOf = async (cm: string, caseId: string): Promise<Row | undefined> =>
    (await page(cm, '?limit=200')).members.find((m) => m.caseId === caseId);
  /** Polls the caseload until the row satisfies `done` (events arrive asynchronously). */
  const eventually = async (cm: string, caseId: string, done: (r: Row) => boolean) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const row = await rowOf(cm, caseId);
      if (row && done(row)) return row;
      if (Date.now() > deadline) throw new Error(`row never matched: ${JSON.stringify(row)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  it('shows the name and age a member-coverage event carried', async () => {
    expect((await rowOf(mine, named.caseId))?.name).toBeNull();
    const birthDate = addDays(TODAY, -(70 * 365 + 30)); // 70 years and some days ago
    await h.publisher.publish(topics.memberCoverage.name, [
      {
        type: topics.memberCoverage.eventType,
        key: named.memberId,
        data: {
          memberId: named.memberId,
          spans: [
            span({
              pcp: {
                npi: '1457389201',
                name: 'Alan Reyes, MD',
                phone: '313-555-0100',
                fax: null,
                address: null,
              },
            }),
          ],
          version: 2,
          member: { firstName: 'Rosa', lastName: 'Delgado', birthDate },
        },
      },
    ]);
    const row = await eventually(mine, named.caseId, (r) => r.name !== null);
    expect(row.name).toBe('Rosa Delgado');
    expect(row.age).toBe(70);
    expect(row.pcp).toEqual({ npi: '1457389201', name: 'Alan Reyes, MD', phone: '313-555-0100' });
    expect(row.due).toMatchObject({ assessmentPending: true, assessmentOverdue: false });
    // The assessment is due by the end of the 30th plan day after identification.
    expect(new Date(row.due.assessmentDueAt).getTime()).toBeGreaterThan(
      new Date(`${addDays(TODAY, 29)}T23:59:59Z`).getTime() - 86_400_000,
    );

    // An older snapshot with another name does not replace the newer one.
    await publishCoverage(h, named.memberId, [span()], 1);
    const view = await h.service.request('GET', `/workspace/cases/${named.caseId}`, {
      principal: caseManager(mine),
    });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ case: { name: 'Rosa Delgado', age: 70 } });
  });

  it('counts calls due and letters failed from pcp.notifications.v1', async () => {
    const call = `ntf-${randomUUID()}`;
    const letter = `ntf-${randomUUID()}`;
    const dueBy = new Date(Date.now() + 48 * 3600_000).toISOString();
    const notification = (id: string, kind: string, status: string, extra = {}) => ({
      type: topics.pcpNotifications.eventType,
      key: named.memberId,
      data: {
        notificationId: id,
        memberId: named.memberId,
        caseId: named.caseId,
        kind,
        pcp: { npi: '1457389201', name: 'Alan Reyes, MD' },
        caseManager: null,
        letterUrl: kind === 'condition-change-call' ? null : `/notifications/${id}/letter.pdf`,
        dueBy: kind === 'condition-change-call' ? dueBy : null,
        status,
        ...extra,
      },
    });
    await h.publisher.publish(topics.pcpNotifications.name, [
      notification(call, 'condition-change-call', 'pending'),
      notification(letter, 'clinical-status-update', 'pending', {
        delivery: { status: 'failed', attempts: 5 },
      }),
    ]);
    const row = await eventually(mine, named.caseId, (r) => r.due.callsDue === 1);
    expect(row.due).toMatchObject({ callsDue: 1, nextCallDueBy: dueBy, lettersFailed: 1 });

    await h.publisher.publish(topics.pcpNotifications.name, [
      notification(call, 'condition-change-call', 'completed'),
    ]);
    const after = await eventually(mine, named.caseId, (r) => r.due.callsDue === 0);
    expect(after.due).toMatchObject({ nextCallDueBy: null, lettersFailed: 1 });
  });

  it('scores a case again when its profile changes after the caseload was read', async () => {
    const before = await rowOf(mine, named.caseId);
    expect(before?.risk.total).toBe(0);
    await publish(h, 'claims.medical.v1', [
      professionalClaim(named.memberId, daysAgo(20), ['I5023', 'N186']),
    ]);
    // Heart failure (2) and end-stage renal disease (1): the stored total is stale and rescored.
    const after = await eventually(mine, named.caseId, (r) => r.risk.total > 0);
    expect(after.risk.total).toBe(3);
    // Stored with the profile version it was scored from, so the next read does not score it again.
    const stored = await h.dataSource.query<{ risk_total: number; current: boolean }[]>(
      `SELECT c.risk_total, c.risk_profile_updated_at = p.updated_at AS current
         FROM cases c JOIN clinical_profiles p USING (member_id) WHERE c.case_id = $1`,
      [named.caseId],
    );
    expect(stored).toEqual([{ risk_total: 3, current: true }]);
  });

  it("never shows a case manager another's member, in the caseload or the case view", async () => {
    const own = await page(theirs, '?limit=200');
    expect(own.members.map((m) => m.memberId)).toEqual([others.memberId]);
    expect((await page(mine, '?limit=200')).members.map((m) => m.memberId)).not.toContain(
      others.memberId,
    );
    const refused = await h.service.request('GET', `/workspace/cases/${others.caseId}`, {
      principal: caseManager(mine),
    });
    expect(refused.status).toBe(404);
  });

  it('pages a large caseload in one stable order without gaps or repeats', async () => {
    const big = newId('cm');
    await h.dataSource.query(
      // Inactive: the roster assigns no new case to them while the test runs.
      `INSERT INTO case_managers (id, name, capacity, active) VALUES ($1, $2, 1000, false)`,
      [big, 'Nurse Many'],
    );
    // 240 open cases (a few due on the same instant, so the case id breaks ties), 10 closed.
    const base = Date.now() + 86_400_000;
    await h.dataSource.query(
      `INSERT INTO cases (case_id, member_id, status, identification_sources, criteria_met, case_manager_id,
                          opened_at, assessment_due_at, updated_at)
       SELECT 'CASE-' || $2 || '-' || lpad(i::text, 4, '0'), 'M-' || $2 || '-' || i,
              CASE WHEN i <= 10 THEN 'closed' WHEN i % 7 = 0 THEN 'enrolled' ELSE 'identified' END,
              '{member-self}', '{}', $1, now(),
              to_timestamp(($3::bigint + (i % 40) * 3600000) / 1000.0), now()
         FROM generate_series(1, 250) AS i`,
      [big, randomUUID().slice(0, 8), base],
    );
    const seen: Row[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const p: Page = await page(big, `?limit=37&offset=${offset}`);
      expect(p.total).toBe(240);
      seen.push(...p.members);
      offset = p.nextOffset;
    }
    expect(seen).toHaveLength(240);
    expect(new Set(seen.map((r) => r.caseId)).size).toBe(240);
    // Nothing due (enrolled) after everything due; due soonest first; then the case id.
    const key = (r: Row) =>
      `${r.due.assessmentPending ? new Date(r.due.assessmentDueAt).getTime() : 9e15}|${r.caseId}`;
    const keys = seen.map(key);
    expect(keys).toEqual([...keys].sort());
    const again = await page(big, '?limit=200');
    expect(again.members.map((r) => r.caseId)).toEqual(seen.slice(0, 200).map((r) => r.caseId));
    // Closed again, so the unassigned queue (cases of inactive case managers) of other suites
    // sharing this database does not list them.
    await h.dataSource.query(
      `UPDATE cases SET status = 'closed', closed_at = now() WHERE case_manager_id = $1`,
      [big],
    );
  });
});
