import {
  MI_UM_2025_2,
  SYSTEM_RULE_IDS,
  compileRoutingPolicy,
  miUm20252Document,
  parseRoutingPolicy,
} from '../src';
import { coverage } from './fixtures/coverage';
import { DRUGS } from './fixtures/drugs';
import { paRequest } from './fixtures/requests';

const router = compileRoutingPolicy(MI_UM_2025_2);

describe('"some members" is not "none": UAW Retiree Medical Benefits Trust pharmacy benefit', () => {
  it('with Express Scripts on file, routes to Express Scripts', () => {
    const decision = router.route({
      request: paRequest('pharmacy', DRUGS.retailNdc),
      coverage: coverage('blue-cross-commercial', 'self-funded', 'uaw', 'express-scripts'),
    });
    expect(decision.vendor?.id).toBe('express-scripts');
  });

  it('with no pharmacy benefit administrator on file, manual review naming Express Scripts', () => {
    const decision = router.route({
      request: paRequest('pharmacy', DRUGS.retailNdc),
      coverage: coverage('blue-cross-commercial', 'self-funded', 'uaw', null),
    });
    expect(decision.outcome).toBe('manual-review');
    expect(decision.vendor).toBeNull();
    expect(decision.ruleTrace).toEqual(['rx.bcc.self-funded.uaw-pba-unknown']);
    expect(decision.reasons.join(' ')).toContain('Express Scripts may own it');
  });

  it('another self-funded group with no PBA on file still routes to the Pharmacy departments', () => {
    const decision = router.route({
      request: paRequest('pharmacy', DRUGS.retailNdc),
      coverage: coverage('blue-cross-commercial', 'self-funded', 'acme', null),
    });
    expect(decision.vendor?.id).toBe('bcbsm-bcn-pharmacy');
  });
});

describe('coverage that contradicts how the document places a group', () => {
  it('UAW trust labelled fully insured: manual review naming group.id and fundingType', () => {
    const decision = router.route({
      request: paRequest('medical', DRUGS.carT),
      coverage: coverage('blue-cross-commercial', 'fully-insured', 'uaw'),
    });
    expect(decision.outcome).toBe('manual-review');
    expect(decision.ruleTrace).toEqual([SYSTEM_RULE_IDS.groupFundingConflict]);
    expect(decision.reasons[0]).toMatch(/^Data conflict: .*group\.id uaw-retiree-trust/);
    expect(decision.reasons[0]).toContain('The fields group.id and fundingType contradict');
    // Each reading names the vendor it would give.
    expect(decision.reasons[1]).toContain(
      'as labelled (a fully insured group): Blue Cross and BCN Pharmacy departments',
    );
    expect(decision.reasons[1]).toContain(
      'as the document places the group (a self-funded group): manual review',
    );
  });

  it('UAW trust self-funded is consistent and routed by its own rules', () => {
    const decision = router.route({
      request: paRequest('medical', DRUGS.oncology),
      coverage: coverage('blue-cross-commercial', 'self-funded', 'uaw'),
    });
    expect(decision.outcome).toBe('routed');
    expect(decision.vendor?.id).toBe('aim-specialty-health');
  });

  it('UAW trust under Medicare Plus Blue is not constrained (the document names no funding there)', () => {
    const decision = router.route({
      request: paRequest('pharmacy', DRUGS.retailNdc),
      coverage: coverage('medicare-plus-blue', 'fully-insured', 'uaw'),
    });
    expect(decision.vendor?.id).toBe('express-scripts');
  });

  it('MESSA labelled self-funded contradicts "fully insured groups — Exception: MESSA"', () => {
    const conflict = router.route({
      request: paRequest('medical', DRUGS.oncology),
      coverage: coverage('blue-cross-commercial', 'self-funded', 'messa'),
    });
    expect(conflict.ruleTrace).toEqual([SYSTEM_RULE_IDS.groupFundingConflict]);
    const consistent = router.route({
      request: paRequest('medical', DRUGS.oncology),
      coverage: coverage('blue-cross-commercial', 'fully-insured', 'messa'),
    });
    expect(consistent.ruleTrace).toEqual([
      'drug-class.hcpcs.j9000-j9999',
      'aim.bcc.fully-insured.messa',
    ]);
  });
});

describe('a pharmacy benefit administrator on file where the document names none', () => {
  it('a "most groups" rule: the group may be an exception the document does not list', () => {
    const decision = router.route({
      request: paRequest('pharmacy', DRUGS.retailNdc),
      coverage: coverage('blue-cross-commercial', 'self-funded', 'acme', 'optumrx'),
    });
    expect(decision.outcome).toBe('manual-review');
    expect(decision.ruleTrace).toEqual([
      SYSTEM_RULE_IDS.pbaUnlistedException,
      'rx.bcc.self-funded',
    ]);
    expect(decision.reasons[0]).toContain('may manage this group under an exception');
    expect(decision.reasons[0]).not.toMatch(/^Data conflict/);
  });

  it('individual coverage ("all members with individual coverage"): a data conflict', () => {
    const decision = router.route({
      request: paRequest('pharmacy', DRUGS.retailNdc),
      coverage: coverage('blue-cross-commercial', 'individual', null, 'optumrx'),
    });
    expect(decision.ruleTrace).toEqual([SYSTEM_RULE_IDS.pbaConflict, 'rx.bcc.individual']);
    expect(decision.reasons[0]).toContain('pharmacyBenefitAdministrator and fundingType');
  });

  it('a named group routed to another vendor (MPSERS, OptumRx): a data conflict naming group.id', () => {
    const decision = router.route({
      request: paRequest('pharmacy', DRUGS.retailNdc),
      coverage: coverage('medicare-plus-blue', 'self-funded', 'mpsers', 'express-scripts'),
    });
    expect(decision.ruleTrace).toEqual([SYSTEM_RULE_IDS.pbaConflict, 'rx.mapb.mpsers-optumrx']);
    expect(decision.reasons[0]).toContain('names OptumRx and never Express Scripts');
    expect(decision.reasons[0]).toContain('group.id (mpsers)');
  });
});

describe('out-of-state providers', () => {
  const ohio = { requestingProvider: { npi: '1234567893', state: 'OH' } };

  it('a routed decision says the document sends them elsewhere and which Michigan routing was assumed', () => {
    const decision = router.route({
      request: paRequest('medical', DRUGS.oncology, ohio),
      coverage: coverage('bcn-commercial', 'fully-insured', 'acme'),
    });
    expect(decision.outcome).toBe('routed');
    const last = decision.reasons.at(-1) ?? '';
    expect(last).toMatch(/^Out-of-state provider: the requesting provider is in OH/);
    expect(last).toContain('("Non-Michigan providers: Referral and authorization requirements');
    expect(last).toContain(
      'the Michigan routing (AIM Specialty Health through AIM ProviderPortal, rule aim.bcn-commercial) was applied as an assumption',
    );
    expect(decision.ruleTrace.at(-1)).toBe(SYSTEM_RULE_IDS.outOfStateAssumption);
  });

  it('a Michigan provider gets neither the caveat nor the trace entry', () => {
    const decision = router.route({
      request: paRequest('medical', DRUGS.oncology),
      coverage: coverage('bcn-commercial', 'fully-insured', 'acme'),
    });
    expect(decision.reasons.join(' ')).not.toContain('Out-of-state');
    expect(decision.ruleTrace).not.toContain(SYSTEM_RULE_IDS.outOfStateAssumption);
  });

  it('a manual review says the Michigan routing assumed leaves it to manual review', () => {
    const decision = router.route({
      request: paRequest('medical', DRUGS.oncology, ohio),
      coverage: coverage('blue-cross-commercial', 'fully-insured', 'messa'),
    });
    expect(decision.reasons.at(-1)).toContain(
      'the Michigan routing was applied as an assumption and leaves the request to manual review',
    );
  });
});

describe('out-of-state providers when the policy holds them for manual review', () => {
  const held = compileRoutingPolicy(
    parseRoutingPolicy({ ...miUm20252Document, outOfStateProviders: 'manual-review' }),
  );
  it('an out-of-state request the Michigan routing would route goes to manual review, saying why', () => {
    const decision = held.route({
      request: paRequest('medical', DRUGS.oncology, {
        requestingProvider: { npi: '1234567893', state: 'OH' },
      }),
      coverage: coverage('bcn-commercial', 'fully-insured', 'acme'),
    });
    expect(decision.outcome).toBe('manual-review');
    expect(decision.ruleTrace).toEqual([
      'drug-class.hcpcs.j9000-j9999',
      SYSTEM_RULE_IDS.outOfStateManualReview,
      'aim.bcn-commercial',
    ]);
    expect(decision.reasons.join(' ')).toContain('would have been AIM Specialty Health');
    expect(decision.reasons.join(' ')).not.toContain('applied as an assumption');
  });
  it('a Michigan provider is routed as before', () => {
    const decision = held.route({
      request: paRequest('medical', DRUGS.oncology),
      coverage: coverage('bcn-commercial', 'fully-insured', 'acme'),
    });
    expect(decision.vendor?.id).toBe('aim-specialty-health');
  });
});
