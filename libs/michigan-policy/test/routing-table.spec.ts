import { MI_UM_2025_2, compileRoutingPolicy } from '../src';
import { coverage } from './fixtures/coverage';
import { DRUGS } from './fixtures/drugs';
import { paRequest } from './fixtures/requests';
import { ROUTING_TABLE } from './fixtures/routing-table';
import { SOURCE_DOCUMENT_TEXT } from './fixtures/source-document';

const router = compileRoutingPolicy(MI_UM_2025_2);
const rulesById = new Map(MI_UM_2025_2.rules.map((r) => [r.id, r]));

describe('routing table: every line of business, funding type and group exception of the document', () => {
  it.each(
    ROUTING_TABLE.map(
      (row) =>
        [
          `${row.benefit} ${row.drug} / ${row.lineOfBusiness} / ${row.fundingType} / ${row.group ?? 'individual'} / PBA ${row.pba ?? 'none'} -> ${row.outcome} ${row.vendor ?? ''} (${row.rule})`,
          row,
        ] as const,
    ),
  )('%s', (_name, row) => {
    const decision = router.route({
      request: paRequest(row.benefit, DRUGS[row.drug]),
      coverage: coverage(row.lineOfBusiness, row.fundingType, row.group, row.pba ?? null),
    });

    expect(decision.outcome).toBe(row.outcome);
    expect(decision.vendor?.id ?? null).toBe(row.vendor);
    expect(decision.submissionChannel).toBe(row.channel);
    expect(decision.ruleTrace).toContain(row.rule);
    expect(decision.policyVersion).toBe('mi-um-2025.2');
    expect(decision.reasons.length).toBeGreaterThan(0);
    expect(decision.instructions).toContain('eligibility and benefits');

    // The row cites the document, and the deciding rule quotes the same document.
    expect(SOURCE_DOCUMENT_TEXT).toContain(row.source);
    const rule = rulesById.get(row.rule);
    if (rule) for (const quote of rule.source) expect(SOURCE_DOCUMENT_TEXT).toContain(quote);

    if (row.channel === 'vendor-managed') {
      // The document gives no resources for Accredo, Express Scripts or OptumRx.
      expect(decision.resources).toEqual([]);
    } else if (row.outcome === 'routed') {
      expect(decision.resources.length).toBeGreaterThan(0);
    } else {
      expect(decision.resources).toEqual([]);
    }
  });

  it('routes AIM requests through the AIM ProviderPortal with the AIM resources of the line of business', () => {
    const decision = router.route({
      request: paRequest('medical', DRUGS.oncology),
      coverage: coverage('medicare-plus-blue', 'individual', null),
    });
    expect(decision.vendor).toEqual({ id: 'aim-specialty-health', name: 'AIM Specialty Health' });
    expect(decision.instructions).toContain('AIM ProviderPortal');
    const titles = decision.resources.map((r) => r.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        expect.stringContaining('aimproviders.com/medoncology-bcbsm'),
        expect.stringContaining('Medicare Plus Blue PPO Manual'),
        expect.stringContaining('Blue Cross Medical Benefit Drugs'),
      ]),
    );
    expect(titles.join(' ')).not.toContain('BCN Provider Manual');
    expect(decision.ruleTrace).toEqual(['drug-class.hcpcs.j9000-j9999', 'aim.mapb']);
  });

  it('tells staff to use NovoLogix for medical benefit drugs and an ePA tool for pharmacy benefit drugs', () => {
    const medical = router.route({
      request: paRequest('medical', DRUGS.carT),
      coverage: coverage('bcn-commercial', 'fully-insured', 'acme'),
    });
    expect(medical.instructions).toMatch(/NovoLogix/);
    expect(medical.resources.map((r) => r.title).join(' ')).toContain('BCN Medical Benefit Drugs');

    const pharmacy = router.route({
      request: paRequest('pharmacy', DRUGS.retailNdc),
      coverage: coverage('bcn-commercial', 'fully-insured', 'acme'),
    });
    expect(pharmacy.instructions).toMatch(/CoverMyMeds.*Surescripts/);
    expect(pharmacy.ruleTrace).toEqual(['rx.bcn-commercial']);
    expect(pharmacy.resources.map((r) => r.title)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('BCN Pharmacy Benefit Drugs'),
        expect.stringContaining('submit your prior authorization requests electronically'),
      ]),
    );
  });

  it('tells staff to contact the vendor when the document names no submission tool for it', () => {
    const decision = router.route({
      request: paRequest('pharmacy', DRUGS.retailNdc),
      coverage: coverage('medicare-plus-blue', 'self-funded', 'stateOfMichigan'),
    });
    expect(decision.vendor).toEqual({ id: 'optumrx', name: 'OptumRx' });
    expect(decision.instructions).toContain('contact OptumRx');
    expect(decision.resources).toEqual([]);
  });

  it('adds a "most groups" caveat for a group the document does not name', () => {
    const decision = router.route({
      request: paRequest('medical', DRUGS.other),
      coverage: coverage('blue-cross-commercial', 'self-funded', 'acme'),
    });
    expect(decision.reasons.join(' ')).toContain(
      'Acme Manufacturing (acme-manufacturing) is not one of them',
    );
  });
});
