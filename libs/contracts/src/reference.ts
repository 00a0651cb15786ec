import { z } from 'zod';

// Reference values of the contract (interface.md). Each list is a `const` tuple so that it is both
// a runtime value (for enums in the schemas, the AsyncAPI document, UI pickers) and a union type.

export const LINES_OF_BUSINESS = [
  'blue-cross-commercial',
  'medicare-plus-blue',
  'bcn-commercial',
  'bcn-advantage',
] as const;
export type LineOfBusiness = (typeof LINES_OF_BUSINESS)[number];
export const lineOfBusiness = z.enum(LINES_OF_BUSINESS);

export const FUNDING_TYPES = ['fully-insured', 'self-funded', 'individual'] as const;
export type FundingType = (typeof FUNDING_TYPES)[number];
export const fundingType = z.enum(FUNDING_TYPES);

/** Groups with their own arrangements. A group id may be any string; these are the ones the policy names. */
export const KNOWN_GROUP_IDS = [
  'uaw-retiree-trust',
  'mpsers',
  'state-of-michigan',
  'messa',
] as const;
export type KnownGroupId = (typeof KNOWN_GROUP_IDS)[number];
export const KNOWN_GROUPS: Readonly<Record<KnownGroupId, string>> = {
  'uaw-retiree-trust': 'UAW Retiree Medical Benefits Trust',
  mpsers: "Michigan Public School Employees' Retirement System",
  'state-of-michigan': 'State of Michigan',
  messa: 'Michigan Education Special Services Association',
};
export function isKnownGroupId(id: string): id is KnownGroupId {
  return (KNOWN_GROUP_IDS as readonly string[]).includes(id);
}

export const PHARMACY_BENEFIT_ADMINISTRATORS = ['express-scripts', 'optumrx'] as const;
export type PharmacyBenefitAdministrator = (typeof PHARMACY_BENEFIT_ADMINISTRATORS)[number];
export const pharmacyBenefitAdministrator = z.enum(PHARMACY_BENEFIT_ADMINISTRATORS);

export const MEDICAL_CLAIM_TYPES = [
  'institutional-inpatient',
  'institutional-outpatient',
  'professional',
] as const;
export type MedicalClaimType = (typeof MEDICAL_CLAIM_TYPES)[number];

export const MEDICAL_CLAIM_STATUSES = ['paid', 'denied', 'reversed'] as const;
export type MedicalClaimStatus = (typeof MEDICAL_CLAIM_STATUSES)[number];

/** Whether a medical claim was decided by the payer or only submitted (an 837). */
export const CLAIM_STAGES = ['adjudicated', 'submitted'] as const;
/** Claim frequency (UB-04 type of bill digit 3, 837 CLM05-3): 1 original, 7 replacement, 8 void. */
export const CLAIM_FREQUENCIES = ['original', 'replacement', 'void'] as const;
/** HI qualifiers of an 837: ABK/BK principal, ABF/BF other, ABJ admitting, APR reason, ABN external cause. */
export const CLAIM_DIAGNOSIS_ROLES = [
  'principal',
  'other',
  'admitting',
  'reason-for-visit',
  'external-cause',
] as const;
/** CMS present-on-admission indicators (837I HI0n-9): Y, N, U, W, 1 (exempt). */
export const PRESENT_ON_ADMISSION = ['Y', 'N', 'U', 'W', '1'] as const;

export const PHARMACY_CLAIM_STATUSES = ['paid', 'reversed'] as const;
export type PharmacyClaimStatus = (typeof PHARMACY_CLAIM_STATUSES)[number];

export const PHARMACY_CHANNELS = ['retail', 'mail-order', 'specialty'] as const;
export type PharmacyChannel = (typeof PHARMACY_CHANNELS)[number];

export const REFERRAL_SOURCES = [
  'provider',
  'disease-management',
  'discharge-planner',
  'member-self',
  'member-services',
] as const;
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];

export const PA_BENEFITS = ['medical', 'pharmacy'] as const;
export type PaBenefit = (typeof PA_BENEFITS)[number];

export const DRUG_CODE_SYSTEMS = ['HCPCS', 'NDC'] as const;
export type DrugCodeSystem = (typeof DRUG_CODE_SYSTEMS)[number];

export const PA_URGENCIES = ['expedited', 'standard'] as const;
export type PaUrgency = (typeof PA_URGENCIES)[number];

export const ROUTING_OUTCOMES = ['routed', 'manual-review', 'not-eligible'] as const;
export type RoutingOutcome = (typeof ROUTING_OUTCOMES)[number];

export const VENDOR_IDS = [
  'bcbsm-bcn-pharmacy',
  'aim-specialty-health',
  'accredo',
  'express-scripts',
  'optumrx',
] as const;
export type VendorId = (typeof VENDOR_IDS)[number];
export const VENDOR_NAMES: Readonly<Record<VendorId, string>> = {
  'bcbsm-bcn-pharmacy': 'Blue Cross and BCN Pharmacy',
  'aim-specialty-health': 'AIM Specialty Health',
  accredo: 'Accredo',
  'express-scripts': 'Express Scripts',
  optumrx: 'OptumRx',
};

export const SUBMISSION_CHANNELS = [
  'novologix',
  'electronic-pa',
  'aim-providerportal',
  'vendor-managed',
] as const;
export type SubmissionChannel = (typeof SUBMISSION_CHANNELS)[number];

export const CCM_CRITERION_IDS = [
  'major-organ-transplant',
  'major-trauma',
  'four-or-more-chronic-conditions',
  'three-or-more-admissions-12-months',
  'readmission-30-days-same-condition',
  'polypharmacy-over-30-per-quarter',
  'cancer-multiple-modalities',
] as const;
export type CcmCriterionId = (typeof CCM_CRITERION_IDS)[number];
export const ccmCriterionId = z.enum(CCM_CRITERION_IDS);

export const CASE_STATUSES = [
  'identified',
  'assessment-pending',
  'enrolled',
  'declined',
  'unable-to-reach',
  'not-eligible',
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Why a case stopped being open, when the service closed it (optional on `ccm.cases.v1`). */
export const CASE_CLOSURE_REASONS = [
  'coverage-ended',
  'criteria-no-longer-met',
  'closed-by-case-manager',
] as const;
export type CaseClosureReason = (typeof CASE_CLOSURE_REASONS)[number];

/** Data feeds that can identify a member for case management (besides referrals). */
export const DATA_IDENTIFICATION_SOURCES = [
  'medical-claims',
  'adt-discharges',
  'pharmacy-claims',
  'encounters',
  'lab-results',
  'mtm-reviews',
] as const;
/** How a case was identified: a data feed, or a referral from one of the referral sources. */
export const IDENTIFICATION_SOURCES = [
  ...DATA_IDENTIFICATION_SOURCES,
  ...REFERRAL_SOURCES,
] as const;
export type IdentificationSource = (typeof IDENTIFICATION_SOURCES)[number];

export const NOTIFICATION_KINDS = [
  'enrollment-notice',
  'clinical-status-update',
  'condition-change-call',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/** Kinds delivered as a written letter (they carry a `letterUrl`); the others are phone calls (`dueBy`). */
export const WRITTEN_NOTIFICATION_KINDS = ['enrollment-notice', 'clinical-status-update'] as const;

/** `pending`: a call still to make; `sent`: a letter issued; `completed`: a call made; `cancelled`. */
export const NOTIFICATION_STATUSES = ['pending', 'sent', 'completed', 'cancelled'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export const CARE_PROGRAMS = ['drug-adherence-discount'] as const;
export type CareProgram = (typeof CARE_PROGRAMS)[number];
