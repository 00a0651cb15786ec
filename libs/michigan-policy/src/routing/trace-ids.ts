/** Rule-trace ids of the decisions the engine makes before or instead of a policy rule. */
export const SYSTEM_RULE_IDS = {
  noCoverage: 'coverage.none',
  coverageNotInForce: 'coverage.not-in-force',
  coverageInconsistent: 'coverage.funding-group-mismatch',
  policyNotInForce: 'policy.not-in-force',
  noMatchingRule: 'policy.no-matching-rule',
  drugCategoryUnknown: 'drug-class.unknown-category-decides-vendor',
  drugListMembershipUnknown: 'drug-list.membership-unknown',
} as const;
