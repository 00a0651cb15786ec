import { startTestService, type Principal, type TestService } from '@careflow/platform';
import { loadEligibilityConfig } from '../services/eligibility/src/config';
import { EligibilityModule } from '../services/eligibility/src/eligibility.module';
import {
  newSampleIds,
  postX12,
  sample834,
  startHarness,
  type Harness,
} from '../services/interop-gateway/test/harness';

const supervisor: Principal = { id: 'sup-834', name: 'Sam Supervisor', roles: ['supervisor'] };

interface CoverageBody {
  coverage?: {
    lineOfBusiness: string;
    fundingType: string;
    group: { id: string } | null;
    effectiveDate: string;
    terminationDate: string | null;
    pcp: { npi: string } | null;
  };
  reason?: string;
}

/**
 * The 834 door end to end: a file through the gateway's HTTP upload, its events through Kafka,
 * eligibility's answer over HTTP. Both services run on the real broker and database.
 */
describe('an 834 through the interop gateway ends as the coverage eligibility answers', () => {
  let gateway: Harness;
  let eligibility: TestService;

  beforeAll(async () => {
    eligibility = await startTestService(EligibilityModule.register(loadEligibilityConfig()));
    gateway = await startHarness();
  });

  afterAll(async () => {
    await gateway.stop();
    await eligibility.stop();
  });

  /** Eligibility's answer for `memberId` on `asOf`, once it satisfies `until`. */
  async function coverageOn(
    memberId: string,
    asOf: string,
    until: (status: number, body: CoverageBody) => boolean,
  ): Promise<{ status: number; body: CoverageBody }> {
    for (let attempt = 0; attempt < 600; attempt++) {
      const { status, body } = await eligibility.request(
        'GET',
        `/members/${memberId}/coverage?asOf=${asOf}`,
        { principal: supervisor },
      );
      if (until(status, body as CoverageBody)) return { status, body: body as CoverageBody };
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('eligibility never answered as expected');
  }

  it('adds, changes and terminates coverage as the file says', async () => {
    const ids = newSampleIds();
    const [added, changed, terminated] = ids.members;
    const answer = await postX12(gateway, await sample834(ids));
    expect(answer.text).toContain('AK9*A*1*1*1~');

    const add = await coverageOn(added, '2027-01-15', (s) => s === 200);
    expect(add.body.coverage).toMatchObject({
      lineOfBusiness: 'blue-cross-commercial',
      fundingType: 'fully-insured',
      group: { id: 'ACME-0042' },
      effectiveDate: '2027-01-01',
      terminationDate: null,
      pcp: { npi: '1234567893' },
    });
    const change = await coverageOn(changed, '2026-06-01', (s) => s === 200);
    expect(change.body.coverage).toMatchObject({
      lineOfBusiness: 'medicare-plus-blue',
      group: { id: 'uaw-retiree-trust' },
    });
    const term = await coverageOn(terminated, '2026-06-01', (s) => s === 200);
    expect(term.body.coverage).toMatchObject({
      lineOfBusiness: 'bcn-commercial',
      fundingType: 'individual',
      terminationDate: '2026-12-31',
    });
    const after = await coverageOn(terminated, '2027-01-15', (s) => s === 404);
    expect(after.body.reason).toBe('no-active-coverage');

    // A later change file terminates the added member at the end of March.
    const termination = (await sample834({ ...newSampleIds(), members: ids.members }))
      .replace('INS*Y*18*021*28', 'INS*Y*18*024*07')
      .replace('DTP*348*D8*20270101~', 'DTP*348*D8*20270101~\nDTP*349*D8*20270331~')
      .replace('SE*35*', 'SE*36*');
    expect((await postX12(gateway, termination)).text).toContain('AK9*A*1*1*1~');
    const ended = await coverageOn(
      added,
      '2027-02-01',
      (s, b) => s === 200 && b.coverage?.terminationDate === '2027-03-31',
    );
    expect(ended.body.coverage).toMatchObject({ effectiveDate: '2027-01-01' });
    const gone = await coverageOn(added, '2027-04-15', (s) => s === 404);
    expect(gone.body.reason).toBe('no-active-coverage');
  });
});
