import type { Principal } from '@careflow/platform';
import { overdueAlerts, recordedDetermination, storedDecision } from '../src/http/answers';
import {
  admin,
  decidedRequest,
  integrator,
  noVendors,
  otherVendor,
  paRequest,
  span,
  startHarness,
  supervisor,
  type Harness,
} from './harness';

interface AuditRow {
  action: string;
  actor_id: string;
  outcome: string;
}

describe('authorization-routing: integrators scoped to their vendors, determinations kept', () => {
  let h: Harness;
  let requestId: string;
  let memberId: string;

  beforeAll(async () => {
    h = await startHarness();
    // Received ten days ago: past its deadline, so it is an overdue alert.
    const decided = await decidedRequest(
      h,
      [span({ lineOfBusiness: 'medicare-plus-blue' })],
      new Date(Date.now() - 10 * 86_400_000).toISOString(),
    );
    ({ memberId } = decided);
    requestId = decided.request.requestId;
    const { decision } = decided;
    expect(decision.vendor?.id).toBe('aim-specialty-health');
  });

  afterAll(async () => {
    await h.stop();
  });

  const auditOf = (actor: string, action: string): Promise<AuditRow[]> =>
    h.dataSource.query(
      `SELECT action, actor_id, outcome FROM audit_log
        WHERE resource_id = $1 AND actor_id = $2 AND action = $3 ORDER BY id`,
      [requestId, actor, action],
    );

  it("answers another vendor's request as unknown (404), audited as denied", async () => {
    const own = await h.service.request('GET', `/pa-requests/${requestId}/decision`, {
      principal: integrator,
    });
    expect(own.status).toBe(200);
    for (const principal of [otherVendor, noVendors]) {
      const r = await h.service.request('GET', `/pa-requests/${requestId}/decision`, {
        principal,
      });
      expect(r.status).toBe(404);
      expect(r.body).toMatchObject({ status: 'unknown' });
      expect(JSON.stringify(r.body)).not.toContain(memberId);
      expect(await auditOf(principal.id, 'pa-decision.read')).toEqual([
        { action: 'pa-decision.read', actor_id: principal.id, outcome: 'denied' },
      ]);
    }
  });

  it("lists only the integrator's vendors' overdue alerts; none without a vendors claim", async () => {
    const alertsOf = async (principal: Principal): Promise<string[]> => {
      const r = await h.service.request('GET', '/alerts/overdue?limit=1000', { principal });
      expect(r.status).toBe(200);
      const alerts = overdueAlerts.parse(r.body).alerts;
      if (principal.roles.includes('integrator')) {
        for (const a of alerts) expect(principal.vendors ?? []).toContain(a.vendorId);
      }
      return alerts.map((a) => a.requestId);
    };
    expect(await alertsOf(integrator)).toContain(requestId);
    expect(await alertsOf(supervisor)).toContain(requestId);
    expect(await alertsOf(otherVendor)).not.toContain(requestId);
    expect(await alertsOf(noVendors)).toEqual([]);
  });

  it("refuses a simulation routed to another vendor's with 404", async () => {
    const body = paRequest(memberId);
    const own = await h.service.request('POST', '/routing/simulate', {
      principal: integrator,
      body,
    });
    expect(own.status).toBe(200);
    for (const principal of [otherVendor, noVendors]) {
      const r = await h.service.request('POST', '/routing/simulate', { principal, body });
      expect(r.status).toBe(404);
      expect(JSON.stringify(r.body)).not.toContain('aim-specialty-health');
    }
  });

  it('records a determination once; a second is 409 unless a supervisor gives a reason', async () => {
    const path = `/pa-requests/${requestId}/determination`;
    const outsider = await h.service.request('POST', path, {
      principal: otherVendor,
      body: { determination: 'denied', date: '2026-01-09' },
    });
    expect(outsider.status).toBe(404);

    const first = await h.service.request('POST', path, {
      principal: integrator,
      body: { determination: 'approved', date: '2026-01-10' },
    });
    expect(first.status).toBe(200);
    expect(recordedDetermination.parse(first.body)).toMatchObject({ replaced: false });

    for (const [principal, body] of [
      [integrator, { determination: 'denied', date: '2026-01-11' }],
      [admin, { determination: 'denied', date: '2026-01-11', reason: 'vendor corrected it' }],
      [supervisor, { determination: 'denied', date: '2026-01-11' }],
    ] as const) {
      const again = await h.service.request('POST', path, { principal, body });
      expect(again.status).toBe(409);
    }
    const kept = await h.service.request('GET', `/pa-requests/${requestId}/decision`, {
      principal: supervisor,
    });
    expect(storedDecision.parse(kept.body).determination).toMatchObject({
      determination: 'approved',
      recordedBy: integrator.id,
    });

    const reason = 'Vendor reversed on appeal (case 4411).';
    const override = await h.service.request('POST', path, {
      principal: supervisor,
      body: { determination: 'denied', date: '2026-01-12', reason },
    });
    expect(override.status).toBe(200);
    expect(override.body).toMatchObject({ replaced: true, reason, recordedBy: supervisor.id });
    const after = await h.service.request('GET', `/pa-requests/${requestId}/decision`, {
      principal: admin,
    });
    expect(storedDecision.parse(after.body).determination).toMatchObject({
      determination: 'denied',
      date: '2026-01-12',
      recordedBy: supervisor.id,
    });
    const kept2: Record<string, unknown>[] = await h.dataSource.query(
      `SELECT previous_determination, to_char(previous_date, 'YYYY-MM-DD') AS previous_date,
              previous_recorded_by, determination, reason, overridden_by
         FROM determination_overrides WHERE request_id = $1`,
      [requestId],
    );
    expect(kept2).toEqual([
      {
        previous_determination: 'approved',
        previous_date: '2026-01-10',
        previous_recorded_by: integrator.id,
        determination: 'denied',
        reason,
        overridden_by: supervisor.id,
      },
    ]);
    expect(await auditOf(supervisor.id, 'pa-determination.override')).toEqual([
      { action: 'pa-determination.override', actor_id: supervisor.id, outcome: 'allowed' },
    ]);
    expect(await auditOf(integrator.id, 'pa-determination.record')).toEqual([
      { action: 'pa-determination.record', actor_id: integrator.id, outcome: 'allowed' },
      { action: 'pa-determination.record', actor_id: integrator.id, outcome: 'denied' },
    ]);
    await expect(
      h.dataSource.query(`DELETE FROM determination_overrides WHERE request_id = $1`, [requestId]),
    ).rejects.toThrow(/append-only/);
  });
});
