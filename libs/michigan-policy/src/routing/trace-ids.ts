/** Rule-trace ids of the decisions the engine makes before or instead of a policy rule. */
export const SYSTEM_RULE_IDS = {
  noCoverage: 'coverage.none',
  /** Eligibility never published the member while the request was held for its coverage. */
  coverageNeverReceived: 'coverage.never-received',
  /**
   * A simulation for a member whose coverage was never received: a real request would be held
   * for it (a service marks its answer with this id before the decision's own trace).
   */
  coverageUnknownMember: 'coverage.unknown-member',
  coverageNotInForce: 'coverage.not-in-force',
  coverageInconsistent: 'coverage.funding-group-mismatch',
  /** The group's funding type contradicts how the document places the group. */
  groupFundingConflict: 'coverage.group-funding-conflict',
  /** A pharmacy benefit administrator on file where the document routes every member elsewhere. */
  pbaConflict: 'coverage.pba-conflict',
  /** A pharmacy benefit administrator on file for a group the document may not list ("most"). */
  pbaUnlistedException: 'coverage.pba-unlisted-exception',
  /** The provider is outside Michigan: the Michigan routing is applied as an assumption. */
  outOfStateAssumption: 'provider.out-of-state-michigan-routing-assumed',
  /** The provider is outside Michigan and the policy holds such requests for manual review. */
  outOfStateManualReview: 'provider.out-of-state-manual-review',
  policyNotInForce: 'policy.not-in-force',
  noMatchingRule: 'policy.no-matching-rule',
  drugCategoryUnknown: 'drug-class.unknown-category-decides-vendor',
  drugListMembershipUnknown: 'drug-list.membership-unknown',
} as const;
