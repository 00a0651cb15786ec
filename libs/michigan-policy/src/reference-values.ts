/**
 * Reference values of the public contract (shared/spec/interface.md, "Reference values used by the
 * policy derived from 000_e5baff2b9bde9ead.txt", vendor ids and submission channels).
 */

export const LINES_OF_BUSINESS = [
  'blue-cross-commercial',
  'medicare-plus-blue',
  'bcn-commercial',
  'bcn-advantage',
] as const;
export type LineOfBusiness = (typeof LINES_OF_BUSINESS)[number];

/** Medicare Advantage lines: Medicare Plus Blue (PPO) and BCN Advantage (HMO). */
export const MEDICARE_ADVANTAGE_LINES: readonly LineOfBusiness[] = [
  'medicare-plus-blue',
  'bcn-advantage',
];

export const FUNDING_TYPES = ['fully-insured', 'self-funded', 'individual'] as const;
export type FundingType = (typeof FUNDING_TYPES)[number];

/** Group ids with their own arrangements in the document. */
export const KNOWN_GROUP_IDS = [
  'uaw-retiree-trust',
  'mpsers',
  'state-of-michigan',
  'messa',
] as const;
export type KnownGroupId = (typeof KNOWN_GROUP_IDS)[number];

export const PHARMACY_BENEFIT_ADMINISTRATORS = ['express-scripts', 'optumrx'] as const;
export type PharmacyBenefitAdministrator = (typeof PHARMACY_BENEFIT_ADMINISTRATORS)[number];

export const VENDOR_IDS = [
  'bcbsm-bcn-pharmacy',
  'aim-specialty-health',
  'accredo',
  'express-scripts',
  'optumrx',
] as const;
export type VendorId = (typeof VENDOR_IDS)[number];

export const SUBMISSION_CHANNELS = [
  'novologix',
  'electronic-pa',
  'aim-providerportal',
  'vendor-managed',
] as const;
export type SubmissionChannel = (typeof SUBMISSION_CHANNELS)[number];

export const BENEFITS = ['medical', 'pharmacy'] as const;
export type Benefit = (typeof BENEFITS)[number];

export const URGENCIES = ['expedited', 'standard'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const DRUG_CATEGORIES = ['medical-oncology', 'supportive-care', 'car-t', 'other'] as const;
export type DrugCategory = (typeof DRUG_CATEGORIES)[number];

export const ROUTING_OUTCOMES = ['routed', 'manual-review', 'not-eligible'] as const;
export type RoutingOutcome = (typeof ROUTING_OUTCOMES)[number];

export const PHARMACY_CHANNELS = ['retail', 'mail-order', 'specialty'] as const;
export type PharmacyChannel = (typeof PHARMACY_CHANNELS)[number];

/** Plain-language labels used in reasons and instructions. */
export const LINE_OF_BUSINESS_LABELS: Readonly<Record<LineOfBusiness, string>> = {
  'blue-cross-commercial': 'Blue Cross commercial',
  'medicare-plus-blue': 'Medicare Plus Blue',
  'bcn-commercial': 'BCN commercial',
  'bcn-advantage': 'BCN Advantage',
};

export const FUNDING_TYPE_LABELS: Readonly<Record<FundingType, string>> = {
  'fully-insured': 'a fully insured group',
  'self-funded': 'a self-funded group',
  individual: 'individual coverage',
};

export const PBA_LABELS: Readonly<Record<PharmacyBenefitAdministrator, string>> = {
  'express-scripts': 'Express Scripts',
  optumrx: 'OptumRx',
};

export const DRUG_CATEGORY_LABELS: Readonly<Record<DrugCategory, string>> = {
  'medical-oncology': 'medical oncology drug',
  'supportive-care': 'supportive care drug',
  'car-t': 'CAR-T cell therapy drug',
  other: 'medical benefit drug other than medical oncology, supportive care or CAR-T',
};

export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}
