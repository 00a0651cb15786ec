/** Injection token of the service's validated configuration. */
export const AUTHORIZATION_ROUTING_CONFIG = Symbol('AUTHORIZATION_ROUTING_CONFIG');

/** Injection token of the HCPCS drug class reference (`HcpcsReference`) the routers classify with. */
export const DRUG_CLASS_REFERENCE = Symbol('DRUG_CLASS_REFERENCE');
