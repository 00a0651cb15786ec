import { Inject, Injectable } from '@nestjs/common';
import type { CcmCriterionId, IdentificationSource } from '@careflow/contracts';
import { businessCounter, businessGauges, PlatformMetrics } from '@careflow/platform';
import { CaseMetricsRepository } from './case-metrics.repository';

/** The fact a transaction notes for each case it opens (`ccm.cases.v1` also carries reassignments). */
export const CASE_OPENED_FACT = 'case-management.case-opened';

export interface CaseOpenedFact {
  readonly criteriaMet: readonly CcmCriterionId[];
  readonly identificationSources: readonly IdentificationSource[];
}

/** The fact of an opened case: its criteria and sources only (enumerations, never an id). */
export function caseOpenedFact(opened: CaseOpenedFact): CaseOpenedFact {
  return {
    criteriaMet: opened.criteriaMet,
    identificationSources: opened.identificationSources,
  };
}

/**
 * The labels of one new case: one per criterion met (`none` for a referral that meets none), with
 * the source that identified it (`multiple` when several did). Summed by criterion they count the
 * cases each criterion identified; summed by source, criteria met (a case of two counts twice).
 */
export function identificationLabels(
  fact: CaseOpenedFact,
): { criterion: string; source: string }[] {
  const [only, ...others] = fact.identificationSources;
  const source = only === undefined ? 'unknown' : others.length > 0 ? 'multiple' : only;
  const criteria = fact.criteriaMet.length > 0 ? fact.criteriaMet : ['none'];
  return criteria.map((criterion) => ({ criterion, source }));
}

/**
 * Case management's business figures: members newly identified, counted when the transaction that
 * opened their case commits, and cases by status read from the database at each scrape.
 */
@Injectable()
export class CaseManagementMetrics {
  constructor(
    @Inject(PlatformMetrics) platform: PlatformMetrics,
    @Inject(CaseMetricsRepository) repository: CaseMetricsRepository,
  ) {
    const identifications = businessCounter(platform, 'careflow_ccm_identifications_total');
    platform.onFactCommitted(CASE_OPENED_FACT, (fact) => {
      for (const labels of identificationLabels(fact as CaseOpenedFact))
        identifications.inc(labels);
    });
    businessGauges(platform, ['careflow_cases'], async () => ({
      careflow_cases: (await repository.casesByStatus()).map(({ status, count }) => ({
        labels: { status },
        value: count,
      })),
    }));
  }
}
