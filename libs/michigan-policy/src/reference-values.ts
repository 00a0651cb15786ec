/**
 * Reference values the policy uses. The contract's enums (shared/spec/interface.md: lines of
 * business, funding types, groups, pharmacy benefit administrators, vendor ids, submission
 * channels, benefits, urgencies, outcomes, pharmacy channels) come from @careflow/contracts, the
 * one place that defines them; this file adds what only the policy knows (drug categories,
 * Medicare Advantage lines, plain-language labels).
 */
import {
  PA_BENEFITS,
  PA_URGENCIES,
  type FundingType,
  type LineOfBusiness,
  type PaBenefit,
  type PaUrgency,
  type PharmacyBenefitAdministrator,
} from '@careflow/contracts';

export {
  FUNDING_TYPES,
  KNOWN_GROUP_IDS,
  LINES_OF_BUSINESS,
  PHARMACY_BENEFIT_ADMINISTRATORS,
  PHARMACY_CHANNELS,
  ROUTING_OUTCOMES,
  SUBMISSION_CHANNELS,
  VENDOR_IDS,
  type FundingType,
  type KnownGroupId,
  type LineOfBusiness,
  type PharmacyBenefitAdministrator,
  type PharmacyChannel,
  type RoutingOutcome,
  type SubmissionChannel,
  type VendorId,
} from '@careflow/contracts';

/** The request's benefit (the contract's `PA_BENEFITS`). */
export const BENEFITS = PA_BENEFITS;
export type Benefit = PaBenefit;

/** The request's urgency (the contract's `PA_URGENCIES`). */
export const URGENCIES = PA_URGENCIES;
export type Urgency = PaUrgency;

/** Medicare Advantage lines: Medicare Plus Blue (PPO) and BCN Advantage (HMO). */
export const MEDICARE_ADVANTAGE_LINES: readonly LineOfBusiness[] = [
  'medicare-plus-blue',
  'bcn-advantage',
];

/** The drug classes the document routes by (not a contract enum: the request carries a code). */
export const DRUG_CATEGORIES = ['medical-oncology', 'supportive-care', 'car-t', 'other'] as const;
export type DrugCategory = (typeof DRUG_CATEGORIES)[number];

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
