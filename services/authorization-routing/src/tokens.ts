/** Injection token of the service's validated configuration. */
export const AUTHORIZATION_ROUTING_CONFIG = Symbol('AUTHORIZATION_ROUTING_CONFIG');
