import {
  FUNDING_TYPES,
  LINES_OF_BUSINESS,
  MI_UM_2025_1,
  MI_UM_2025_2,
  PHARMACY_BENEFIT_ADMINISTRATORS,
  SYSTEM_RULE_IDS,
  compileRoutingPolicy,
  createDefaultPolicyRegistry,
  type Benefit,
  type FundingType,
  type LineOfBusiness,
  type PharmacyBenefitAdministrator,
  type RoutingDecision,
} from '../src';
import { GROUPS, coverage, type GroupName } from './fixtures/coverage';
import { DRUGS, type DrugName } from './fixtures/drugs';
import { paRequest } from './fixtures/requests';

const registry = createDefaultPolicyRegistry();
const TODAY = '2026-12-07';
const routers = new Map(
  registry.list().map((policy) => [policy.version, compileRoutingPolicy(policy)]),
);

function routeWith(
  version: string,
  benefit: Benefit,
  drug: DrugName,
  lob: LineOfBusiness,
  funding: FundingType,
  group: GroupName | null,
  pba: PharmacyBenefitAdministrator | null,
): RoutingDecision {
  const router = routers.get(version);
  if (!router) throw new Error(`no ${version}`);
  return router.route({
    request: paRequest(benefit, DRUGS[drug]),
    coverage: coverage(lob, funding, group, pba),
  });
}

describe('a decision made now uses mi-um-2025.2; byVersion reproduces mi-um-2025.1', () => {
  it('a request decided today for a 2025 date of service uses 2025.2', () => {
    expect(registry.versionFor({ dateOfService: '2025-03-14', decidedOn: TODAY })?.version).toBe(
      'mi-um-2025.2',
    );
  });

  it('UAW trust, pharmacy benefit, no PBA on file: 2025.2 manual review, 2025.1 the Pharmacy departments', () => {
    const args = [
      'pharmacy',
      'retailNdc',
      'blue-cross-commercial',
      'self-funded',
      'uaw',
      null,
    ] as const;
    const now = routeWith('mi-um-2025.2', ...args);
    expect(now).toMatchObject({
      outcome: 'manual-review',
      vendor: null,
      policyVersion: 'mi-um-2025.2',
    });
    expect(now.ruleTrace).toEqual(['rx.bcc.self-funded.uaw-pba-unknown']);
    expect(now.reasons.at(-1)).toMatch(
      /^Policy mi-um-2025.2 \(adopted 2026-12-07\) revises mi-um-2025.1 here: UAW Retiree Medical Benefits Trust pharmacy benefit requests whose coverage names no pharmacy benefit administrator go to manual review/,
    );
    const then = routeWith('mi-um-2025.1', ...args);
    expect(then).toMatchObject({
      outcome: 'routed',
      vendor: { id: 'bcbsm-bcn-pharmacy' },
      submissionChannel: 'electronic-pa',
      policyVersion: 'mi-um-2025.1',
    });
    expect(then.ruleTrace).toEqual(['rx.bcc.self-funded']);
    expect(then.reasons.join(' ')).not.toContain('revises');
  });

  it('UAW trust labelled fully insured: 2025.2 names the data conflict, 2025.1 routed by the label', () => {
    const args = [
      'medical',
      'carT',
      'blue-cross-commercial',
      'fully-insured',
      'uaw',
      null,
    ] as const;
    const now = routeWith('mi-um-2025.2', ...args);
    expect(now.outcome).toBe('manual-review');
    expect(now.ruleTrace).toEqual([SYSTEM_RULE_IDS.groupFundingConflict]);
    expect(now.reasons.at(-1)).toMatch(/revises mi-um-2025.1 here: Groups name the funding/);
    // A decision the revision does not change carries no such reason.
    const unchanged = routeWith(
      'mi-um-2025.2',
      'medical',
      'carT',
      'bcn-commercial',
      'self-funded',
      'acme',
      null,
    );
    expect(unchanged.reasons.join(' ')).not.toContain('revises');
    expect(routeWith('mi-um-2025.1', ...args)).toMatchObject({
      outcome: 'routed',
      vendor: { id: 'bcbsm-bcn-pharmacy' },
      submissionChannel: 'novologix',
    });
  });

  it('2025.2 changes the outcome, vendor or channel only where its change log says', () => {
    const groups: (GroupName | null)[] = [null, ...(Object.keys(GROUPS) as GroupName[])];
    const pbas = [null, ...PHARMACY_BENEFIT_ADMINISTRATORS];
    const requests: [Benefit, DrugName][] = [
      ['pharmacy', 'retailNdc'],
      ['pharmacy', 'oncologyNdc'],
      ...(['oncology', 'supportiveCare', 'carT', 'other'] as const).map(
        (d): [Benefit, DrugName] => ['medical', d],
      ),
    ];
    /** The #24 findings: a group under funding the document does not place it in; UAW without PBA. */
    const explained = (
      benefit: Benefit,
      lob: LineOfBusiness,
      funding: FundingType,
      group: GroupName | null,
      pba: PharmacyBenefitAdministrator | null,
    ): boolean =>
      lob === 'blue-cross-commercial' &&
      ((group === 'uaw' && funding !== 'self-funded') ||
        (group === 'messa' && funding !== 'fully-insured') ||
        (group === 'uaw' && funding === 'self-funded' && benefit === 'pharmacy' && pba === null));
    const changed: string[] = [];
    const expected: string[] = [];
    for (const [benefit, drug] of requests)
      for (const lob of LINES_OF_BUSINESS)
        for (const funding of FUNDING_TYPES)
          for (const group of groups)
            for (const pba of pbas) {
              if (funding === 'individual' && group !== null) continue;
              const key = `${benefit}/${drug}/${lob}/${funding}/${group ?? '-'}/${pba ?? '-'}`;
              const args = [benefit, drug, lob, funding, group, pba] as const;
              const [a, b] = [
                routeWith('mi-um-2025.1', ...args),
                routeWith('mi-um-2025.2', ...args),
              ];
              const same =
                a.outcome === b.outcome &&
                a.vendor?.id === b.vendor?.id &&
                a.submissionChannel === b.submissionChannel;
              if (!same) changed.push(key);
              // A conflict is named even where both readings give manual review: outcome unchanged.
              if (explained(benefit, lob, funding, group, pba) && a.outcome !== 'manual-review')
                expected.push(key);
            }
    expect(changed.length).toBeGreaterThan(0);
    expect(changed).toEqual(expected);
    expect(MI_UM_2025_2.changeLog?.length).toBe(2);
    expect(MI_UM_2025_1.changeLog).toBeUndefined();
  });
});
