import { checkAuthorizationMatrix } from '@careflow/platform';
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
      fixtures: { 'POST /x12': { body: { interchange: await sample834(newSampleIds()) } } },
    });
    expect(report.failures).toEqual([]);
    expect(report.operations.map((o) => o.key)).toContain('POST /x12');
    expect(report.refusals).toBeGreaterThanOrEqual(5);
  });
});
