import { ReferenceFileError } from '@careflow/contracts';
import {
  addDays,
  applyClinicalEvent,
  CCM_CRITERIA_2025_1,
  CCM_CRITERIA_2026_1,
  emptyClinicalProfile,
  loadCriteriaConfig,
  type CcmCriteriaConfig,
  type ClinicalEvent,
  type ClinicalProfile,
  type DischargeData,
  type EncounterData,
  type MedicalClaimData,
  type PharmacyClaimData,
} from '../src';

export const MEMBER = 'M-100';
export const AS_OF = '2025-06-15';
export const CONFIG = CCM_CRITERIA_2025_1;
/** The 2026.1 rules (transfers by discharge status, CCSR groups, labs, MTM), in effect from 2026. */
export const CONFIG_2026 = CCM_CRITERIA_2026_1;
export const AS_OF_2026 = '2026-06-15';
export const FACILITY_A = '1111111111';
export const FACILITY_B = '2222222222';
export const FACILITY_C = '3333333333';

let seq = 0;
const nextId = (prefix: string) => `${prefix}-${++seq}`;

export function professionalClaim(
  serviceFrom: string,
  diagnosisCodes: string[],
  extra: Partial<MedicalClaimData> = {},
): ClinicalEvent {
  return {
    kind: 'medical-claim',
    data: {
      claimId: nextId('CLM'),
      memberId: MEMBER,
      claimType: 'professional',
      status: 'paid',
      serviceFrom,
      diagnosisCodes,
      ...extra,
    },
  };
}

export function inpatientClaim(
  admissionDate: string,
  dischargeDate: string,
  diagnosisCodes: string[],
  extra: Partial<MedicalClaimData> = {},
): ClinicalEvent {
  return {
    kind: 'medical-claim',
    data: {
      claimId: nextId('CLM'),
      memberId: MEMBER,
      claimType: 'institutional-inpatient',
      status: 'paid',
      serviceFrom: admissionDate,
      serviceTo: dischargeDate,
      admissionDate,
      dischargeDate,
      facilityNpi: FACILITY_A,
      diagnosisCodes,
      ...extra,
    },
  };
}

export function adtDischarge(
  admissionDate: string,
  dischargeDate: string,
  diagnosisCodes: string[],
  extra: Partial<DischargeData> = {},
): ClinicalEvent {
  return {
    kind: 'adt-discharge',
    data: {
      encounterId: nextId('ENC'),
      memberId: MEMBER,
      facilityNpi: FACILITY_A,
      admissionDate,
      dischargeDate,
      diagnosisCodes,
      ...extra,
    },
  };
}

export function encounter(
  serviceDate: string,
  diagnosisCodes: string[],
  extra: Partial<EncounterData> = {},
): ClinicalEvent {
  return {
    kind: 'encounter',
    data: { encounterId: nextId('EN'), memberId: MEMBER, serviceDate, diagnosisCodes, ...extra },
  };
}

export function pharmacyFill(
  fillDate: string,
  extra: Partial<PharmacyClaimData> = {},
): ClinicalEvent {
  return {
    kind: 'pharmacy-claim',
    data: {
      claimId: nextId('RX'),
      memberId: MEMBER,
      status: 'paid',
      fillDate,
      ndc: '00093-7146-56',
      pharmacyChannel: 'retail',
      ...extra,
    },
  };
}

/** `count` paid fills on consecutive days from `from`. */
export function fills(from: string, count: number): ClinicalEvent[] {
  return Array.from({ length: count }, (_, i) => pharmacyFill(addDays(from, i % 28)));
}

export function profileOf(...events: ClinicalEvent[]): ClinicalProfile {
  return events.reduce(applyClinicalEvent, emptyClinicalProfile(MEMBER));
}

export function configWith(patch: (c: CcmCriteriaConfig) => void): CcmCriteriaConfig {
  const copy = structuredClone(CONFIG);
  patch(copy);
  return loadCriteriaConfig(copy);
}

export function labResult(
  resultDate: string,
  loinc: string,
  value: string | number | null,
  unit: string | null,
): ClinicalEvent {
  return {
    kind: 'lab-result',
    data: { resultId: nextId('LAB'), memberId: MEMBER, loinc, value, unit, resultDate },
  };
}

export function mtmReview(reviewDate: string, medicationCount: number): ClinicalEvent {
  return {
    kind: 'mtm-review',
    data: { reviewId: nextId('MTM'), memberId: MEMBER, reviewDate, medicationCount },
  };
}

export function configWith2026(patch: (c: CcmCriteriaConfig) => void): CcmCriteriaConfig {
  const copy = structuredClone(CONFIG_2026);
  patch(copy);
  return loadCriteriaConfig(copy);
}

/** The problems a reference table loader reports (it must throw `ReferenceFileError`). */
export function referenceIssues(load: () => unknown): readonly string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ReferenceFileError) return error.issues;
    throw error;
  }
  throw new Error('the table loaded');
}
