import {
  NetworkPolicy,
  type INetworkPolicyEgressRule,
  type INetworkPolicyIngressRule,
  type INetworkPolicyPeer,
  type INetworkPolicyPort,
} from 'kubernetes-models/networking.k8s.io/v1';
import type { ServiceSpec } from './catalog.js';
import { SYNC_WAVE, metadata, selectorLabels } from './common.js';
import type { EgressPeer, IngressPeer, Parameters } from './parameters.js';

const namespaceSelector = (name: string) => ({
  matchLabels: { 'kubernetes.io/metadata.name': name },
});

/** Nothing in or out of any pod of the namespace unless a policy below allows it. */
export function defaultDeny(parameters: Parameters): NetworkPolicy {
  return new NetworkPolicy({
    metadata: metadata(
      parameters,
      'default-deny',
      { 'app.kubernetes.io/part-of': 'careflow' },
      SYNC_WAVE.base,
    ),
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });
}

const dns: INetworkPolicyEgressRule = {
  to: [
    {
      namespaceSelector: namespaceSelector('kube-system'),
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    },
  ],
  ports: [
    { protocol: 'UDP', port: 53 },
    { protocol: 'TCP', port: 53 },
  ],
};

function egressTo(peers: readonly EgressPeer[]): INetworkPolicyEgressRule[] {
  return peers.map((peer) => ({
    to: [peerOf(peer)],
    ports: peer.ports.map((port) => ({ protocol: 'TCP', port })),
  }));
}

function peerOf(peer: EgressPeer | IngressPeer): INetworkPolicyPeer {
  return peer.cidr !== undefined
    ? { ipBlock: { cidr: peer.cidr } }
    : {
        namespaceSelector: namespaceSelector(peer.namespace ?? ''),
        ...(peer.podLabels ? { podSelector: { matchLabels: peer.podLabels } } : {}),
      };
}

/**
 * MLLP (the interop gateway's HL7 v2 port) from the peers the parameters name only: hospital
 * feeds arrive over a VPN or an HIE link, never from anywhere.
 */
function mllpIngress(parameters: Parameters, spec: ServiceSpec): INetworkPolicyIngressRule[] {
  const peers = parameters.interop.mllpIngress;
  if (spec.mllpPort === undefined || peers.length === 0) return [];
  return [{ from: peers.map(peerOf), ports: [{ protocol: 'TCP', port: 'mllp' }] }];
}

/**
 * The service's pods: HTTP from the ingress controller, scrapes from the monitoring namespace
 * (/metrics is served on the HTTP port, so the Ingress must not route /metrics or /health);
 * out only to Kafka, PostgreSQL, the OIDC issuer and DNS. Services never call each other.
 */
export function serviceNetworkPolicy(parameters: Parameters, spec: ServiceSpec): NetworkPolicy {
  const labels = selectorLabels(spec.name, 'service');
  const http: INetworkPolicyPort[] = [{ protocol: 'TCP', port: 'http' }];
  return new NetworkPolicy({
    metadata: metadata(parameters, spec.name, labels, SYNC_WAVE.base),
    spec: {
      podSelector: { matchLabels: labels },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [{ namespaceSelector: namespaceSelector(parameters.ingressControllerNamespace) }],
          ports: http,
        },
        {
          from: [{ namespaceSelector: namespaceSelector(parameters.monitoringNamespace) }],
          ports: http,
        },
        ...mllpIngress(parameters, spec),
      ],
      egress: [
        dns,
        ...egressTo(parameters.kafka.egress),
        ...egressTo(parameters.database.egress),
        ...egressTo(parameters.oidc.egress),
      ],
    },
  });
}

/** The migration Job's pods: PostgreSQL and DNS only, nothing in. */
export function migrationNetworkPolicy(parameters: Parameters, spec: ServiceSpec): NetworkPolicy {
  const labels = selectorLabels(spec.name, 'migration');
  return new NetworkPolicy({
    metadata: metadata(parameters, `${spec.name}-migration`, labels, SYNC_WAVE.base),
    spec: {
      podSelector: { matchLabels: labels },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: [dns, ...egressTo(parameters.database.egress)],
    },
  });
}
