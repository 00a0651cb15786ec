import type { IContainer, IPodSecurityContext, IVolume } from 'kubernetes-models/v1';
import type { IConfigMap } from 'kubernetes-models/v1';
import type { Parameters, ServiceName } from './parameters.js';

type ObjectMeta = NonNullable<IConfigMap['metadata']>;

export type Component = 'service' | 'migration';

/** Argo CD applies lower waves first and waits for them to be healthy (a Job: complete). */
export const SYNC_WAVE = { base: '-2', migration: '-1', service: '0' } as const;

/** Labels that select one service's pods of one kind (the Deployment's or the Job's). */
export function selectorLabels(service: ServiceName, component: Component): Record<string, string> {
  return {
    'app.kubernetes.io/name': service,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': 'careflow',
  };
}

export function metadata(
  parameters: Parameters,
  name: string,
  labels: Record<string, string>,
  wave: string,
): ObjectMeta {
  return {
    name,
    namespace: parameters.namespace,
    labels: { ...labels, 'app.kubernetes.io/version': parameters.image.tag },
    annotations: { 'argocd.argoproj.io/sync-wave': wave },
  };
}

export function imageOf(parameters: Parameters, service: ServiceName): string {
  return `${parameters.image.registry}/${service}:${parameters.image.tag}`;
}

/** Secrets the operator creates (never rendered): names by convention, see the README. */
export const secretNames = {
  /** Key `url`: the service's application role (DML on its schema). */
  database: (service: ServiceName) => `careflow-${service}-db`,
  /** Key `url`: the schema owner role; only the migration Job reads it. */
  databaseOwner: (service: ServiceName) => `careflow-${service}-db-owner`,
  /** Keys `username` and `password`: the service's Kafka principal (its ACLs). */
  kafka: (service: ServiceName) => `careflow-${service}-kafka`,
};

export const KAFKA_SECRETS_DIR = '/var/run/secrets/careflow/kafka';

/** The image's `node` user; files of projected Secrets readable by its group only. */
export const podSecurityContext: IPodSecurityContext = {
  runAsNonRoot: true,
  runAsUser: 1000,
  runAsGroup: 1000,
  fsGroup: 1000,
  seccompProfile: { type: 'RuntimeDefault' },
};

export const containerSecurityContext: IContainer['securityContext'] = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  privileged: false,
  capabilities: { drop: ['ALL'] },
};

/** A writable /tmp on a read-only root file system. */
export const tmpVolume: IVolume = { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } };

export const usesSasl = (parameters: Parameters): boolean =>
  parameters.kafka.securityProtocol === 'sasl_ssl';
export const usesTls = (parameters: Parameters): boolean =>
  parameters.kafka.securityProtocol !== 'plaintext';
