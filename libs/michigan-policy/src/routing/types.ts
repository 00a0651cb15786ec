import type { DrugToClassify } from '../drug-classification/classify-drug';
import type { RoutingPolicy } from '../policy/schema';
import type {
  Benefit,
  FundingType,
  LineOfBusiness,
  PharmacyBenefitAdministrator,
  RoutingOutcome,
  SubmissionChannel,
  Urgency,
  VendorId,
} from '../reference-values';

/** The fields of a `pa.requested` event the routing needs (a `PaRequested` is assignable). */
export interface PaRoutingRequest {
  benefit: Benefit;
  drug: DrugToClassify;
  /** YYYY-MM-DD */
  dateOfService: string;
  urgency: Urgency;
  requestingProvider: { npi: string; name?: string | null; state: string };
  /** ICD-10-CM, principal first: they decide the class of a dual-use drug (rituximab, denosumab). */
  diagnosisCodes?: readonly string[] | null;
}

/** The member's coverage in force on the date of service (from `eligibility.coverage.v1`). */
export interface MemberCoverage {
  lineOfBusiness: LineOfBusiness;
  fundingType: FundingType;
  /** null for individual coverage. */
  group: { id: string; name: string } | null;
  pharmacyBenefitAdministrator: PharmacyBenefitAdministrator | null;
  /** YYYY-MM-DD */
  effectiveDate: string;
  /** YYYY-MM-DD, inclusive; null while the coverage is open-ended. */
  terminationDate: string | null;
}

export interface RoutingInput {
  request: PaRoutingRequest;
  /** null when the member has no coverage on the date of service. */
  coverage: MemberCoverage | null;
  /**
   * With `coverage: null`: eligibility never published the member at all (as opposed to
   * publishing coverage that does not cover the date of service), after the request was held
   * `waitedMs` for it. The decision is not-eligible and says that coverage cannot be confirmed.
   */
  coverageNeverReceived?: { readonly waitedMs: number };
}

export interface ResourceLink {
  title: string;
  url: string;
}

/** The `pa.routing-decisions.v1` data without requestId, memberId and dueBy. */
export interface RoutingDecision {
  outcome: RoutingOutcome;
  vendor: { id: VendorId; name: string } | null;
  submissionChannel: SubmissionChannel | null;
  /** What provider staff should do, in plain language. */
  instructions: string;
  /** Why, in plain language: the classification, the rule, any caveat. */
  reasons: string[];
  /** Ids of the rules (and classification entry) that decided. */
  ruleTrace: string[];
  policyVersion: string;
  resources: ResourceLink[];
}

/** A policy compiled into a lookup table: route many requests against one policy fast. */
export interface PolicyRouter {
  readonly policy: RoutingPolicy;
  route(input: RoutingInput): RoutingDecision;
}
