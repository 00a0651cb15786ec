import { PlanCalendar, type PaRequested } from '@careflow/contracts';
import {
  compileRoutingPolicy,
  MI_UM_2025_2,
  SYSTEM_RULE_IDS,
  type MemberCoverage,
} from '@careflow/michigan-policy';
import { assembleDecision, versionChangeReason } from './decide';

const router = compileRoutingPolicy(MI_UM_2025_2);
const receivedAt = new Date('2025-06-02T14:00:00Z');
const calendar = new PlanCalendar('America/Detroit');

const request = (over: Partial<PaRequested> = {}): PaRequested => ({
  requestId: 'PA-1',
  memberId: 'M-1',
  benefit: 'medical',
  drug: { code: 'J9271', codeSystem: 'HCPCS', name: 'pembrolizumab' },
  dateOfService: '2025-06-10',
  urgency: 'standard',
  requestingProvider: { npi: '1234567893', state: 'MI' },
  ...over,
});

const coverage = (over: Partial<MemberCoverage> = {}): MemberCoverage => ({
  lineOfBusiness: 'blue-cross-commercial',
  fundingType: 'fully-insured',
  group: { id: 'acme-manufacturing', name: 'Acme Manufacturing' },
  pharmacyBenefitAdministrator: null,
  effectiveDate: '2025-01-01',
  terminationDate: null,
  ...over,
});

describe('assembleDecision', () => {
  it('routes with the policy and sets dueBy from the deadline regime', () => {
    const r = assembleDecision(
      router,
      request(),
      receivedAt,
      { status: 'covered', coverage: coverage() },
      calendar,
    );
    expect(r.decision).toMatchObject({
      requestId: 'PA-1',
      memberId: 'M-1',
      outcome: 'routed',
      vendor: { id: 'aim-specialty-health' },
      submissionChannel: 'aim-providerportal',
      policyVersion: MI_UM_2025_2.version,
    });
    expect(r.decision.ruleTrace).toContain('aim.bcc.fully-insured');
    // Michigan insured commercial, standard, after June 2024: 7 calendar days.
    // Received June 2 (Detroit): the end of June 9 in Detroit (EDT, UTC-4).
    expect(r.decision.dueBy).toBe('2025-06-10T03:59:59.999Z');
    expect(r.deadline?.regimeId).toBe('michigan-insurance-code-2212e');
  });

  it('gives a Medicare Advantage Part B request 24 hours when expedited', () => {
    const r = assembleDecision(
      router,
      request({ urgency: 'expedited' }),
      receivedAt,
      {
        status: 'covered',
        coverage: coverage({ lineOfBusiness: 'medicare-plus-blue', group: { id: 'g', name: 'G' } }),
      },
      calendar,
    );
    expect(r.decision.dueBy).toBe('2025-06-03T14:00:00.000Z');
  });

  it('is not-eligible without a deadline when there is no coverage on the date of service', () => {
    const r = assembleDecision(router, request(), receivedAt, { status: 'no-coverage' }, calendar);
    expect(r.decision.outcome).toBe('not-eligible');
    expect(r.decision.dueBy).toBeNull();
    expect(r.decision.vendor).toBeNull();
    expect(r.decision.submissionChannel).toBeNull();
  });

  it('says when coverage never arrived, and keeps the out-of-state resources', () => {
    const r = assembleDecision(
      router,
      request({ requestingProvider: { npi: '1234567893', state: 'OH' } }),
      receivedAt,
      { status: 'never-received', waitedMs: 600_000 },
      calendar,
    );
    expect(r.decision.outcome).toBe('not-eligible');
    expect(r.decision.ruleTrace).toEqual([SYSTEM_RULE_IDS.coverageNeverReceived]);
    expect(r.decision.reasons[0]).toContain('10 minutes');
    expect(r.decision.reasons.some((x) => x.includes('outside Michigan'))).toBe(true);
    expect(r.decision.resources.length).toBeGreaterThan(0);
  });
});

describe('versionChangeReason', () => {
  it('names both versions when a revision re-decides a decision of the version before it', () => {
    const reason = versionChangeReason('mi-um-2025.1', 'mi-um-2025.2');
    expect(reason).toContain('Decided again with policy mi-um-2025.2');
    expect(reason).toContain('made with mi-um-2025.1, which still reproduces that decision');
  });

  it('says nothing when the same version decides again', () => {
    expect(versionChangeReason('mi-um-2025.2', 'mi-um-2025.2')).toBeNull();
  });
});
