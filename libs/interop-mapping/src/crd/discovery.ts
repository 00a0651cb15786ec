import { CRD_PREFETCH } from './hook-reading';
import type { CrdHook } from './fhir';

/** The CRD versions this service answers as (CRD deviations.md, `davinci-crd.version`). */
export const CRD_VERSIONS = ['2.1', '2.2'] as const;

/** The configuration option of the routing card (CRD deviations.md, configuration options). */
export const ROUTING_CARD_OPTION = 'pa-routing-card';

const SERVICES: Record<CrdHook, { id: string; title: string }> = {
  'order-sign': { id: 'crd-order-sign', title: 'Prior authorization routing at order signing' },
  'order-select': {
    id: 'crd-order-select',
    title: 'Prior authorization routing at order selection',
  },
};

/** The service id of each hook (the path `/cds-services/{id}`). */
export const CRD_SERVICE_IDS: Readonly<Record<string, CrdHook>> = Object.fromEntries(
  Object.entries(SERVICES).map(([hook, s]) => [s.id, hook as CrdHook]),
);

/** The CDS Hooks discovery document (`GET /cds-services`). */
export function crdDiscovery(routingCardDefault: boolean) {
  return {
    services: (Object.keys(SERVICES) as CrdHook[]).map((hook) => ({
      hook,
      id: SERVICES[hook].id,
      title: SERVICES[hook].title,
      description:
        'Da Vinci CRD for drug orders (ServiceRequest or MedicationRequest with an HCPCS code, MedicationRequest with an NDC code): whether prior authorization is needed and which vendor decides it, as the coverage-information extension, from the routing policy and the member coverage eligibility publishes.',
      prefetch: CRD_PREFETCH,
      extension: {
        'davinci-crd.version': [...CRD_VERSIONS],
        'davinci-crd.configuration-options': [
          {
            code: 'coverage-info',
            type: 'boolean',
            name: 'Coverage Information',
            description:
              'Whether prior authorization is needed and who decides it, as the coverage-information extension on each order (always on: it is what this service is for).',
            default: true,
          },
          {
            code: ROUTING_CARD_OPTION,
            type: 'boolean',
            name: 'Prior authorization routing card',
            description:
              'A card saying in words what the coverage-information says: whether prior authorization is needed, which vendor decides and how to submit, or why that cannot be said.',
            default: routingCardDefault,
          },
        ],
      },
    })),
  };
}
