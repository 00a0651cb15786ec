import { Deployment } from 'kubernetes-models/apps/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import {
  ConfigMap,
  Service,
  ServiceAccount,
  type IContainerPort,
  type IEnvVar,
  type IVolume,
  type IVolumeMount,
} from 'kubernetes-models/v1';
import { serviceGroup, type ServiceSpec } from './catalog.js';
import {
  KAFKA_SECRETS_DIR,
  SYNC_WAVE,
  containerSecurityContext,
  imageOf,
  metadata,
  podSecurityContext,
  secretNames,
  selectorLabels,
  tmpVolume,
  usesSasl,
  usesTls,
} from './common.js';
import type { Parameters } from './parameters.js';

const configMapName = (spec: ServiceSpec) => `${spec.name}-config`;
const MLLP_TLS_DIR = '/var/run/secrets/careflow/mllp';

/** KEDA owns the replica count of a consumer when autoscaling is on; the others keep a fixed one. */
export const scalesOnLag = (parameters: Parameters, spec: ServiceSpec): boolean =>
  parameters.autoscaling.enabled && spec.lagThreshold !== undefined;

/** The MLLP listener's settings and its TLS key pair (the gateway only). */
function mllpConfig(parameters: Parameters, spec: ServiceSpec): Record<string, string> {
  if (spec.mllpPort === undefined || parameters.interop.mllpTlsSecret === undefined) return {};
  return {
    MLLP_TLS_CERT_FILE: `${MLLP_TLS_DIR}/tls.crt`,
    MLLP_TLS_KEY_FILE: `${MLLP_TLS_DIR}/tls.key`,
  };
}

export function serviceAccount(parameters: Parameters, spec: ServiceSpec): ServiceAccount {
  return new ServiceAccount({
    metadata: metadata(parameters, spec.name, selectorLabels(spec.name, 'service'), SYNC_WAVE.base),
    // The services never call the Kubernetes API: no token in their pods.
    automountServiceAccountToken: false,
  });
}

/** Kafka client settings (names of the platform's TLS/SASL variables). */
function kafkaSecurityConfig(parameters: Parameters): Record<string, string> {
  const config: Record<string, string> = {
    KAFKA_SECURITY_PROTOCOL: parameters.kafka.securityProtocol,
  };
  if (usesTls(parameters)) config.KAFKA_SSL_CA_FILE = `${KAFKA_SECRETS_DIR}/ca.crt`;
  if (usesSasl(parameters)) {
    config.KAFKA_SASL_MECHANISM = parameters.kafka.saslMechanism;
    config.KAFKA_SASL_PASSWORD_FILE = `${KAFKA_SECRETS_DIR}/password`;
  }
  return config;
}

export function configMap(parameters: Parameters, spec: ServiceSpec): ConfigMap {
  const data: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: parameters.logLevel,
    PORT: String(spec.port),
    PLAN_TIME_ZONE: parameters.planTimeZone,
    KAFKA_BROKERS: parameters.kafka.bootstrapServers,
    KAFKA_PARTITIONS: String(parameters.kafka.partitions),
    KAFKA_PROVISION_TOPICS: String(parameters.kafka.provisionTopics),
    KAFKA_CONSUMER_GROUP: serviceGroup(parameters, spec.name),
    ...kafkaSecurityConfig(parameters),
    // The pods hold only the application role: the migration Job (owner role) runs first, and a
    // pod of a version whose migrations did not run refuses to start, saying so.
    DATABASE_ROLES: 'given',
    DATABASE_MIGRATIONS: 'verify',
    AUTH_MODE: 'oidc',
    AUTH_ISSUER: parameters.oidc.issuer,
    AUTH_AUDIENCE: `careflow-${spec.name}`,
    ...spec.productionConfig,
    ...mllpConfig(parameters, spec),
    ...parameters.services[spec.name].config,
  };
  return new ConfigMap({
    metadata: metadata(
      parameters,
      configMapName(spec),
      selectorLabels(spec.name, 'service'),
      SYNC_WAVE.base,
    ),
    data,
  });
}

export const secretEnv = (name: string, secret: string, key: string): IEnvVar => ({
  name,
  valueFrom: { secretKeyRef: { name: secret, key } },
});

/** The Kafka password and CA as files of a projected volume, never environment values. */
function kafkaFiles(parameters: Parameters, spec: ServiceSpec): IVolume[] {
  const sources: NonNullable<NonNullable<IVolume['projected']>['sources']> = [];
  if (usesTls(parameters))
    sources.push({
      secret: {
        name: parameters.kafka.caSecret.name,
        items: [{ key: parameters.kafka.caSecret.key, path: 'ca.crt' }],
      },
    });
  if (usesSasl(parameters))
    sources.push({
      secret: {
        name: secretNames.kafka(spec.name),
        items: [{ key: 'password', path: 'password' }],
      },
    });
  if (sources.length === 0) return [];
  return [{ name: 'kafka', projected: { defaultMode: 0o440, sources } }];
}

export function deployment(parameters: Parameters, spec: ServiceSpec): Deployment {
  const labels = selectorLabels(spec.name, 'service');
  const env: IEnvVar[] = [secretEnv('DATABASE_URL', secretNames.database(spec.name), 'url')];
  if (usesSasl(parameters))
    env.push(secretEnv('KAFKA_SASL_USERNAME', secretNames.kafka(spec.name), 'username'));
  const kafka = kafkaFiles(parameters, spec);
  const mllpTls: IVolume[] =
    Object.keys(mllpConfig(parameters, spec)).length > 0
      ? [
          {
            name: 'mllp-tls',
            secret: { secretName: parameters.interop.mllpTlsSecret, defaultMode: 0o440 },
          },
        ]
      : [];
  const volumes = [tmpVolume, ...kafka, ...mllpTls];
  const mounts: IVolumeMount[] = [
    { name: tmpVolume.name, mountPath: '/tmp' },
    ...kafka.map((v) => ({ name: v.name, mountPath: KAFKA_SECRETS_DIR, readOnly: true })),
    ...mllpTls.map((v) => ({ name: v.name, mountPath: MLLP_TLS_DIR, readOnly: true })),
  ];
  const ports: IContainerPort[] = [{ name: 'http', containerPort: spec.port, protocol: 'TCP' }];
  if (spec.mllpPort !== undefined)
    ports.push({ name: 'mllp', containerPort: spec.mllpPort, protocol: 'TCP' });
  const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path, port: 'http' },
    periodSeconds,
    timeoutSeconds: 3,
    failureThreshold,
  });
  return new Deployment({
    metadata: metadata(parameters, spec.name, labels, SYNC_WAVE.service),
    spec: {
      // KEDA owns the replica count when it scales; a fixed count would fight it on every apply.
      ...(scalesOnLag(parameters, spec) ? {} : { replicas: parameters.replicas.min }),
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: {
          labels,
          annotations: {
            'prometheus.io/scrape': 'true',
            'prometheus.io/port': String(spec.port),
            'prometheus.io/path': '/metrics',
          },
        },
        spec: {
          serviceAccountName: spec.name,
          automountServiceAccountToken: false,
          securityContext: podSecurityContext,
          // Consumers drain and the outbox relays before exit (SIGTERM); give them time.
          terminationGracePeriodSeconds: 60,
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: labels },
            },
          ],
          containers: [
            {
              name: spec.name,
              image: imageOf(parameters, spec.name),
              imagePullPolicy: parameters.image.pullPolicy,
              ports,
              envFrom: [{ configMapRef: { name: configMapName(spec) } }],
              env,
              resources: spec.resources,
              securityContext: containerSecurityContext,
              volumeMounts: mounts,
              // Startup covers DATABASE_CONNECT_TIMEOUT_MS (120 s) and the broker wait.
              startupProbe: probe('/health/live', 5, 36),
              livenessProbe: probe('/health/live', 10, 3),
              readinessProbe: probe('/health/ready', 5, 3),
              // Endpoints drop the pod before it stops answering HTTP.
              lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
            },
          ],
          volumes,
        },
      },
    },
  });
}

export function service(parameters: Parameters, spec: ServiceSpec): Service {
  const labels = selectorLabels(spec.name, 'service');
  return new Service({
    metadata: metadata(parameters, spec.name, labels, SYNC_WAVE.service),
    spec: {
      type: 'ClusterIP',
      selector: labels,
      ports: [
        { name: 'http', port: spec.port, targetPort: 'http', protocol: 'TCP' },
        ...(spec.mllpPort !== undefined
          ? [{ name: 'mllp', port: spec.mllpPort, targetPort: 'mllp', protocol: 'TCP' as const }]
          : []),
      ],
    },
  });
}

export function disruptionBudget(parameters: Parameters, spec: ServiceSpec): PodDisruptionBudget {
  const labels = selectorLabels(spec.name, 'service');
  return new PodDisruptionBudget({
    metadata: metadata(parameters, spec.name, labels, SYNC_WAVE.service),
    spec: { maxUnavailable: 1, selector: { matchLabels: labels } },
  });
}
