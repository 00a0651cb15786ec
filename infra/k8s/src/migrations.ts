import { Job } from 'kubernetes-models/batch/v1';
import type { ServiceSpec } from './catalog.js';
import {
  SYNC_WAVE,
  containerSecurityContext,
  imageOf,
  metadata,
  podSecurityContext,
  secretNames,
  selectorLabels,
  tmpVolume,
} from './common.js';
import type { Parameters } from './parameters.js';
import { secretEnv } from './workload.js';

/** A Job's pod template is immutable: each release gets Jobs of its own name. */
export function migrationJobName(parameters: Parameters, spec: ServiceSpec): string {
  const tag = parameters.image.tag.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return `${spec.name}-migrate-${tag}`.slice(0, 63).replace(/-+$/, '');
}

/**
 * The service's migrations (dist/migrate.js) with its schema's owner role, before the new
 * Deployment rolls out: Argo CD sync wave -1, or `kubectl apply` and `kubectl wait` (README).
 * Only this Job reads the owner's Secret; the Deployment holds the application role alone.
 */
export function migrationJob(parameters: Parameters, spec: ServiceSpec): Job {
  const labels = selectorLabels(spec.name, 'migration');
  return new Job({
    metadata: metadata(parameters, migrationJobName(parameters, spec), labels, SYNC_WAVE.migration),
    spec: {
      backoffLimit: 2,
      activeDeadlineSeconds: 900,
      ttlSecondsAfterFinished: 7 * 86_400,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          serviceAccountName: spec.name,
          automountServiceAccountToken: false,
          securityContext: podSecurityContext,
          containers: [
            {
              name: 'migrate',
              image: imageOf(parameters, spec.name),
              imagePullPolicy: parameters.image.pullPolicy,
              command: ['node', `services/${spec.name}/dist/migrate.js`],
              // Only what the migration reads: no Kafka settings or credentials.
              env: [
                { name: 'NODE_ENV', value: 'production' },
                { name: 'LOG_LEVEL', value: parameters.logLevel },
                { name: 'PLAN_TIME_ZONE', value: parameters.planTimeZone },
                secretEnv('DATABASE_URL', secretNames.database(spec.name), 'url'),
                secretEnv('DATABASE_MIGRATION_URL', secretNames.databaseOwner(spec.name), 'url'),
              ],
              // Not measured: one Node process with TypeORM and no HTTP or Kafka client.
              resources: {
                requests: { cpu: '100m', memory: '128Mi' },
                limits: { cpu: '1', memory: '384Mi' },
              },
              securityContext: containerSecurityContext,
              volumeMounts: [{ name: tmpVolume.name, mountPath: '/tmp' }],
            },
          ],
          volumes: [tmpVolume],
        },
      },
    },
  });
}
