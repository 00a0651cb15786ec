import { MI_UM_2025_2, evaluateAdherenceEligibility, fillMayQualify } from '../src';
import { ADHERENCE_CASES } from './fixtures/adherence-cases';
import { coverage } from './fixtures/coverage';
import { SOURCE_DOCUMENT_TEXT } from './fixtures/source-document';

describe('Sempre Health drug adherence discount program eligibility', () => {
  it.each(ADHERENCE_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(SOURCE_DOCUMENT_TEXT).toContain(c.source);
    const result = evaluateAdherenceEligibility(
      {
        coverage:
          c.lineOfBusiness === null
            ? null
            : coverage(
                c.lineOfBusiness,
                c.fundingType,
                c.fundingType === 'individual' ? null : 'acme',
              ),
        fill: c.fill,
      },
      MI_UM_2025_2,
    );
    expect(result.eligible).toBe(c.eligible);
    expect(result.ruleTrace).toContain(c.decidedBy);
    expect(result.program).toBe('drug-adherence-discount');
    expect(result.vendor).toEqual({ id: 'sempre-health', name: 'Sempre Health' });
    expect(result.policyVersion).toBe('mi-um-2025.2');
    expect(result.reasons.length).toBeGreaterThanOrEqual(3);
  });

  // Case management looks up coverage only for fills that may qualify: that must never skip one
  // that qualifies, and a fill that may not must fail for a reason coverage cannot change.
  it.each(ADHERENCE_CASES.map((c) => [c.name, c] as const))(
    'fillMayQualify agrees with the full judgement: %s',
    (_name, c) => {
      const mayQualify = fillMayQualify(c.fill, MI_UM_2025_2);
      if (c.eligible) expect(mayQualify).toBe(true);
      const withoutCoverage = evaluateAdherenceEligibility(
        { coverage: null, fill: c.fill },
        MI_UM_2025_2,
      );
      const failedBesidesCoverage = withoutCoverage.ruleTrace.some(
        (t) => t.endsWith('.not-met') && t !== 'adherence.coverage.not-met',
      );
      expect(mayQualify).toBe(!failedBesidesCoverage);
    },
  );

  it('lists every unmet condition, not only the first', () => {
    const result = evaluateAdherenceEligibility(
      {
        coverage: coverage('medicare-plus-blue', 'individual', null),
        fill: {
          fillDate: '2025-03-14',
          ndc: '00000000000',
          drugName: 'amoxicillin',
          pharmacyChannel: 'mail-order',
        },
      },
      MI_UM_2025_2,
    );
    expect(result.eligible).toBe(false);
    expect(result.ruleTrace).toEqual([
      'adherence.line-of-business.not-met',
      'adherence.pharmacy-channel.not-met',
      'adherence.select-medication.not-met',
    ]);
    expect(result.reasons[0]).toBe(
      "Sempre Health doesn't provide services for Medicare Advantage members (Medicare Plus Blue).",
    );
  });

  it('names the matched class and flags the list as provisional', () => {
    const result = evaluateAdherenceEligibility(
      {
        coverage: coverage('bcn-commercial', 'individual', null),
        fill: {
          fillDate: '2025-03-14',
          ndc: '00093-7365-56',
          drugName: 'Rosuvastatin 10mg',
          pharmacyChannel: 'retail',
        },
      },
      MI_UM_2025_2,
    );
    expect(result.medicationClass).toBe('statins');
    expect(result.reasons.join(' ')).toContain('provisional list: confirm with Pharmacy Services');
  });

  it('is not eligible when the coverage is not in force on the fill date', () => {
    const result = evaluateAdherenceEligibility(
      {
        coverage: {
          ...coverage('bcn-commercial', 'individual', null),
          terminationDate: '2025-02-28',
        },
        fill: {
          fillDate: '2025-03-14',
          ndc: '00071-0155-23',
          drugName: 'atorvastatin',
          pharmacyChannel: 'retail',
        },
      },
      MI_UM_2025_2,
    );
    expect(result.eligible).toBe(false);
    expect(result.ruleTrace).toContain('adherence.coverage.not-met');
  });
});
