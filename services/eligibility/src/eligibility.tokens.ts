/** The service's validated configuration, for injection. */
export const ELIGIBILITY_CONFIG = Symbol('ELIGIBILITY_CONFIG');
