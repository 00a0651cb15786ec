import {
  overdueAlerts,
  recordedDetermination,
  simulatedDecision,
  storedDecision,
} from '../src/http/answers';
import { randomUUID } from 'node:crypto';
import { PlanCalendar, type PaRoutingDecision } from '@careflow/contracts';
import { AuditLog } from '@careflow/platform';
import { miUm20252Document, michiganDateOf } from '@careflow/michigan-policy';
import { PolicyStore } from '../src/policies/policy-store';
import { PolicyVersionRepository } from '../src/policies/policy-version.repository';
import { replayPolicy } from '../src/replay/replay';

const CALENDAR = new PlanCalendar('America/Detroit');
import {
  admin,
  caseManager,
  coverageArrived,
  decisionOf,
  integrator,
  isDecisionFor,
  newMember,
  paRequest,
  publishCoverage,
  publishRequest,
  sleep,
  span,
  startHarness,
  supervisor,
  type Harness,
} from './harness';

type Doc = Record<string, unknown> & {
  version: string;
  effectiveFrom: string;
  rules: { id: string; then: Record<string, unknown> }[];
};

/** A copy of the current bundled policy as JSON, not a revision, changed by `change`. */
function policyWith(change: (doc: Doc) => void): Doc {
  const doc = JSON.parse(JSON.stringify(miUm20252Document)) as Doc;
  delete doc['supersedes'];
  delete doc['adoptedOn'];
  delete doc['changeLog'];
  change(doc);
  return doc;
}

/** AIM's Blue Cross commercial fully insured rule sent to the Pharmacy departments instead. */
function aimRuleChanged(doc: Doc): void {
  const rule = doc.rules.find((r) => r.id === 'aim.bcc.fully-insured')!;
  rule.then = { kind: 'route', vendorId: 'bcbsm-bcn-pharmacy', channel: 'novologix' };
}

describe('authorization-routing over HTTP', () => {
  let h: Harness;
  const testVersions: string[] = [];

  beforeAll(async () => {
    h = await startHarness({ OVERDUE_CHECK_MS: '1000' });
  });

  afterAll(async () => {
    if (testVersions.length > 0) {
      await h.dataSource.query(`DELETE FROM policy_versions WHERE version = ANY($1::text[])`, [
        testVersions,
      ]);
    }
    await h.stop();
  });

  describe('auth', () => {
    it('answers 401 without a token and 403 for a case manager on simulate', async () => {
      expect((await h.service.request('GET', '/policies/active')).status).toBe(401);
      expect(
        (await h.service.request('POST', '/routing/simulate', { body: paRequest(newMember()) }))
          .status,
      ).toBe(401);
      const forbidden = await h.service.request('POST', '/routing/simulate', {
        principal: caseManager,
        body: paRequest(newMember()),
      });
      expect(forbidden.status).toBe(403);
      expect(
        (
          await h.service.request('GET', '/pa-requests/PA-x/decision', {
            principal: caseManager,
          })
        ).status,
      ).toBe(403);
      expect(
        (await h.service.request('POST', '/policies', { principal: integrator, body: {} })).status,
      ).toBe(403);
    });
  });

  describe('simulate', () => {
    it('answers the decision with a coverage override and publishes nothing', async () => {
      const req = paRequest(newMember());
      const r = await h.service.request('POST', '/routing/simulate', {
        principal: integrator,
        body: {
          ...req,
          coverage: {
            lineOfBusiness: 'medicare-plus-blue',
            fundingType: 'self-funded',
            group: { id: 'uaw-retiree-trust', name: 'UAW Retiree Medical Benefits Trust' },
            pharmacyBenefitAdministrator: 'express-scripts',
            effectiveDate: '2025-01-01',
          },
        },
      });
      expect(r.status).toBe(200);
      const body = r.body as PaRoutingDecision & { coverageSource: string };
      expect(body.requestId).toBe(req.requestId);
      expect(body.outcome).toBe('routed');
      expect(body.vendor?.id).toBe('aim-specialty-health');
      expect(body.dueBy).not.toBeNull();
      expect(body.coverageSource).toBe('override');
      expect(simulatedDecision.parse(r.body)).toEqual(r.body); // what OpenAPI documents
      await sleep(1500);
      expect(h.probe.records.filter(isDecisionFor(req.requestId))).toHaveLength(0);
      const stored = await h.service.request('GET', `/pa-requests/${req.requestId}/decision`, {
        principal: supervisor,
      });
      expect(stored.status).toBe(404);
      expect((stored.body as { status: string }).status).toBe('unknown');
    });

    it("uses the member's coverage from the read model, and says when none was received", async () => {
      const member = newMember();
      await publishCoverage(h, member, [span({ lineOfBusiness: 'bcn-advantage' })]);
      await coverageArrived(h, member);
      const known = await h.service.request('POST', '/routing/simulate', {
        principal: supervisor,
        body: paRequest(member, { requestingProvider: { npi: '1902837465', state: 'IN' } }),
      });
      expect(known.status).toBe(200);
      expect((known.body as PaRoutingDecision).vendor?.id).toBe('aim-specialty-health');
      expect((known.body as PaRoutingDecision).resources.length).toBeGreaterThan(0);
      const unknown = await h.service.request('POST', '/routing/simulate', {
        principal: admin,
        body: paRequest(newMember()),
      });
      expect(unknown.status).toBe(200);
      expect((unknown.body as PaRoutingDecision).outcome).toBe('not-eligible');
      expect((unknown.body as PaRoutingDecision).ruleTrace[0]).toBe('coverage.unknown-member');
    });

    it('answers 400 naming the fields at fault', async () => {
      const r = await h.service.request('POST', '/routing/simulate', {
        principal: integrator,
        body: {
          ...paRequest(newMember()),
          drug: { code: 'not-a-code', codeSystem: 'HCPCS' },
          urgency: 'soon',
        },
      });
      expect(r.status).toBe(400);
      const paths = (r.body as { issues: { path: string }[] }).issues.map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(['drug.code', 'urgency']));
    });
  });

  describe('stored decisions, determinations and overdue alerts', () => {
    it('serves a stored decision with an audit entry', async () => {
      const member = newMember();
      await publishCoverage(h, member, [span()]);
      await coverageArrived(h, member);
      const req = paRequest(member);
      await publishRequest(h, req);
      const published = await decisionOf(h, req.requestId);
      const r = await h.service.request('GET', `/pa-requests/${req.requestId}/decision`, {
        principal: integrator,
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        ...published,
        coverageStatus: 'covered',
        determination: null,
      });
      expect(storedDecision.parse(r.body)).toEqual(r.body); // what OpenAPI documents
      const audit = await h.service.app.get(AuditLog).forMember(member);
      expect(audit[0]).toMatchObject({
        action: 'pa-decision.read',
        actor_id: integrator.id,
        outcome: 'allowed',
      });
    });

    it('lists a routed decision past its deadline until a determination is recorded', async () => {
      const member = newMember();
      await publishCoverage(h, member, [span({ lineOfBusiness: 'medicare-plus-blue' })]);
      await coverageArrived(h, member);
      const req = paRequest(member);
      // Received ten days ago: the 72-hour Part B deadline has passed.
      await publishRequest(h, req, {
        time: new Date(Date.now() - 10 * 86_400_000).toISOString(),
      });
      const decision = await decisionOf(h, req.requestId);
      expect(decision.outcome).toBe('routed');
      expect(Date.parse(decision.dueBy!)).toBeLessThan(Date.now());

      const overdue = async (): Promise<string[]> => {
        const r = await h.service.request('GET', '/alerts/overdue?limit=1000', {
          principal: supervisor,
        });
        expect(r.status).toBe(200);
        return overdueAlerts.parse(r.body).alerts.map((a) => a.requestId);
      };
      expect(await overdue()).toContain(req.requestId);

      const invalid = await h.service.request(
        'POST',
        `/pa-requests/${req.requestId}/determination`,
        {
          principal: integrator,
          body: { determination: 'maybe', date: '2026-01-10' },
        },
      );
      expect(invalid.status).toBe(400);
      const unknown = await h.service.request(
        'POST',
        `/pa-requests/PA-none-${randomUUID()}/determination`,
        {
          principal: integrator,
          body: { determination: 'approved', date: '2026-01-10' },
        },
      );
      expect(unknown.status).toBe(404);

      const recorded = await h.service.request(
        'POST',
        `/pa-requests/${req.requestId}/determination`,
        { principal: integrator, body: { determination: 'approved', date: '2026-01-10' } },
      );
      expect(recorded.status).toBe(200);
      expect(recordedDetermination.parse(recorded.body)).toEqual(recorded.body);
      expect(await overdue()).not.toContain(req.requestId);
      const stored = await h.service.request('GET', `/pa-requests/${req.requestId}/decision`, {
        principal: admin,
      });
      expect(storedDecision.parse(stored.body).determination).toMatchObject({
        determination: 'approved',
        date: '2026-01-10',
        recordedBy: integrator.id,
      });
    });
  });

  describe('policy versions', () => {
    it('shows the version deciding today, a revision with what it changed, and the one before it', async () => {
      const r = await h.service.request('GET', '/policies/active?on=2025-06-01', {
        principal: caseManager,
      });
      expect(r.status).toBe(200);
      const body = r.body as {
        version: string;
        status: string;
        activeFrom: string;
        decidedOn: string;
        policy: {
          rules: { id: string; source: string[] }[];
          supersedes?: string;
          changeLog?: unknown[];
        };
      };
      // Decided today (2026-12-07 or later): the revision, for a 2025 date of service too.
      expect(body).toMatchObject({ version: 'mi-um-2025.2', activeFrom: '2026-12-07' });
      expect(body.decidedOn).toBe(michiganDateOf(new Date()));
      expect(body.policy.supersedes).toBe('mi-um-2025.1');
      expect(body.policy.changeLog).toHaveLength(2);
      const before = await h.service.request(
        'GET',
        '/policies/active?on=2025-06-01&decidedOn=2026-12-06',
        { principal: caseManager },
      );
      expect(before.body).toMatchObject({ version: 'mi-um-2025.1', activeFrom: '2025-01-01' });
      expect(body.status).toBe('active');
      expect(body.policy.rules.length).toBeGreaterThan(10);
      expect(body.policy.rules[0]!.source.length).toBeGreaterThan(0);
      expect(
        (await h.service.request('GET', '/policies/active?on=2025-13-01', { principal: admin }))
          .status,
      ).toBe(400);
    });

    it('puts back the library document of a bundled version changed in the database', async () => {
      const { MI_UM_2025_1 } = await import('@careflow/michigan-policy');
      const repository = h.service.app.get(PolicyVersionRepository);
      expect(await repository.seedBundled(MI_UM_2025_1)).toBe('unchanged');
      // As a database seeded while mi-um-2025.1 was changed in place holds it.
      await h.dataSource.query(
        `UPDATE policy_versions SET document = jsonb_set(document, '{rules,0,description}', '"changed in place"')
          WHERE version = 'mi-um-2025.1'`,
      );
      expect(await repository.seedBundled(MI_UM_2025_1)).toBe('document-restored');
      const [row]: { description: string; active_from: string }[] = await h.dataSource.query(
        `SELECT document->'rules'->0->>'description' AS description, to_char(active_from, 'YYYY-MM-DD') AS active_from
           FROM policy_versions WHERE version = 'mi-um-2025.1'`,
      );
      expect(row).toEqual({
        description: MI_UM_2025_1.rules[0]!.description,
        active_from: '2025-01-01',
      });
      expect(await repository.seedBundled(MI_UM_2025_1)).toBe('unchanged');
    });

    it('refuses an invalid document with the validation errors', async () => {
      const r = await h.service.request('POST', '/policies', {
        principal: admin,
        body: policyWith((doc) => {
          doc.version = 'Not A Version';
          doc.rules[0]!.then = { kind: 'route', vendorId: 'nobody', channel: 'novologix' };
        }),
      });
      expect(r.status).toBe(400);
      const issues = (r.body as { issues: string[] }).issues.join('\n');
      expect(issues).toMatch(/^version: /m);
      expect(issues).toMatch(/rules\.0\.then/);
      const orphan = await h.service.request('POST', '/policies', {
        principal: admin,
        body: policyWith((doc) => {
          doc.version = 'test-orphan-2025.3';
          doc['supersedes'] = 'mi-um-2025.7';
          doc['adoptedOn'] = '2027-01-01';
          doc['changeLog'] = [{ change: 'A revision of nothing.', why: 'To test the refusal.' }];
        }),
      });
      expect(orphan.status).toBe(400);
      expect((orphan.body as { issues: unknown[] }).issues).toEqual([
        { path: 'supersedes', message: 'not a stored policy version' },
      ]);
    });

    it('adds a candidate, activates it from a day, and routes requests received from that day with it', async () => {
      const year = 2090 + Math.floor(Math.random() * 900);
      const from = `${year}-03-01`;
      const version = `test-${randomUUID().slice(0, 8)}-${year}.1`;
      testVersions.push(version);
      const doc = policyWith((d) => {
        d.version = version;
        d.effectiveFrom = from;
        aimRuleChanged(d);
      });
      const added = await h.service.request('POST', '/policies', { principal: admin, body: doc });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ version, status: 'candidate' });
      expect(
        (await h.service.request('POST', '/policies', { principal: admin, body: doc })).status,
      ).toBe(409);
      // A candidate is not in force.
      const before = await h.service.request(
        'GET',
        `/policies/active?on=${year}-06-01&decidedOn=${year}-06-01`,
        {
          principal: admin,
        },
      );
      expect((before.body as { version: string }).version).not.toBe(version);
      expect(
        (
          await h.service.request('POST', `/policies/${version}/activate`, {
            principal: admin,
            body: { effectiveFrom: `${year}-02-01` },
          })
        ).status,
      ).toBe(400);
      const activated = await h.service.request('POST', `/policies/${version}/activate`, {
        principal: admin,
        body: {},
      });
      expect(activated.status).toBe(200);
      expect(activated.body).toMatchObject({ version, status: 'active', activeFrom: from });
      const after = await h.service.request(
        'GET',
        `/policies/active?on=${year}-06-01&decidedOn=${year}-06-01`,
        {
          principal: admin,
        },
      );
      expect((after.body as { version: string }).version).toBe(version);
      // Who changed the policy, which version, when (the entry's time), and what took effect.
      const changes: { action: string; resource_id: string; actor_id: string; outcome: string }[] =
        await h.dataSource.query(
          `SELECT action, resource_id, actor_id, outcome FROM audit_log
            WHERE resource_type = 'routing-policy' AND resource_id LIKE $1 ORDER BY id`,
          [`${version}%`],
        );
      expect(changes).toEqual([
        { action: 'policy.add', resource_id: version, actor_id: admin.id, outcome: 'allowed' },
        { action: 'policy.add', resource_id: version, actor_id: admin.id, outcome: 'denied' },
        {
          action: 'policy.activate',
          resource_id: `${version}@${from}`,
          actor_id: admin.id,
          outcome: 'allowed',
        },
      ]);
      const earlier = await h.service.request(
        'GET',
        `/policies/active?on=${year}-06-01&decidedOn=${year}-02-28`,
        {
          principal: admin,
        },
      );
      expect((earlier.body as { version: string }).version).not.toBe(version);

      // The simulation decides as if on its received day: the version activated by then.
      const simulate = async (receivedAt: string): Promise<PaRoutingDecision> => {
        const r = await h.service.request('POST', '/routing/simulate', {
          principal: admin,
          body: {
            ...paRequest(newMember(), { dateOfService: `${year}-06-10` }),
            receivedAt,
            coverage: {
              lineOfBusiness: 'blue-cross-commercial',
              fundingType: 'fully-insured',
              group: { id: 'acme', name: 'Acme' },
              effectiveDate: '2025-01-01',
            },
          },
        });
        expect(r.status).toBe(200);
        return r.body as PaRoutingDecision;
      };
      const underNew = await simulate(`${year}-06-01T15:00:00Z`);
      expect(underNew.policyVersion).toBe(version);
      expect(underNew.vendor?.id).toBe('bcbsm-bcn-pharmacy');
      expect((await simulate(`2026-06-01T15:00:00Z`)).policyVersion).toBe('mi-um-2025.1');
      expect((await simulate(`2026-12-07T15:00:00Z`)).policyVersion).toBe('mi-um-2025.2');
      expect(
        (
          await h.service.request('POST', `/policies/nope-2099.1/activate`, {
            principal: admin,
            body: {},
          })
        ).status,
      ).toBe(404);
      await h.dataSource.query(`DELETE FROM policy_versions WHERE version = $1`, [version]);
      await h.service.app.get(PolicyStore).refresh();
    });
  });

  describe('policy revisions at run time', () => {
    it('a version activated later for the same dates of service supersedes; one that would slip in behind is refused', async () => {
      const year = 2090 + Math.floor(Math.random() * 900);
      const tag = randomUUID().slice(0, 8);
      const [first, second, late] = ['1', '2', '3'].map((n) => `test-${tag}-${year}.${n}`);
      testVersions.push(first!, second!, late!);
      const add = async (version: string): Promise<void> => {
        const doc = policyWith((d) => {
          d.version = version;
          d.effectiveFrom = `${year}-03-01`;
        });
        expect(
          (await h.service.request('POST', '/policies', { principal: admin, body: doc })).status,
        ).toBe(201);
      };
      const activate = async (version: string, from: string): Promise<number> =>
        (
          await h.service.request('POST', `/policies/${version}/activate`, {
            principal: admin,
            body: { effectiveFrom: from },
          })
        ).status;
      const deciding = async (decidedOn: string): Promise<string> =>
        (
          (
            await h.service.request(
              'GET',
              `/policies/active?on=${year}-06-01&decidedOn=${decidedOn}`,
              { principal: admin },
            )
          ).body as { version: string }
        ).version;
      for (const v of [first!, second!, late!]) await add(v);
      expect(await activate(first!, `${year}-03-01`)).toBe(200);
      expect(await activate(second!, `${year}-04-01`)).toBe(200);
      expect(await deciding(`${year}-03-31`)).toBe(first);
      expect(await deciding(`${year}-04-01`)).toBe(second);
      // Activated from a day before the second's: it would never decide from now on.
      const refused = await h.service.request('POST', `/policies/${late}/activate`, {
        principal: admin,
        body: { effectiveFrom: `${year}-03-20` },
      });
      expect(refused.status).toBe(409);
      expect((refused.body as { message: string }).message).toContain(
        `${second}, for the same dates of service (from ${year}-03-01), is active from ${year}-04-01`,
      );
      expect(await deciding(`${year}-04-02`)).toBe(second);
      await h.dataSource.query(`DELETE FROM policy_versions WHERE version = ANY($1::text[])`, [
        [first, second, late],
      ]);
      await h.service.app.get(PolicyStore).refresh();
    });
  });

  describe('replay', () => {
    it('reports the recorded decisions a candidate policy would change', async () => {
      const member = newMember();
      await publishCoverage(h, member, [span()]);
      await coverageArrived(h, member);
      const oncology = paRequest(member);
      const pharmacy = paRequest(member, {
        benefit: 'pharmacy',
        drug: { code: '00071-0155-23', codeSystem: 'NDC', name: 'atorvastatin' },
      });
      await publishRequest(h, oncology);
      await publishRequest(h, pharmacy);
      await decisionOf(h, oncology.requestId);
      await decisionOf(h, pharmacy.requestId);

      const { MI_UM_2025_2, parseRoutingPolicy } = await import('@careflow/michigan-policy');
      const candidate = parseRoutingPolicy(
        policyWith((d) => {
          d.version = 'mi-um-2026.1';
          aimRuleChanged(d);
        }),
      );
      const today = michiganDateOf(new Date());
      const report = await replayPolicy(h.dataSource.manager, candidate, today, today, CALENDAR);
      const change = report.changes.find((c) => c.requestId === oncology.requestId);
      expect(change).toMatchObject({
        changed: ['vendor', 'submissionChannel'],
        before: {
          outcome: 'routed',
          vendorId: 'aim-specialty-health',
          policyVersion: 'mi-um-2025.2',
        },
        after: {
          outcome: 'routed',
          vendorId: 'bcbsm-bcn-pharmacy',
          submissionChannel: 'novologix',
        },
      });
      expect(change!.after.ruleTrace).toContain('aim.bcc.fully-insured');
      expect(report.changes.find((c) => c.requestId === pharmacy.requestId)).toBeUndefined();
      expect(report.compared).toBeGreaterThanOrEqual(2);

      const same = await replayPolicy(h.dataSource.manager, MI_UM_2025_2, today, today, CALENDAR);
      expect(same.changes.find((c) => c.requestId === oncology.requestId)).toBeUndefined();
    });
  });
});
