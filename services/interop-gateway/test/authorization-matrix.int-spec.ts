import { checkAuthorizationMatrix } from '@careflow/platform';
import { orderSignRequest } from './crd-client';
import { newSampleIds, sample834, startHarness, type Harness } from './harness';

/** Every documented route: 401 and 403 where they belong, each refusal audited. */
describe('interop-gateway: the authorization matrix', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(async () => {
    await h.stop();
  });

  it('refuses every route as documented, and audits every refusal', async () => {
    const report = await checkAuthorizationMatrix({
      service: h.service,
      dataSource: h.db,
      foreignAudience: 'careflow-eligibility',
      // The matrix sends JSON; refusals come before the body is read (a JSON string would be
      // refused by the JSON parser first, so the interchange travels inside an object).
      fixtures: {
        'POST /x12': { body: { interchange: await sample834(newSampleIds()) } },
        // CDS Hooks routes: EHRs sign their own JWTs (x-external-authentication), never Careflow tokens.
        'POST /cds-services/{serviceId}': {
          params: { serviceId: 'crd-order-sign' },
          body: orderSignRequest('M-CRD-MATRIX'),
        },
      },
    });
    expect(report.failures).toEqual([]);
    expect(report.operations.map((o) => o.key)).toEqual(
      expect.arrayContaining(['POST /x12', 'GET /cds-services', 'POST /cds-services/{serviceId}']),
    );
    expect(
      report.operations.filter((o) => o.externalAuthentication === 'cds-hooks-client-jwt'),
    ).toHaveLength(2);
    expect(report.refusals).toBeGreaterThanOrEqual(5);
  });
});
