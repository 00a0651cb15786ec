import type { ClinicalProfile } from './clinical-profile';
import { criteriaVersion, type CcmCriteriaConfig } from './config';
import { assertIsoDate, type IsoDate } from './dates';
import { threeOrMoreAdmissions, type AdmissionsEvidence } from './criteria/admissions';
import { cancerMultipleModalities, type CancerEvidence } from './criteria/cancer-modalities';
import {
  fourOrMoreChronicConditions,
  type ChronicConditionsEvidence,
} from './criteria/chronic-conditions';
import { majorOrganTransplant, type TransplantEvidence } from './criteria/major-organ-transplant';
import { majorTrauma, type TraumaEvidence } from './criteria/major-trauma';
import { polypharmacyOver30PerQuarter, type PolypharmacyEvidence } from './criteria/polypharmacy';
import {
  readmissionWithin30Days,
  type CriteriaReferences,
  type ReadmissionEvidence,
} from './criteria/readmission';
import { reconcileInpatientStays } from './criteria/inpatient-episodes';
import {
  CRITERION_IDS,
  type CriterionId,
  type CriterionResult,
  type EvidenceBase,
} from './criteria/types';

/** The evidence type of each criterion. */
export interface CriterionEvidenceMap {
  'major-organ-transplant': TransplantEvidence;
  'major-trauma': TraumaEvidence;
  'four-or-more-chronic-conditions': ChronicConditionsEvidence;
  'three-or-more-admissions-12-months': AdmissionsEvidence;
  'readmission-30-days-same-condition': ReadmissionEvidence;
  'polypharmacy-over-30-per-quarter': PolypharmacyEvidence;
  'cancer-multiple-modalities': CancerEvidence;
}

export type CriterionEvidence = CriterionEvidenceMap[CriterionId];

export type CriterionFunction<K extends CriterionId> = (
  profile: ClinicalProfile,
  asOf: IsoDate,
  config: CcmCriteriaConfig,
) => CriterionResult<CriterionEvidenceMap[K]>;

/** One pure function per criterion, in the contract's order. */
export const CRITERIA: { [K in CriterionId]: CriterionFunction<K> } = {
  'major-organ-transplant': majorOrganTransplant,
  'major-trauma': majorTrauma,
  'four-or-more-chronic-conditions': fourOrMoreChronicConditions,
  'three-or-more-admissions-12-months': threeOrMoreAdmissions,
  'readmission-30-days-same-condition': readmissionWithin30Days,
  'polypharmacy-over-30-per-quarter': polypharmacyOver30PerQuarter,
  'cancer-multiple-modalities': cancerMultipleModalities,
};

/** The criteria part of a `ccm.evaluations.v1` event. */
export interface CcmEvaluation {
  asOf: IsoDate;
  /** The ids of the criteria met, in the contract's order. */
  criteriaMet: CriterionId[];
  /** Evidence for every criterion, met or not (a consumer may publish only the met ones). */
  evidence: CriterionEvidenceMap;
  /** True when at least one criterion is met: the member is identified for complex case management. */
  eligible: boolean;
  /** The criteria version id, e.g. `ccm-criteria-2025.1`. */
  policyVersion: string;
}

/**
 * Evaluates every CCM criterion for a member's profile as of a date. `criteriaVersion` is a
 * version id (`ccm-criteria-2025.1`) or an already validated config (see `loadCriteriaConfig`);
 * `criteriaVersionInEffect(asOf)` picks the version by effective date. `references` carries a
 * loaded DXCCSR table (default: the shipped one). Pure and synchronous.
 */
export function evaluateCcmCriteria(
  profile: ClinicalProfile,
  asOf: IsoDate,
  criteriaVersionOrConfig: string | CcmCriteriaConfig,
  references: CriteriaReferences = {},
): CcmEvaluation {
  assertIsoDate(asOf, 'asOf');
  const config =
    typeof criteriaVersionOrConfig === 'string'
      ? criteriaVersion(criteriaVersionOrConfig)
      : criteriaVersionOrConfig;
  const evidence = {} as Record<CriterionId, EvidenceBase>;
  const criteriaMet: CriterionId[] = [];
  // Admissions and readmissions read the same episodes: reconcile the stays once.
  const episodes = reconcileInpatientStays(profile.inpatientStays, config.inpatient);
  for (const id of CRITERION_IDS) {
    const result =
      id === 'three-or-more-admissions-12-months'
        ? threeOrMoreAdmissions(profile, asOf, config, episodes)
        : id === 'readmission-30-days-same-condition'
          ? readmissionWithin30Days(profile, asOf, config, episodes, references)
          : (CRITERIA[id] as CriterionFunction<CriterionId>)(profile, asOf, config);
    evidence[id] = result.evidence;
    if (result.met) criteriaMet.push(id);
  }
  return {
    asOf,
    criteriaMet,
    evidence: evidence as unknown as CriterionEvidenceMap,
    eligible: criteriaMet.length > 0,
    policyVersion: config.version,
  };
}
