import { topics, type PaPended } from '@careflow/contracts';
import { scrapeMetric } from '@careflow/platform';
import {
  decidedRequest,
  decisionOf,
  newMember,
  paRequest,
  publishCoverage,
  publishRequest,
  span,
  startHarness,
  waitUntil,
  type Harness,
} from './harness';

const AIM_ROUTED = { vendor: 'aim-specialty-health', outcome: 'routed' };

describe('authorization-routing: business metrics move with real decisions', () => {
  let h: Harness;

  beforeAll(async () => {
    // Held requests stay held for the whole test: only coverage arriving decides them.
    h = await startHarness({ COVERAGE_WAIT_MS: '600000' });
  });

  afterAll(async () => {
    await h.stop();
  });

  const scrape = (name: string, labels?: Record<string, string>): Promise<number> =>
    scrapeMetric(h.service, name, labels);

  it('counts a held request as pended until its coverage decides it, then the decision by vendor and outcome', async () => {
    const decisions = await scrape('careflow_pa_decisions_total', AIM_ROUTED);
    const pended = await scrape('careflow_pa_requests_pended');
    const member = newMember();
    const request = paRequest(member);
    await publishRequest(h, request);
    await h.probe.waitFor(
      (r) =>
        r.topic === topics.paRequestStatus.name &&
        (r.value as PaPended | null)?.requestId === request.requestId,
    );
    expect(await scrape('careflow_pa_requests_pended')).toBe(pended + 1);

    await publishCoverage(h, member, [span()]);
    expect((await decisionOf(h, request.requestId)).outcome).toBe('routed');
    await waitUntil(
      async () => (await scrape('careflow_pa_decisions_total', AIM_ROUTED)) === decisions + 1,
    );
    expect(await scrape('careflow_pa_requests_pended')).toBe(pended);
  });

  it('counts a routed request past its deadline without a determination as overdue', async () => {
    const overdue = await scrape('careflow_pa_requests_overdue');
    // Received 60 days ago: its determination deadline has passed.
    const received = new Date(Date.now() - 60 * 86_400_000).toISOString();
    const { decision } = await decidedRequest(h, [span()], received);
    expect(decision.outcome).toBe('routed');
    expect(Date.parse(decision.dueBy ?? '')).toBeLessThan(Date.now());
    expect(await scrape('careflow_pa_requests_overdue')).toBe(overdue + 1);
    const text = (await h.service.request('GET', '/metrics')).text;
    expect(text).not.toContain(decision.memberId);
    expect(text).not.toContain(decision.requestId);
  });
});
