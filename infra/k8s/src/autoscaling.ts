import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { consumerGroups, type ServiceSpec } from './catalog.js';
import { SYNC_WAVE, metadata, secretNames, selectorLabels, usesSasl, usesTls } from './common.js';
import type { Parameters } from './parameters.js';

const KEDA_SASL = {
  'scram-sha-512': 'scram_sha512',
  'scram-sha-256': 'scram_sha256',
} as const;

const authenticationName = (spec: ServiceSpec) => `${spec.name}-kafka`;

/**
 * KEDA reads the group's offsets with the service's own Kafka principal (its ACLs already allow
 * describing its groups) and the brokers' CA, all from Secrets by reference.
 */
export function triggerAuthentication(
  parameters: Parameters,
  spec: ServiceSpec,
): TriggerAuthentication | undefined {
  const refs: { parameter: string; name: string; key: string }[] = [];
  if (usesSasl(parameters)) {
    const secret = secretNames.kafka(spec.name);
    refs.push({ parameter: 'username', name: secret, key: 'username' });
    refs.push({ parameter: 'password', name: secret, key: 'password' });
  }
  if (usesTls(parameters))
    refs.push({
      parameter: 'ca',
      name: parameters.kafka.caSecret.name,
      key: parameters.kafka.caSecret.key,
    });
  if (refs.length === 0) return undefined;
  return new TriggerAuthentication({
    metadata: metadata(
      parameters,
      authenticationName(spec),
      selectorLabels(spec.name, 'service'),
      SYNC_WAVE.service,
    ),
    spec: { secretTargetRef: refs },
  });
}

/**
 * One kafka trigger per consumer group of the service (the HPA follows the largest). Replicas
 * never exceed the topics' partitions: a group's extra members would sit idle.
 */
export function scaledObject(parameters: Parameters, spec: ServiceSpec): ScaledObject {
  const { min, max } = parameters.replicas;
  if (max > parameters.kafka.partitions)
    throw new Error(`replicas.max ${max} exceeds KAFKA_PARTITIONS ${parameters.kafka.partitions}`);
  const lagThreshold = parameters.services[spec.name].lagThreshold ?? spec.lagThreshold;
  const security: Record<string, string> = {};
  if (usesSasl(parameters)) security.sasl = KEDA_SASL[parameters.kafka.saslMechanism];
  if (usesTls(parameters)) security.tls = 'enable';
  const authenticated = usesSasl(parameters) || usesTls(parameters);
  return new ScaledObject({
    metadata: metadata(
      parameters,
      spec.name,
      selectorLabels(spec.name, 'service'),
      SYNC_WAVE.service,
    ),
    spec: {
      scaleTargetRef: { name: spec.name },
      minReplicaCount: min,
      maxReplicaCount: max,
      pollingInterval: parameters.autoscaling.pollingIntervalSeconds,
      cooldownPeriod: parameters.autoscaling.cooldownSeconds,
      advanced: {
        horizontalPodAutoscalerConfig: {
          behavior: {
            scaleDown: {
              stabilizationWindowSeconds: parameters.autoscaling.scaleDownStabilizationSeconds,
              policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
            },
          },
        },
      },
      triggers: consumerGroups(parameters, spec.name).map((group) => ({
        type: 'kafka',
        name: group.replace(/[^a-z0-9-]/gi, '-').toLowerCase(),
        metadata: {
          bootstrapServers: parameters.kafka.bootstrapServers,
          consumerGroup: group,
          lagThreshold: String(lagThreshold),
          // The services' consumers start from the earliest offset (fromBeginning).
          offsetResetPolicy: 'earliest',
          allowIdleConsumers: 'false',
          ...security,
        },
        ...(authenticated ? { authenticationRef: { name: authenticationName(spec) } } : {}),
      })),
    },
  });
}
