import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileRoutingPolicy, MI_UM_2025_2, type MemberCoverage } from '@careflow/michigan-policy';
import { COVERAGE_INFORMATION_URL } from './coverage-information';
import { cdsHookRequestSchema, type CdsHookRequest } from './fhir';
import { answerOrderHook, type MemberCoverageLookup } from './hook-answer';
import {
  crdMemberIdOf,
  readHookRequest,
  type HookReading,
  type OrderReading,
} from './hook-reading';

type ReadyReading = Extract<HookReading, { kind: 'ready' }>;
import { crdDiscovery, CRD_SERVICE_IDS } from './discovery';

/** The IG's own order-sign example (HL7/davinci-crd input/resources/CRDServiceRequest.json). */
const igRequest = (): CdsHookRequest =>
  cdsHookRequestSchema.parse(
    JSON.parse(
      readFileSync(
        join(__dirname, '../../../../docs/samples/crd/ig-order-sign-request.json'),
        'utf8',
      ),
    ),
  );

const router = compileRoutingPolicy(MI_UM_2025_2);
const options = { today: '2025-06-02', defaultProviderState: 'MI', memberIdSystems: [] };
const medicarePlusBlue: MemberCoverage = {
  lineOfBusiness: 'medicare-plus-blue',
  fundingType: 'individual',
  group: null,
  pharmacyBenefitAdministrator: null,
  effectiveDate: '2025-01-01',
  terminationDate: null,
};
const covered = (coverage: MemberCoverage): MemberCoverageLookup => ({
  known: true,
  on: (date) => (date >= coverage.effectiveDate ? coverage : null),
});
let ids = 0;
const answerOptions = {
  payerLabel: 'Blue Cross Blue Shield of Michigan',
  today: '2025-06-02',
  routingCard: true,
  newId: () => `id-${++ids}`,
};

/** The IG request with its orders replaced by one MedicationRequest of an oncology drug. */
function withOrder(
  order: Record<string, unknown>,
  hook: 'order-sign' | 'order-select' = 'order-sign',
) {
  const request = igRequest();
  request.hook = hook;
  request.context.draftOrders = { resourceType: 'Bundle', entry: [{ resource: order as never }] };
  if (hook === 'order-select')
    request.context.selections = [`MedicationRequest/${String(order['id'])}`];
  // The IG example's practitioner is in Massachusetts; these tests order from Michigan.
  request.prefetch!['practitioners'] = {
    resourceType: 'Practitioner',
    id: 'DEF',
    identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '9941339100' }],
    address: [{ state: 'MI' }],
  };
  return request;
}

const pembrolizumab = {
  resourceType: 'MedicationRequest',
  id: 'med-1',
  status: 'draft',
  intent: 'original-order',
  priority: 'routine',
  extension: [{ url: 'http://example.org/keep-me', valueString: 'kept' }],
  medicationCodeableConcept: {
    coding: [
      { system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1547545' },
      {
        system: 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
        code: 'J9271',
        display: 'Injection, pembrolizumab, 1 mg',
      },
    ],
  },
  subject: { reference: 'Patient/123' },
  authoredOn: '2025-06-02',
  reasonCode: [{ coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'C34.90' }] }],
  dispenseRequest: { validityPeriod: { start: '2025-06-10' } },
};

function ciParts(action: { resource: { extension?: unknown[] } }) {
  const ext = (
    action.resource.extension as { url: string; extension?: Record<string, unknown>[] }[]
  ).find((e) => e.url === COVERAGE_INFORMATION_URL)!;
  const parts = ext.extension!;
  const code = (url: string) => parts.filter((p) => p['url'] === url).map((p) => p['valueCode']);
  return { parts, code };
}

describe('CRD: reading the IG example request', () => {
  it('finds the member id, the coverage, and no drug in the IG oxygen and mammography orders', () => {
    const reading = readHookRequest(igRequest(), options) as ReadyReading;
    expect(reading.kind).toBe('ready');
    expect(reading.memberId).toBe('88800933501');
    expect(reading.coverageReference).toBe('Coverage/COV1');
    // CPT mammography and the HCPCS E-code of an oxygen system are not drugs.
    expect(reading.orders.map((o) => [o.order.id, o.kind])).toEqual([
      ['1357', 'out-of-scope'],
      ['2468', 'out-of-scope'],
    ]);
    const answer = answerOrderHook(reading, router, covered(medicarePlusBlue), answerOptions);
    expect(answer.systemActions).toEqual([]);
    expect(answer.cards).toEqual([]);
  });

  it('reads member ids by type MB, subscriberId, then the Patient, and only of configured systems', () => {
    const mb = (value: string, system = 'urn:plan') => ({
      system,
      value,
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MB' }] },
    });
    const coverage = {
      resourceType: 'Coverage' as const,
      subscriberId: 'SUB1',
      identifier: [mb('M1')],
    };
    const patient = { resourceType: 'Patient' as const, identifier: [mb('P1', 'urn:other')] };
    expect(crdMemberIdOf(coverage, patient)).toBe('M1');
    expect(crdMemberIdOf({ ...coverage, identifier: [] }, patient)).toBe('SUB1');
    expect(crdMemberIdOf({ resourceType: 'Coverage' }, patient)).toBe('P1');
    expect(crdMemberIdOf(coverage, patient, ['urn:other'])).toBe('P1');
    expect(crdMemberIdOf({ resourceType: 'Coverage', subscriberId: 'has space' }, null)).toBeNull();
  });

  it('maps a drug order to the PA request authorization-routing routes', () => {
    const reading = readHookRequest(withOrder(pembrolizumab), options);
    expect(reading.kind === 'ready' && reading.orders[0]).toMatchObject({
      kind: 'drug',
      request: {
        benefit: 'medical',
        drug: { code: 'J9271', codeSystem: 'HCPCS', name: 'Injection, pembrolizumab, 1 mg' },
        dateOfService: '2025-06-10',
        urgency: 'standard',
        requestingProvider: { npi: '9941339100', state: 'MI' },
        diagnosisCodes: ['C34.90'],
      },
    });
  });

  it('answers a missing prefetch with an error card and no assertion', () => {
    const request = igRequest();
    delete request.prefetch!['coverage'];
    const answer = answerOrderHook(
      readHookRequest(request, options),
      router,
      covered(medicarePlusBlue),
      answerOptions,
    );
    expect(answer.systemActions).toEqual([]);
    expect(answer.cards).toHaveLength(1);
    expect(answer.cards[0]!.detail).toContain('coverage');
  });
});

describe('CRD: the coverage-information answer', () => {
  it('names the vendor authorization-routing names, in the extension and the card', () => {
    const reading = readHookRequest(withOrder(pembrolizumab), options) as ReadyReading;
    const answer = answerOrderHook(reading, router, covered(medicarePlusBlue), answerOptions);
    const drugOrder = reading.orders[0] as Extract<OrderReading, { kind: 'drug' }>;
    const same = router.route({ request: drugOrder.request, coverage: medicarePlusBlue });
    expect(same.vendor?.id).toBe('aim-specialty-health');
    expect(answer.assertions[0]).toMatchObject({ outcome: 'routed', vendorId: same.vendor!.id });

    const action = answer.systemActions[0]!;
    expect(action.type).toBe('update');
    // Nothing of the order changes but its coverage-information (CRD resp-37).
    expect(action.resource).toMatchObject({ ...pembrolizumab, extension: expect.any(Array) });
    expect(action.resource.extension?.[0]).toEqual(pembrolizumab.extension[0]);
    const { parts, code } = ciParts(action);
    expect(code('covered')).toEqual(['covered']);
    expect(code('pa-needed')).toEqual(['auth-needed']);
    expect(parts.find((p) => p['url'] === 'coverage')).toEqual({
      url: 'coverage',
      valueReference: { reference: 'Coverage/COV1' },
    });
    expect(parts.find((p) => p['url'] === 'contact')!['valueContactDetail']).toMatchObject({
      name: expect.stringContaining(same.vendor!.name),
    });
    expect(parts.some((p) => p['url'] === 'date' && p['valueDate'] === '2025-06-02')).toBe(true);
    expect(parts.some((p) => p['url'] === 'coverage-assertion-id')).toBe(true);

    const card = answer.cards[0]!;
    expect(card.summary).toBe(`Prior authorization required: ${same.vendor!.name}`);
    expect(card.indicator).toBe('info');
    expect(card.detail).toContain(same.policyVersion);
    expect(card.links?.map((l) => l.url)).toEqual(same.resources.map((r) => r.url));
  });

  it('order-select answers only the selected orders', () => {
    const request = withOrder(pembrolizumab, 'order-select');
    request.context.selections = ['MedicationRequest/other'];
    const reading = readHookRequest(request, options);
    expect(reading.kind === 'ready' && reading.orders).toEqual([]);
  });

  it('says manual review honestly: pa-needed conditional, info-needed OTH, the reasons', () => {
    const uaw: MemberCoverage = {
      ...medicarePlusBlue,
      lineOfBusiness: 'blue-cross-commercial',
      fundingType: 'self-funded',
      group: { id: 'uaw-retiree-trust', name: 'UAW Retiree Medical Benefits Trust' },
    };
    const otherDrug = {
      ...pembrolizumab,
      medicationCodeableConcept: {
        coding: [
          { system: 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', code: 'J1745' },
        ],
      },
    };
    const reading = readHookRequest(withOrder(otherDrug), options);
    const answer = answerOrderHook(reading, router, covered(uaw), answerOptions);
    expect(answer.assertions[0]!.outcome).toBe('manual-review');
    expect(answer.assertions[0]!.vendorId).toBeNull();
    const { parts, code } = ciParts(answer.systemActions[0]!);
    expect(code('pa-needed')).toEqual(['conditional']);
    expect(code('info-needed')).toEqual(['OTH']);
    expect(parts.some((p) => p['url'] === 'contact')).toBe(false);
    expect(answer.cards[0]).toMatchObject({ indicator: 'warning' });
    expect(answer.cards[0]!.summary).toContain('manual review');
  });

  it('a member eligibility never published: not-covered, no-member-found, the pended hold explained', () => {
    const reading = readHookRequest(withOrder(pembrolizumab), options);
    const answer = answerOrderHook(
      reading,
      router,
      { known: false, on: () => null },
      answerOptions,
    );
    const { parts, code } = ciParts(answer.systemActions[0]!);
    expect(code('covered')).toEqual(['not-covered']);
    expect(code('pa-needed')).toEqual([]);
    const reason = parts.find((p) => p['url'] === 'reason')!['valueCodeableConcept'] as {
      coding: { code: string }[];
      text: string;
    };
    expect(reason.coding[0]!.code).toBe('no-member-found');
    expect(reason.text).toContain('held for coverage');
    expect(answer.cards[0]!.detail).toContain('held for coverage');
  });

  it('coverage that ended before the date of service: not-covered, no-active-coverage', () => {
    const ended = { ...medicarePlusBlue, terminationDate: '2025-05-31' };
    const lookup: MemberCoverageLookup = {
      known: true,
      on: (date) => (date <= ended.terminationDate ? ended : null),
    };
    const answer = answerOrderHook(
      readHookRequest(withOrder(pembrolizumab), options),
      router,
      lookup,
      answerOptions,
    );
    expect(answer.assertions[0]).toMatchObject({ finding: 'no-coverage', outcome: 'not-eligible' });
    expect(ciParts(answer.systemActions[0]!).code('pa-needed')).toEqual([]);
    const reason = ciParts(answer.systemActions[0]!).parts.find((p) => p['url'] === 'reason')!;
    expect((reason['valueCodeableConcept'] as { coding: { code: string }[] }).coding[0]!.code).toBe(
      'no-active-coverage',
    );
  });

  it('an RxNorm-only medication asks for the detail code; the card can be turned off', () => {
    const rxOnly = {
      ...pembrolizumab,
      medicationCodeableConcept: {
        coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1547545' }],
      },
    };
    const answer = answerOrderHook(
      readHookRequest(withOrder(rxOnly), options),
      router,
      covered(medicarePlusBlue),
      { ...answerOptions, routingCard: false },
    );
    const { code } = ciParts(answer.systemActions[0]!);
    expect(code('covered')).toEqual(['conditional']);
    expect(code('info-needed')).toEqual(['detail-code']);
    expect(answer.cards).toEqual([]);
  });
});

describe('CRD: discovery', () => {
  it('lists order-sign and order-select with the prefetch of Patient and Coverage', () => {
    const discovery = crdDiscovery(true);
    expect(discovery.services.map((s) => s.hook)).toEqual(['order-sign', 'order-select']);
    for (const s of discovery.services) {
      expect(CRD_SERVICE_IDS[s.id]).toBe(s.hook);
      expect(s.prefetch).toMatchObject({
        patient: expect.any(String),
        coverage: expect.any(String),
      });
    }
  });
});
