import type { CoverageSpan } from '@careflow/contracts';
import type { MemberCoverage } from './types';

/** The fields of a published coverage span the routing policy reads. */
export function memberCoverageOf(span: CoverageSpan): MemberCoverage {
  return {
    lineOfBusiness: span.lineOfBusiness,
    fundingType: span.fundingType,
    group: span.group ? { id: span.group.id, name: span.group.name } : null,
    pharmacyBenefitAdministrator: span.pharmacyBenefitAdministrator,
    effectiveDate: span.effectiveDate,
    terminationDate: span.terminationDate,
  };
}
