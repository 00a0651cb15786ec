export * from './reference-values';
export {
  SAMPLE_NDC_REFERENCE_FILE,
  loadNdcReferenceFile,
  ndcReferenceHeaderSchema,
  ndcReferenceRowSchema,
  normalizeNdc11,
  parseNdcReference,
  type NdcReference,
  type NdcReferenceEntry,
  type NdcReferenceHeader,
} from './adherence/ndc-reference';
export {
  isoDateSchema,
  routingPolicySchema,
  routingRuleSchema,
  ruleOutcomeSchema,
  type AdherenceProgram,
  type OutOfStateResource,
  type PolicyChannel,
  type PolicyDrugList,
  type PolicyResource,
  type PolicyVendor,
  type RoutingPolicy,
  type RoutingPolicyInput,
  type RoutingRule,
  type RuleOutcome,
} from './policy/schema';
export {
  PolicyValidationError,
  parseRoutingPolicy,
  safeParseRoutingPolicy,
  type PolicyParseResult,
} from './policy/parse';
export {
  PolicyRegistry,
  PolicySetError,
  isPolicyInForce,
  policySetIssues,
  selectPolicyVersion,
  type AdoptedPolicy,
  type DecisionDays,
} from './policy/registry';
export {
  BUILT_IN_POLICIES,
  MI_UM_2025_1,
  MI_UM_2025_2,
  createDefaultPolicyRegistry,
} from './policy/built-in';
export { miUm20251Document } from './policy/versions/mi-um-2025.1';
export { miUm20252Document } from './policy/versions/mi-um-2025.2';
export {
  categoryFromHint,
  classifyDrug,
  normalizeCategoryHint,
  type ClassificationContext,
  type ClassificationMethod,
  type DrugClassification,
  type DrugToClassify,
} from './drug-classification/classify-drug';
export { CATEGORY_HINT_ALIASES } from './drug-classification/category-hints';
export {
  BUILT_IN_HCPCS_REFERENCE_FILE,
  builtInHcpcsReference,
  hcpcsReferenceHeaderSchema,
  hcpcsReferenceRowSchema,
  isCancerDiagnosis,
  loadHcpcsReferenceFile,
  parseHcpcsReference,
  type HcpcsReference,
  type HcpcsReferenceHeader,
  type HcpcsReferenceRow,
} from './drug-classification/hcpcs-reference';
export { referenceFileVariable } from './reference-files/config-variable';
export {
  ReferenceFileError,
  parseJsonLines,
  type ParsedLines,
  type ReferenceHeader,
} from './reference-files/json-lines';
export {
  compileRoutingPolicy,
  routePaRequest,
  type CompileOptions,
} from './routing/compile-router';
export { SYSTEM_RULE_IDS } from './routing/trace-ids';
export { memberCoverageOf } from './routing/member-coverage';
export type {
  MemberCoverage,
  PaRoutingRequest,
  PolicyRouter,
  ResourceLink,
  RoutingDecision,
  RoutingInput,
} from './routing/types';
export {
  DEADLINE_REGIMES,
  type DeadlinePeriod,
  type DeadlineRegime,
  type TimeLimit,
} from './deadlines/regimes';
export {
  computeDueBy,
  describeTimeLimit,
  michiganDateOf,
  selectDeadlineRegime,
  type DeadlineRegimeInput,
  type DueBy,
} from './deadlines/compute-due-by';
export {
  evaluateAdherenceEligibility,
  fillMayQualify,
  identifySelectMedication,
  matchSelectMedication,
  type MedicationLookup,
  type AdherenceEligibility,
  type AdherenceEligibilityInput,
  type PrescriptionFill,
} from './adherence/evaluate-adherence-eligibility';
export {
  adherenceMembership,
  type AdherenceMembership,
  type AdherenceMembershipInput,
  type KeptQualifyingFill,
} from './adherence/adherence-membership';
