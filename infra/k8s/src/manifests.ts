import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Namespace } from 'kubernetes-models/v1';
import { stringify } from 'yaml';
import { scaledObject, triggerAuthentication } from './autoscaling.js';
import { services } from './catalog.js';
import { SYNC_WAVE } from './common.js';
import { migrationJob } from './migrations.js';
import { defaultDeny, migrationNetworkPolicy, serviceNetworkPolicy } from './network.js';
import type { Parameters } from './parameters.js';
import {
  configMap,
  deployment,
  disruptionBudget,
  scalesOnLag,
  service,
  serviceAccount,
} from './workload.js';
import { errorText } from '@careflow/contracts';

interface Manifest {
  readonly kind: string;
  readonly metadata?: { readonly name?: string };
  validate(): void;
  toJSON(): unknown;
}

/** Apply in this order; each file's objects depend only on those of the files before it. */
export interface Rendered {
  readonly '01-base.yaml': Manifest[];
  readonly '02-migrations.yaml': Manifest[];
  readonly '03-services.yaml': Manifest[];
}

function namespace(parameters: Parameters): Namespace {
  return new Namespace({
    metadata: {
      name: parameters.namespace,
      labels: {
        'app.kubernetes.io/part-of': 'careflow',
        // Every pod here meets the restricted Pod Security Standard; let admission enforce it.
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'latest',
      },
      annotations: { 'argocd.argoproj.io/sync-wave': SYNC_WAVE.base },
    },
  });
}

export function render(parameters: Parameters): Rendered {
  const specs = services();
  return {
    '01-base.yaml': [
      namespace(parameters),
      defaultDeny(parameters),
      ...specs.flatMap((spec) => [
        serviceAccount(parameters, spec),
        configMap(parameters, spec),
        serviceNetworkPolicy(parameters, spec),
        migrationNetworkPolicy(parameters, spec),
      ]),
    ],
    '02-migrations.yaml': specs.map((spec) => migrationJob(parameters, spec)),
    '03-services.yaml': specs.flatMap((spec) => {
      const scaling: Manifest[] = [];
      if (scalesOnLag(parameters, spec)) {
        const auth = triggerAuthentication(parameters, spec);
        if (auth) scaling.push(auth);
        scaling.push(scaledObject(parameters, spec));
      }
      return [
        deployment(parameters, spec),
        service(parameters, spec),
        disruptionBudget(parameters, spec),
        ...scaling,
      ];
    }),
  };
}

/** Validates every object against its Kubernetes (or KEDA) JSON schema, then writes YAML. */
export function write(rendered: Rendered, outDir: string): number {
  const files = Object.entries(rendered) as [string, Manifest[]][];
  // All objects first: an invalid one leaves no partial output behind.
  for (const object of files.flatMap(([, objects]) => objects)) {
    try {
      object.validate();
    } catch (error) {
      const reason = errorText(error);
      throw new Error(`${object.kind} ${object.metadata?.name ?? '?'} is invalid: ${reason}`);
    }
  }
  mkdirSync(outDir, { recursive: true });
  for (const [file, objects] of files) {
    const yaml = objects.map((o) => stringify(o.toJSON(), { lineWidth: 0 })).join('---\n');
    writeFileSync(join(outDir, file), yaml);
  }
  return files.reduce((count, [, objects]) => count + objects.length, 0);
}
