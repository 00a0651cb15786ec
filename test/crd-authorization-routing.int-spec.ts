import type { CoverageSpan } from '@careflow/contracts';
import {
  decisionOf,
  paRequest,
  publishRequest,
  startHarness as startRouting,
  type Harness as RoutingHarness,
} from '../services/authorization-routing/test/harness';
import {
  callHook,
  coverageArrived,
  coverageInformation,
  coverageSpan,
  CRD_BASE,
  orderSignRequest,
  publishMemberCoverage,
  startEhrClient,
  type EhrClient,
} from '../services/interop-gateway/test/crd-client';
import { startHarness, type Harness } from '../services/interop-gateway/test/harness';

/**
 * The CRD answer names the vendor authorization-routing names for the same request: both services
 * on the real broker and database, fed the same coverage by eligibility's topic; the PA request
 * through pa.requests.v1, the order through CDS Hooks with an EHR's signed JWT.
 */
describe('a CRD order-sign names the vendor authorization-routing decides for the same request', () => {
  let gateway: Harness;
  let routing: RoutingHarness;
  let ehr: EhrClient;

  beforeAll(async () => {
    ehr = await startEhrClient();
    routing = await startRouting();
    gateway = await startHarness({
      CRD_TRUSTED_CLIENTS: JSON.stringify({ [ehr.issuer]: ehr.jwksUrl }),
      CRD_SERVICE_BASE_URL: CRD_BASE,
    });
  });

  afterAll(async () => {
    await gateway.stop();
    await routing.stop();
    await ehr.stop();
  });

  it.each<{ name: string; span: Partial<CoverageSpan>; hcpcs: string; vendor: string | null }>([
    {
      name: 'an oncology drug for Medicare Plus Blue: AIM',
      span: {},
      hcpcs: 'J9271',
      vendor: 'AIM Specialty Health',
    },
    {
      name: 'another medical drug for BCN commercial: the Pharmacy departments',
      span: {
        lineOfBusiness: 'bcn-commercial',
        fundingType: 'fully-insured',
        group: { id: 'acme-manufacturing', name: 'Acme Manufacturing' },
      },
      hcpcs: 'J1745',
      vendor: 'Blue Cross and BCN Pharmacy departments',
    },
    {
      name: 'a medical drug for a UAW retiree trust member: manual review',
      span: {
        lineOfBusiness: 'blue-cross-commercial',
        fundingType: 'self-funded',
        group: { id: 'uaw-retiree-trust', name: 'UAW Retiree Medical Benefits Trust' },
      },
      hcpcs: 'J1745',
      vendor: null,
    },
  ])('$name', async ({ span, hcpcs, vendor }) => {
    const member = `M-CRD-AR-${Math.random().toString(36).slice(2, 12)}`;
    await publishMemberCoverage(member, [coverageSpan(span)]);
    await coverageArrived(routing.dataSource, member);
    await coverageArrived(gateway.db, member);

    const request = paRequest(member, {
      drug: { code: hcpcs, codeSystem: 'HCPCS', name: null },
      dateOfService: '2026-12-01',
      diagnosisCodes: ['C34.90'],
      requestingProvider: { npi: '1588667705', name: 'Olivia Oncologist', state: 'MI' },
    });
    await publishRequest(routing, request);
    const decided = await decisionOf(routing, request.requestId);

    const order = orderSignRequest(member);
    const json = JSON.stringify(order).replace('"J9271"', `"${hcpcs}"`);
    const answer = await callHook(
      gateway.service.baseUrl,
      'crd-order-sign',
      JSON.parse(json),
      await ehr.jwt('/cds-services/crd-order-sign'),
    );
    expect(answer.status).toBe(200);
    const ci = coverageInformation(answer.body);
    const card = answer.body.cards[0]!;

    expect(decided.vendor?.name ?? null).toBe(vendor);
    expect(card.detail).toContain(decided.policyVersion);
    if (decided.vendor) {
      expect(ci['pa-needed']).toEqual(['auth-needed']);
      expect(ci['contact']).toEqual([
        expect.objectContaining({
          name: `${decided.vendor.name} (submit through ${decided.submissionChannel})`,
        }),
      ]);
      expect(card.summary).toBe(`Prior authorization required: ${decided.vendor.name}`);
    } else {
      expect(decided.outcome).toBe('manual-review');
      expect(ci['pa-needed']).toEqual(['conditional']);
      expect(ci['contact']).toBeUndefined();
      for (const reason of decided.reasons) expect(card.detail).toContain(reason);
    }
  });
});
