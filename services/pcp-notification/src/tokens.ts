/** Nest injection tokens of the service. */
export const PCP_NOTIFICATION_CONFIG = Symbol('PCP_NOTIFICATION_CONFIG');
