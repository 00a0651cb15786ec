import {
  MI_UM_2025_2,
  SYSTEM_RULE_IDS,
  compileRoutingPolicy,
  parseRoutingPolicy,
  routePaRequest,
} from '../src';
import { coverage } from './fixtures/coverage';
import { DRUGS } from './fixtures/drugs';
import { policyDocumentWith } from './fixtures/policies';
import { paRequest } from './fixtures/requests';

const router = compileRoutingPolicy(MI_UM_2025_2);

describe('routing: no coverage and coverage not in force', () => {
  it('answers not-eligible when the member has no coverage on the date of service', () => {
    // interface.md: the decision is "not-eligible" without coverage.
    const decision = router.route({
      request: paRequest('medical', DRUGS.oncology),
      coverage: null,
    });
    expect(decision).toMatchObject({
      outcome: 'not-eligible',
      vendor: null,
      submissionChannel: null,
      ruleTrace: [SYSTEM_RULE_IDS.noCoverage],
      policyVersion: 'mi-um-2025.2',
      resources: [],
    });
    expect(decision.reasons[0]).toContain('no coverage on the date of service 2025-03-14');
  });

  it('says so when eligibility never published the member while the request was held', () => {
    const decision = router.route({
      request: paRequest('medical', DRUGS.oncology, {
        requestingProvider: { npi: '1234567893', state: 'OH' },
      }),
      coverage: null,
      coverageNeverReceived: { waitedMs: 600_000 },
    });
    expect(decision).toMatchObject({
      outcome: 'not-eligible',
      vendor: null,
      submissionChannel: null,
      ruleTrace: [SYSTEM_RULE_IDS.coverageNeverReceived],
    });
    expect(decision.reasons[0]).toContain('No coverage for the member was received');
    expect(decision.reasons[0]).toContain('10 minutes');
    expect(decision.reasons[0]).toContain('2025-03-14');
    // The out-of-state reason and documents stay.
    expect(decision.reasons.some((r) => r.includes('outside Michigan'))).toBe(true);
    expect(decision.resources.length).toBeGreaterThan(0);
  });

  it('ignores the never-received marker when coverage is known', () => {
    const decision = router.route({
      request: paRequest('pharmacy', DRUGS.retailNdc),
      coverage: coverage('bcn-commercial', 'individual', null),
      coverageNeverReceived: { waitedMs: 600_000 },
    });
    expect(decision.outcome).toBe('routed');
  });

  it('answers not-eligible when the coverage ended before the date of service', () => {
    const decision = router.route({
      request: paRequest('pharmacy', DRUGS.retailNdc, { dateOfService: '2025-07-01' }),
      coverage: {
        ...coverage('bcn-commercial', 'individual', null),
        terminationDate: '2025-06-30',
      },
    });
    expect(decision.outcome).toBe('not-eligible');
    expect(decision.ruleTrace).toEqual([SYSTEM_RULE_IDS.coverageNotInForce]);
  });

  it('counts the termination date as a covered day', () => {
    const decision = router.route({
      request: paRequest('pharmacy', DRUGS.retailNdc, { dateOfService: '2025-06-30' }),
      coverage: {
        ...coverage('bcn-commercial', 'individual', null),
        terminationDate: '2025-06-30',
      },
    });
    expect(decision.outcome).toBe('routed');
  });
});

describe('routing: out-of-state providers', () => {
  // "Information for out-of-state providers — See the following documents for referral and authorization requirements."
  it('adds the Blue Cross out-of-state document for Blue Cross commercial and Medicare Plus Blue members', () => {
    const decision = router.route({
      request: paRequest('medical', DRUGS.oncology, {
        requestingProvider: { npi: '1234567893', state: 'OH' },
      }),
      coverage: coverage('blue-cross-commercial', 'individual', null),
    });
    expect(decision.outcome).toBe('routed');
    const titles = decision.resources.map((r) => r.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Provider Preauthorization and Precertification Requirements'),
      ]),
    );
    expect(titles.join(' ')).not.toContain('Non-Michigan providers');
    expect(decision.reasons.at(-1)).toContain('OH, outside Michigan');
  });

  it('adds the BCN out-of-state document for BCN commercial and BCN Advantage members', () => {
    const decision = router.route({
      request: paRequest('pharmacy', DRUGS.retailNdc, {
        requestingProvider: { npi: '1234567893', state: 'IN' },
      }),
      coverage: coverage('bcn-advantage', 'individual', null),
    });
    const titles = decision.resources.map((r) => r.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Non-Michigan providers: Referral and authorization requirements'),
      ]),
    );
    expect(titles.join(' ')).not.toContain('Provider Preauthorization and Precertification');
  });

  it('adds no out-of-state document for a Michigan provider', () => {
    const decision = router.route({
      request: paRequest('pharmacy', DRUGS.retailNdc),
      coverage: coverage('bcn-advantage', 'individual', null),
    });
    expect(decision.resources.map((r) => r.title).join(' ')).not.toContain('Non-Michigan');
  });

  it('gives out-of-state providers both documents when there is no coverage to tell the line of business', () => {
    const decision = router.route({
      request: paRequest('medical', DRUGS.other, {
        requestingProvider: { npi: '1234567893', state: 'WI' },
      }),
      coverage: null,
    });
    expect(decision.outcome).toBe('not-eligible');
    expect(decision.resources).toHaveLength(2);
  });

  it('adds the out-of-state document to a manual review decision', () => {
    const decision = router.route({
      request: paRequest('medical', DRUGS.oncology, {
        requestingProvider: { npi: '1234567893', state: 'OH' },
      }),
      coverage: coverage('blue-cross-commercial', 'fully-insured', 'messa'),
    });
    expect(decision.outcome).toBe('manual-review');
    expect(decision.resources).toHaveLength(1);
  });
});

describe('routing: manual review says exactly what is missing', () => {
  it('MESSA medical oncology: the document excludes MESSA from AIM and names nobody else', () => {
    // "Most fully insured groups — Exception: Michigan Education Special Services Association"
    const decision = router.route({
      request: paRequest('medical', DRUGS.oncology),
      coverage: coverage('blue-cross-commercial', 'fully-insured', 'messa'),
    });
    expect(decision.outcome).toBe('manual-review');
    expect(decision.reasons.join(' ')).toContain('names no other vendor or department');
    expect(decision.instructions).toContain('manual review');
  });

  it('a pharmacy benefit administrator the document routes "for all" elsewhere is a data conflict', () => {
    const decision = router.route({
      request: paRequest('pharmacy', DRUGS.retailNdc),
      coverage: coverage('bcn-commercial', 'self-funded', 'acme', 'express-scripts'),
    });
    expect(decision.outcome).toBe('manual-review');
    expect(decision.reasons).toHaveLength(1);
    expect(decision.reasons[0]).toMatch(/^Data conflict: the coverage names Express Scripts/);
    expect(decision.reasons[0]).toContain('rule rx.bcn-commercial');
    expect(decision.reasons[0]).toContain('pharmacyBenefitAdministrator and lineOfBusiness');
    expect(decision.reasons[0]).not.toContain('names no vendor');
    expect(decision.ruleTrace).toEqual([SYSTEM_RULE_IDS.pbaConflict, 'rx.bcn-commercial']);
  });

  it('UAW non-Medicare medical benefit drug: Accredo manages "some" drugs, and the list is not known', () => {
    const decision = router.route({
      request: paRequest('medical', DRUGS.other),
      coverage: coverage('blue-cross-commercial', 'self-funded', 'uaw'),
    });
    expect(decision.outcome).toBe('manual-review');
    expect(decision.ruleTrace).toEqual([
      'drug-class.hcpcs.J1745',
      'med-rx.bcc.self-funded.uaw-accredo',
      SYSTEM_RULE_IDS.drugListMembershipUnknown,
    ]);
    expect(decision.reasons.join(' ')).toMatch(
      /cannot tell whether Accredo or Blue Cross and BCN Pharmacy departments/,
    );
  });

  it('coverage that says individual but names a group goes to manual review', () => {
    const decision = router.route({
      request: paRequest('medical', DRUGS.other),
      coverage: {
        ...coverage('bcn-commercial', 'individual', null),
        group: { id: 'acme', name: 'Acme' },
      },
    });
    expect(decision.outcome).toBe('manual-review');
    expect(decision.ruleTrace).toEqual([SYSTEM_RULE_IDS.coverageInconsistent]);
  });

  it('group coverage without a group goes to manual review', () => {
    const decision = router.route({
      request: paRequest('medical', DRUGS.other),
      coverage: coverage('bcn-commercial', 'self-funded', null),
    });
    expect(decision.outcome).toBe('manual-review');
    expect(decision.reasons[0]).toContain('names no group');
  });

  it('a date of service before the policy takes effect goes to manual review', () => {
    const decision = router.route({
      request: paRequest('medical', DRUGS.other, { dateOfService: '2024-12-31' }),
      coverage: { ...coverage('bcn-commercial', 'individual', null), effectiveDate: '2024-01-01' },
    });
    expect(decision.outcome).toBe('manual-review');
    expect(decision.ruleTrace).toEqual([SYSTEM_RULE_IDS.policyNotInForce]);
  });
});

describe('routing: drugs that cannot be classified', () => {
  it('medical benefit NDC without a hint: manual review, because the class decides AIM vs the Pharmacy departments', () => {
    const decision = router.route({
      request: paRequest('medical', { code: '00069-0152-01', codeSystem: 'NDC' }),
      coverage: coverage('bcn-commercial', 'fully-insured', 'acme'),
    });
    expect(decision.outcome).toBe('manual-review');
    expect(decision.ruleTrace).toEqual([
      'drug-class.ndc.no-hint',
      SYSTEM_RULE_IDS.drugCategoryUnknown,
    ]);
    expect(decision.reasons.join(' ')).toContain('medical oncology drug: AIM Specialty Health');
  });

  const carTNdc = { code: '71287-0119-01', codeSystem: 'NDC', categoryHint: 'CAR-T' } as const;

  it('medical benefit NDC with a CAR-T hint: the hint is not trusted, so manual review', () => {
    const decision = router.route({
      request: paRequest('medical', carTNdc),
      coverage: coverage('bcn-advantage', 'individual', null),
    });
    expect(decision.outcome).toBe('manual-review');
    expect(decision.ruleTrace).toEqual([
      'drug-class.ndc.no-hint',
      SYSTEM_RULE_IDS.drugCategoryUnknown,
    ]);
    expect(decision.reasons.join(' ')).toContain('category hint "CAR-T" was not used');
  });

  it('medical benefit NDC with a CAR-T hint routes to the Pharmacy departments, with a caveat, when the policy trusts hints', () => {
    const trusting = compileRoutingPolicy(
      parseRoutingPolicy(policyDocumentWith((doc) => (doc.categoryHints = 'trusted'))),
    );
    const decision = trusting.route({
      request: paRequest('medical', carTNdc),
      coverage: coverage('bcn-advantage', 'individual', null),
    });
    expect(decision.vendor?.id).toBe('bcbsm-bcn-pharmacy');
    expect(decision.ruleTrace).toEqual(['drug-class.hint.car-t', 'med-rx.bcn-advantage']);
    expect(decision.reasons.join(' ')).toContain('Caveat: the request');
  });

  it.each([
    ['J1999 with hint "other"', { code: 'J1999', codeSystem: 'HCPCS', categoryHint: 'other' }],
    [
      'J9312 rituximab, no diagnoses, hint "other"',
      { code: 'J9312', codeSystem: 'HCPCS', categoryHint: 'other' },
    ],
  ] as const)('%s goes to manual review, not NovoLogix', (_name, drug) => {
    const decision = router.route({
      request: paRequest('medical', drug, { diagnosisCodes: [] }),
      coverage: coverage('blue-cross-commercial', 'fully-insured', 'acme'),
    });
    expect(decision.outcome).toBe('manual-review');
    expect(decision.vendor).toBeNull();
    expect(decision.reasons.join(' ')).toContain('Missing:');
  });

  it('pharmacy benefit: the class does not matter, so an unclassified NDC is routed', () => {
    const decision = router.route({
      request: paRequest('pharmacy', { code: '00069-0152-01', codeSystem: 'NDC' }),
      coverage: coverage('bcn-commercial', 'fully-insured', 'acme'),
    });
    expect(decision.outcome).toBe('routed');
    expect(decision.ruleTrace).toEqual(['rx.bcn-commercial']);
  });
});

describe('routing: drug lists of a later policy version', () => {
  it('routes a drug on the Accredo list to Accredo, and others to the Pharmacy departments once the list is complete', () => {
    const policy = parseRoutingPolicy(
      policyDocumentWith((doc) => {
        doc.version = 'mi-um-2025.9';
        const list = doc.drugLists[0]!;
        list.complete = true;
        list.entries = [{ codeSystem: 'HCPCS', code: 'J1745', name: 'infliximab' }];
      }),
    );
    const onList = routePaRequest(
      {
        request: paRequest('medical', DRUGS.other),
        coverage: coverage('blue-cross-commercial', 'self-funded', 'uaw'),
      },
      policy,
    );
    expect(onList).toMatchObject({
      outcome: 'routed',
      vendor: { id: 'accredo' },
      submissionChannel: 'vendor-managed',
      policyVersion: 'mi-um-2025.9',
    });
    const offList = routePaRequest(
      {
        request: paRequest('medical', DRUGS.carT),
        coverage: coverage('blue-cross-commercial', 'self-funded', 'uaw'),
      },
      policy,
    );
    expect(offList).toMatchObject({
      outcome: 'routed',
      vendor: { id: 'bcbsm-bcn-pharmacy' },
      submissionChannel: 'novologix',
    });
  });
});

describe('routePaRequest', () => {
  it('gives the same decision as the compiled router and returns fresh objects', () => {
    const input = {
      request: paRequest('medical', DRUGS.supportiveCare),
      coverage: coverage('bcn-commercial', 'individual', null),
    };
    const a = routePaRequest(input, MI_UM_2025_2);
    const b = routePaRequest(input, MI_UM_2025_2);
    expect(a).toEqual(router.route(input));
    expect(a).toEqual(b);
    a.reasons.push('mutated');
    a.resources.pop();
    expect(routePaRequest(input, MI_UM_2025_2)).toEqual(b);
  });
});
