import { miUm20251Document } from '@careflow/michigan-policy';
import { checkAuthorizationMatrix } from '@careflow/platform';
import {
  decidedRequest,
  integrator,
  noVendors,
  otherVendor,
  paRequest,
  startHarness,
  type Harness,
} from './harness';

/** Every documented route: 401, 403 and 404 where they belong, each refusal audited. */
describe('authorization-routing: the authorization matrix', () => {
  let h: Harness;
  let member: string;
  let requestId: string;

  beforeAll(async () => {
    h = await startHarness();
    const decided = await decidedRequest(h);
    expect(decided.decision.vendor?.id).toBe('aim-specialty-health');
    member = decided.memberId;
    requestId = decided.request.requestId;
  });

  afterAll(async () => {
    await h.stop();
  });

  it('refuses every route as documented, and audits every refusal', async () => {
    const determination = { determination: 'approved', date: '2026-01-10' };
    const report = await checkAuthorizationMatrix({
      service: h.service,
      dataSource: h.dataSource,
      foreignAudience: 'careflow-eligibility',
      fixtures: {
        'GET /pa-requests/{requestId}/decision': {
          params: { requestId },
          outsiders: [otherVendor, noVendors],
          owner: integrator,
        },
        'POST /pa-requests/{requestId}/determination': {
          params: { requestId },
          body: determination,
          outsiders: [otherVendor, noVendors],
        },
        'POST /routing/simulate': { body: paRequest(member) },
        'POST /policies': { body: miUm20251Document },
        'POST /policies/{version}/activate': {
          params: { version: miUm20251Document.version },
          body: {},
        },
      },
    });
    expect(report.failures).toEqual([]);
    expect(report.operations.filter((o) => !o.isPublic).length).toBeGreaterThanOrEqual(8);
    // The outsiders' attempts changed nothing.
    const rows: { determination: string | null }[] = await h.dataSource.query(
      `SELECT determination FROM routing_decisions WHERE request_id = $1`,
      [requestId],
    );
    expect(rows).toEqual([{ determination: null }]);
  });
});
