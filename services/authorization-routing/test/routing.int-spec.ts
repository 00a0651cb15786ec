import { randomUUID } from 'node:crypto';
import {
  deadLetterTopicOf,
  paPendedData,
  paRoutingDecisionData,
  topics,
  type PaPended,
} from '@careflow/contracts';
import {
  decisionOf,
  decisionsOf,
  isDecisionFor,
  newMember,
  paRequest,
  publishCoverage,
  publishRequest,
  sleep,
  span,
  startHarness,
  supervisor,
  waitUntil,
  type Harness,
} from './harness';

const WAIT_MS = 10000;

describe('authorization-routing: PA requests to decisions on the real broker', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      COVERAGE_WAIT_MS: String(WAIT_MS),
      PENDING_SWEEP_MS: '300',
    });
  });

  afterAll(async () => {
    await h.stop();
  });

  const ALL_FIELDS = [
    'requestId',
    'memberId',
    'outcome',
    'vendor',
    'submissionChannel',
    'instructions',
    'reasons',
    'ruleTrace',
    'policyVersion',
    'dueBy',
    'resources',
    'supersedes',
  ];

  it.each([
    {
      name: 'Blue Cross commercial fully insured, oncology drug: AIM via the ProviderPortal',
      coverage: {},
      request: {},
      vendor: 'aim-specialty-health',
      channel: 'aim-providerportal',
      rule: 'aim.bcc.fully-insured',
    },
    {
      name: 'BCN commercial, CAR-T drug: Pharmacy departments via NovoLogix',
      coverage: { lineOfBusiness: 'bcn-commercial' as const },
      request: { drug: { code: 'Q2041', codeSystem: 'HCPCS' as const, name: 'Yescarta' } },
      vendor: 'bcbsm-bcn-pharmacy',
      channel: 'novologix',
      rule: 'med-rx.bcn-commercial',
    },
    {
      name: 'Medicare Plus Blue, State of Michigan group, pharmacy drug: OptumRx',
      coverage: {
        lineOfBusiness: 'medicare-plus-blue' as const,
        fundingType: 'self-funded' as const,
        group: { id: 'state-of-michigan', name: 'State of Michigan' },
        pharmacyBenefitAdministrator: 'optumrx' as const,
      },
      request: {
        benefit: 'pharmacy' as const,
        drug: { code: '00074-4339-02', codeSystem: 'NDC' as const, name: 'Humira' },
        urgency: 'expedited' as const,
      },
      vendor: 'optumrx',
      channel: null,
      rule: 'rx.mapb.state-of-michigan-optumrx',
    },
  ])('routes: $name', async ({ coverage, request, vendor, channel, rule }) => {
    const member = newMember();
    await publishCoverage(h, member, [span(coverage)]);
    await sleep(300);
    const req = paRequest(member, request);
    await waitUntil(async () => {
      // Coverage first: the request must not be held.
      const n = await h.dataSource.query(`SELECT 1 FROM member_coverage WHERE member_id = $1`, [
        member,
      ]);
      return n.length === 1;
    });
    await publishRequest(h, req);
    const decision = await decisionOf(h, req.requestId);
    expect(Object.keys(decision).sort()).toEqual([...ALL_FIELDS].sort());
    expect(paRoutingDecisionData.safeParse(decision).success).toBe(true);
    expect(decision.outcome).toBe('routed');
    expect(decision.vendor?.id).toBe(vendor);
    if (channel) expect(decision.submissionChannel).toBe(channel);
    expect(decision.ruleTrace).toContain(rule);
    expect(decision.policyVersion).toBe('mi-um-2025.2');
    expect(decision.dueBy).not.toBeNull();
    expect(Date.parse(decision.dueBy!)).toBeGreaterThan(Date.now());
  });

  it('gives a provider outside Michigan the out-of-state resources', async () => {
    const member = newMember();
    await publishCoverage(h, member, [span({ lineOfBusiness: 'bcn-commercial' })]);
    await waitUntil(
      async () =>
        (await h.dataSource.query(`SELECT 1 FROM member_coverage WHERE member_id = $1`, [member]))
          .length === 1,
    );
    const req = paRequest(member, {
      requestingProvider: { npi: '1902837465', name: 'Cleveland Clinic', state: 'OH' },
    });
    await publishRequest(h, req);
    const decision = await decisionOf(h, req.requestId);
    expect(decision.outcome).toBe('routed');
    expect(decision.resources.map((r) => r.title).join(' | ')).toMatch(/Non-Michigan providers/);
    expect(decision.reasons.some((r) => r.includes('outside Michigan'))).toBe(true);
    expect(decision.ruleTrace).toContain('provider.out-of-state-michigan-routing-assumed');
  });

  it('holds a request whose coverage has not arrived, says so at once (pa.pended), and decides it when coverage comes', async () => {
    const member = newMember();
    const req = paRequest(member);
    await publishRequest(h, req);
    const [pendedRecord] = await h.probe.waitFor(
      (r) =>
        r.topic === topics.paRequestStatus.name &&
        (r.value as PaPended | null)?.requestId === req.requestId,
    );
    expect(pendedRecord!.key).toBe(member);
    const pended = paPendedData.parse(pendedRecord!.value);
    expect(pended).toMatchObject({ status: 'pended', reasonCode: 'coverage-not-received' });
    expect(Date.parse(pended.decideBy) - Date.parse(pended.pendedAt)).toBe(WAIT_MS);
    await waitUntil(async () => {
      const r = await h.service.request('GET', `/pa-requests/${req.requestId}/decision`, {
        principal: supervisor,
      });
      return r.status === 404 && (r.body as { status: string }).status === 'pending-coverage';
    });
    await publishCoverage(h, member, [span()]);
    const decision = await decisionOf(h, req.requestId);
    expect(decision.outcome).toBe('routed');
    expect(decision.vendor?.id).toBe('aim-specialty-health');
  });

  it('decides a held request not-eligible when its coverage never arrives in the window', async () => {
    const member = newMember();
    const req = paRequest(member);
    const started = Date.now();
    await publishRequest(h, req);
    const decision = await decisionOf(h, req.requestId, WAIT_MS + 20000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(WAIT_MS - 500);
    expect(decision.outcome).toBe('not-eligible');
    expect(decision.ruleTrace).toEqual(['coverage.never-received']);
    expect(decision.reasons[0]).toMatch(/No coverage for the member was received/);
    expect(decision.dueBy).toBeNull();
    // Coverage arriving afterwards (retroactively) re-decides it, naming the decision it replaces.
    await publishCoverage(h, member, [span()]);
    const [, redecided] = await decisionsOf(h, req.requestId, 2);
    expect(redecided!.outcome).toBe('routed');
    expect(redecided!.supersedes).toMatchObject({
      outcome: 'not-eligible',
      ruleTrace: ['coverage.never-received'],
    });
    const rows = await h.dataSource.query(
      `SELECT outcome FROM routing_decisions WHERE request_id = $1`,
      [req.requestId],
    );
    expect(rows).toEqual([{ outcome: 'routed' }]);
  });

  it('decides a known member not covered on that date not-eligible at once, and re-decides it when a retroactive span arrives', async () => {
    const member = newMember();
    await publishCoverage(h, member, [
      span({ effectiveDate: '2024-01-01', terminationDate: '2025-12-31' }),
    ]);
    await waitUntil(
      async () =>
        (await h.dataSource.query(`SELECT 1 FROM member_coverage WHERE member_id = $1`, [member]))
          .length === 1,
    );
    const req = paRequest(member);
    const started = Date.now();
    await publishRequest(h, req);
    const first = await decisionOf(h, req.requestId);
    expect(Date.now() - started).toBeLessThan(WAIT_MS);
    expect(first.outcome).toBe('not-eligible');
    expect(first.supersedes).toBeNull();
    await publishCoverage(
      h,
      member,
      [
        span({ effectiveDate: '2024-01-01', terminationDate: '2025-12-31' }),
        span({ effectiveDate: '2026-01-01' }),
      ],
      2,
    );
    const [firstRecord, secondRecord] = await h.probe.waitFor(isDecisionFor(req.requestId), {
      count: 2,
      timeoutMs: 30000,
    });
    const decision = paRoutingDecisionData.parse(secondRecord!.value);
    expect(decision.outcome).toBe('routed');
    // The superseded decision is named by the id of the event that published it.
    expect(firstRecord!.headers['ce_id']).toBeTruthy();
    expect(decision.supersedes).toMatchObject({
      eventId: firstRecord!.headers['ce_id'],
      outcome: 'not-eligible',
      ruleTrace: ['coverage.none'],
      policyVersion: 'mi-um-2025.2',
    });
    const [stored] = await h.dataSource.query(
      `SELECT event_id, decision->'supersedes'->>'eventId' AS superseded_event_id
         FROM routing_decisions WHERE request_id = $1`,
      [req.requestId],
    );
    expect(stored).toEqual({
      event_id: secondRecord!.headers['ce_id'],
      superseded_event_id: firstRecord!.headers['ce_id'],
    });
  });

  it('decides terminated and future coverage not-eligible at once, without the wait for coverage', async () => {
    const terminated = newMember();
    const future = newMember();
    await publishCoverage(h, terminated, [
      span({ effectiveDate: '2024-01-01', terminationDate: '2025-12-31' }),
    ]);
    await publishCoverage(h, future, [span({ effectiveDate: '2026-06-01' })]);
    await waitUntil(
      async () =>
        (
          await h.dataSource.query(
            `SELECT 1 FROM member_coverage WHERE member_id = ANY($1::text[])`,
            [[terminated, future]],
          )
        ).length === 2,
    );
    const a = paRequest(terminated);
    const b = paRequest(future);
    await publishRequest(h, a);
    await publishRequest(h, b);
    for (const req of [a, b]) {
      const decision = await decisionOf(h, req.requestId, WAIT_MS - 2000);
      expect(decision.outcome).toBe('not-eligible');
      expect(decision.vendor).toBeNull();
      expect(decision.submissionChannel).toBeNull();
      expect(decision.dueBy).toBeNull();
      expect(decision.reasons[0]).toMatch(/no coverage on the date of service 2026-01-15/);
    }
  });

  it('emits one decision for a request delivered twice, and for its requestId under a new event id', async () => {
    const member = newMember();
    await publishCoverage(h, member, [span()]);
    await waitUntil(
      async () =>
        (await h.dataSource.query(`SELECT 1 FROM member_coverage WHERE member_id = $1`, [member]))
          .length === 1,
    );
    const req = paRequest(member);
    const id = randomUUID();
    await publishRequest(h, req, { id });
    await publishRequest(h, req, { id, mode: 'structured' });
    await publishRequest(h, req); // same requestId, another event id (a resubmission)
    await decisionOf(h, req.requestId);
    await sleep(2000);
    expect(h.probe.records.filter(isDecisionFor(req.requestId))).toHaveLength(1);
    const rows = await h.dataSource.query(
      `SELECT count(*)::int AS n FROM routing_decisions WHERE request_id = $1`,
      [req.requestId],
    );
    expect(rows[0].n).toBe(1);
  });

  it('dead-letters an invalid request with the reason and goes on with the next one', async () => {
    const member = newMember();
    await publishCoverage(h, member, [span()]);
    const bad = paRequest(member, {
      requestingProvider: { npi: '12345', state: 'Michigan' },
    });
    await publishRequest(h, bad);
    const good = paRequest(member);
    await publishRequest(h, good);
    const [dead] = await h.probe.waitFor(
      (r) => r.topic === deadLetterTopicOf(topics.paRequests.name) && r.key === member,
    );
    expect(dead!.headers['dlq-error-class']).toBe('invalid-event');
    expect(dead!.headers['dlq-error-message']).toContain('requestingProvider.npi');
    expect(dead!.headers['dlq-error-message']).toContain('requestingProvider.state');
    expect((await decisionOf(h, good.requestId)).outcome).toBe('routed');
  });
});
