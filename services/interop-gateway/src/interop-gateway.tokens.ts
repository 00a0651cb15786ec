/** The service's validated configuration, for injection. */
export const INTEROP_GATEWAY_CONFIG = Symbol('INTEROP_GATEWAY_CONFIG');
/** The 834 mapping table in force (`EnrollmentMapping`). */
export const ENROLLMENT_MAPPING = Symbol('ENROLLMENT_MAPPING');
/** How 837I bill types are classed (`ClaimMapping`). */
export const CLAIM_MAPPING = Symbol('CLAIM_MAPPING');
