// node infra/k8s/dist/validate.js <dir>: reads every YAML file back and validates each object
// against its schema again, so what was written (not only what was built) is checked.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Service, ServiceAccount } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';
import { errorText } from '@careflow/contracts';

type Model = new (data: never) => { validate(): void };

const MODELS: Record<string, Model> = {
  'v1/Namespace': Namespace,
  'v1/ServiceAccount': ServiceAccount,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
  'keda.sh/v1alpha1/TriggerAuthentication': TriggerAuthentication,
};

interface Manifest {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string };
}

export function validateDirectory(dir: string): number {
  let count = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    for (const document of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]?.message}`);
      const object = document.toJS() as Manifest;
      const key = `${object.apiVersion}/${object.kind}`;
      const model = MODELS[key];
      if (!model) throw new Error(`${file}: no schema for ${key}`);
      try {
        new model(object as never).validate();
      } catch (error) {
        const reason = errorText(error);
        throw new Error(`${file}: ${key} ${object.metadata?.name ?? '?'}: ${reason}`);
      }
      count += 1;
    }
  }
  return count;
}

try {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: validate <dir>');
  process.stdout.write(`validated ${validateDirectory(dir)} objects in ${dir}\n`);
} catch (error) {
  process.stderr.write(`${errorText(error)}\n`);
  process.exitCode = 1;
}
