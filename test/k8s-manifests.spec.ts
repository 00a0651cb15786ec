import type { z } from 'zod';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { consumerGroupOf, topicsConsumedBy, type PlatformService } from '@careflow/contracts';
import { AuthorizationRoutingConfigShape } from '../services/authorization-routing/src/config';
import { CaseManagementConfigShape } from '../services/case-management/src/config';
import { EligibilityConfigShape } from '../services/eligibility/src/config';
import { InteropGatewayConfigShape } from '../services/interop-gateway/src/config';
import { PcpNotificationConfigShape } from '../services/pcp-notification/src/config';

// The manifests are an ESM project (kubernetes-models is ESM-only): build it, run the built
// renderer and validator as the operator would, and check the YAML they write.
const ROOT = join(__dirname, '..');
const PARAMS = join(ROOT, 'infra/k8s/parameters.example.json');

/** The services that consume topics (scaled by KEDA on their lag). */
const CONSUMERS: Record<PlatformService, Record<string, unknown>> = {
  eligibility: EligibilityConfigShape,
  'authorization-routing': AuthorizationRoutingConfigShape,
  'case-management': CaseManagementConfigShape,
  'pcp-notification': PcpNotificationConfigShape,
};
/** Every deployed service: the consumers and the interop gateway (it reads no topic). */
const SHAPES: Record<string, Record<string, unknown>> = {
  ...CONSUMERS,
  'interop-gateway': InteropGatewayConfigShape,
};

const CREDENTIALS = /^(DATABASE_URL|DATABASE_MIGRATION_URL|KAFKA_SASL_USERNAME)$|SECRET|PASSWORD$/;

// The parts of the rendered objects the checks read.
interface Meta {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef: { name: string; key: string } };
}
interface Container {
  command?: string[];
  env?: EnvVar[];
  envFrom?: { configMapRef: { name: string } }[];
  ports?: { name: string }[];
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  securityContext: Record<string, unknown>;
  livenessProbe?: { httpGet: unknown };
  readinessProbe?: { httpGet: unknown };
}
interface Workload {
  kind: 'Deployment' | 'Job';
  metadata: Meta;
  spec: {
    replicas?: number;
    template: {
      spec: {
        automountServiceAccountToken?: boolean;
        securityContext: { runAsNonRoot?: boolean };
        containers: Container[];
      };
    };
  };
}
interface Trigger {
  type: string;
  metadata: Record<string, string>;
  authenticationRef: { name: string };
}
interface ScaledObject {
  metadata: Meta;
  spec: { minReplicaCount: number; maxReplicaCount: number; triggers: Trigger[] };
}
interface PolicyRule {
  from?: { namespaceSelector: { matchLabels: Record<string, string> } }[];
  ports: { port: number | string }[];
}
interface NetworkPolicy {
  metadata: Meta;
  spec: {
    podSelector: unknown;
    policyTypes: string[];
    ingress?: PolicyRule[];
    egress?: PolicyRule[];
  };
}
interface Obj {
  kind: string;
  metadata: Meta;
  data?: Record<string, string>;
  automountServiceAccountToken?: boolean;
  spec?: unknown;
}

function run(script: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
}

function renderTo(env: Record<string, string> = {}, params = PARAMS) {
  const out = mkdtempSync(join(tmpdir(), 'careflow-k8s-'));
  const result = run('infra/k8s/dist/render.js', ['--out', out, '--params', params], env);
  return { out, result };
}

function readObjects(dir: string): Obj[] {
  return readdirSync(dir)
    .sort()
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((d): Obj => d.toJS() as Obj),
    );
}

describe('Kubernetes manifests (infra/k8s)', () => {
  let out: string;
  let objects: Obj[];
  const ofKind = (kind: string): Obj[] => objects.filter((o) => o.kind === kind);
  const named = (kind: string, name: string): Obj => {
    const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
    if (!found) throw new Error(`no ${kind} ${name}`);
    return found;
  };
  const workloads = (kind: 'Deployment' | 'Job') => ofKind(kind) as unknown as Workload[];
  const deployment = (name: string) => named('Deployment', name) as unknown as Workload;
  const scaledObject = (name: string) => named('ScaledObject', name) as unknown as ScaledObject;
  const policy = (name: string) => named('NetworkPolicy', name) as unknown as NetworkPolicy;
  const portsOf = (rules: PolicyRule[] = []) => rules.map((r) => r.ports.map((p) => p.port).join());

  beforeAll(() => {
    const build = spawnSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-b', 'infra/k8s'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(build.stdout + build.stderr).toBe('');
    const rendered = renderTo();
    out = rendered.out;
    expect(rendered.result.stderr).toBe('');
    expect(rendered.result.status).toBe(0);
    objects = readObjects(out);
  }, 120_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes schema-valid objects, read back and validated again', () => {
    const result = run('infra/k8s/dist/validate.js', [out]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`validated ${objects.length} objects in ${out}\n`);
    const kinds = new Set(objects.map((o) => o.kind));
    for (const kind of ['Namespace', 'Deployment', 'Service', 'PodDisruptionBudget', 'Job'])
      expect(kinds).toContain(kind);
    for (const kind of ['NetworkPolicy', 'ServiceAccount', 'ScaledObject', 'ConfigMap'])
      expect(kinds).toContain(kind);
  });

  it('gives every Deployment both probes, resource limits and a locked-down container', () => {
    expect(ofKind('Deployment').map((d) => d.metadata.name)).toEqual(Object.keys(SHAPES));
    for (const d of workloads('Deployment')) {
      const pod = d.spec.template.spec;
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      for (const c of pod.containers) {
        expect(c.livenessProbe?.httpGet).toEqual({ path: '/health/live', port: 'http' });
        expect(c.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'http' });
        expect(c.ports?.map((p) => p.name)).toContain('http');
        expect(c.resources.limits.memory).toMatch(/^\d+Mi$/);
        expect(c.resources.limits.cpu).toBeDefined();
        expect(c.resources.requests.memory).toMatch(/^\d+Mi$/);
        expect(parseInt(c.resources.requests.memory ?? '')).toBeLessThan(
          parseInt(c.resources.limits.memory ?? ''),
        );
        expect(c.securityContext).toMatchObject({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        });
      }
    }
    for (const sa of ofKind('ServiceAccount')) expect(sa.automountServiceAccountToken).toBe(false);
  });

  it('scales each service on the lag of every consumer group it reads in, within the partitions', () => {
    for (const service of Object.keys(CONSUMERS) as PlatformService[]) {
      const scaled = scaledObject(service);
      expect(scaled.spec.maxReplicaCount).toBeLessThanOrEqual(6);
      expect(scaled.spec.minReplicaCount).toBeGreaterThanOrEqual(2);
      const groups = new Set(
        topicsConsumedBy(service).map((t) => consumerGroupOf(service, t.name)),
      );
      expect(scaled.spec.triggers.map((t) => t.metadata.consumerGroup).sort()).toEqual(
        [...groups].sort(),
      );
      for (const trigger of scaled.spec.triggers) {
        expect(trigger.type).toBe('kafka');
        expect(Number(trigger.metadata.lagThreshold)).toBeGreaterThan(0);
        expect(trigger.authenticationRef.name).toBe(`${service}-kafka`);
      }
      const auth = named('TriggerAuthentication', `${service}-kafka`).spec as {
        secretTargetRef: { parameter: string }[];
      };
      expect(auth.secretTargetRef.map((r) => r.parameter).sort()).toEqual([
        'ca',
        'password',
        'username',
      ]);
      expect(deployment(service).spec.replicas).toBeUndefined();
    }
  });

  it('refuses more replicas than KAFKA_PARTITIONS and follows a larger partition count', () => {
    const refused = renderTo({ KAFKA_PARTITIONS: '4' });
    rmSync(refused.out, { recursive: true, force: true });
    expect(refused.result.status).toBe(1);
    expect(refused.result.stderr).toContain(
      'replicas.max: above kafka.partitions (KAFKA_PARTITIONS = 4)',
    );
    const wider = renderTo({ KAFKA_PARTITIONS: '12', K8S_MAX_REPLICAS: '12' });
    const scaled = readObjects(wider.out).filter(
      (o) => o.kind === 'ScaledObject',
    ) as unknown as ScaledObject[];
    rmSync(wider.out, { recursive: true, force: true });
    expect(wider.result.status).toBe(0);
    expect(scaled.map((s) => s.spec.maxReplicaCount)).toEqual([12, 12, 12, 12]);
  });

  it('follows the parameters: TLS without SASL, a fixed replica count without KEDA', () => {
    const example = JSON.parse(readFileSync(PARAMS, 'utf8')) as {
      kafka: Record<string, unknown>;
      autoscaling?: Record<string, unknown>;
    };
    example.kafka.securityProtocol = 'ssl';
    example.autoscaling = { enabled: false };
    const dir = mkdtempSync(join(tmpdir(), 'careflow-k8s-params-'));
    writeFileSync(join(dir, 'params.json'), JSON.stringify(example));
    const { out: other, result } = renderTo({ K8S_MIN_REPLICAS: '3' }, join(dir, 'params.json'));
    const rendered = readObjects(other);
    rmSync(other, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
    expect(result.status).toBe(0);
    const kinds = new Set(rendered.map((o) => o.kind));
    expect(kinds).not.toContain('ScaledObject');
    expect(kinds).not.toContain('TriggerAuthentication');
    for (const o of rendered.filter((r) => r.kind === 'Deployment') as unknown as Workload[]) {
      expect(o.spec.replicas).toBe(3);
      const names = (o.spec.template.spec.containers[0]?.env ?? []).map((e) => e.name);
      expect(names).toEqual(['DATABASE_URL']);
    }
    for (const cm of rendered.filter((r) => r.kind === 'ConfigMap')) {
      expect(cm.data?.KAFKA_SECURITY_PROTOCOL).toBe('ssl');
      expect(cm.data?.KAFKA_SSL_CA_FILE).toBe('/var/run/secrets/careflow/kafka/ca.crt');
      expect(Object.keys(cm.data ?? {}).filter((k) => k.startsWith('KAFKA_SASL'))).toEqual([]);
    }
  });

  it('never carries a credential: Secrets are referenced, not rendered', () => {
    expect(ofKind('Secret')).toEqual([]);
    const text = readdirSync(out)
      .map((f) => readFileSync(join(out, f), 'utf8'))
      .join('\n');
    expect(text).not.toMatch(/:\/\/[^\s/@:]+:[^\s/@]+@/); // user:password@ in a URL
    for (const cm of ofKind('ConfigMap'))
      for (const name of Object.keys(cm.data ?? {})) expect(name).not.toMatch(CREDENTIALS);
    const containers = [...workloads('Deployment'), ...workloads('Job')].flatMap(
      (o) => o.spec.template.spec.containers,
    );
    for (const c of containers)
      for (const e of c.env ?? [])
        if (CREDENTIALS.test(e.name)) {
          expect(e.value).toBeUndefined();
          expect(e.valueFrom?.secretKeyRef.name).toMatch(/^careflow-/);
        }
  });

  it('runs migrations as the schema owner in a Job; the Deployment holds the application role only', () => {
    for (const service of Object.keys(SHAPES)) {
      const job = workloads('Job').find(
        (j) => j.metadata.labels['app.kubernetes.io/name'] === service,
      );
      const container = job?.spec.template.spec.containers[0];
      expect(container?.command).toEqual(['node', `services/${service}/dist/migrate.js`]);
      expect(container?.env?.find((e) => e.name === 'DATABASE_MIGRATION_URL')?.valueFrom).toEqual({
        secretKeyRef: { name: `careflow-${service}-db-owner`, key: 'url' },
      });
      const wave = (o: { metadata: Meta } | undefined) =>
        Number(o?.metadata.annotations['argocd.argoproj.io/sync-wave']);
      expect(wave(job)).toBeLessThan(wave(deployment(service)));
      const text = JSON.stringify(deployment(service));
      expect(text).not.toContain('db-owner');
      expect(text).not.toContain('DATABASE_MIGRATION_URL');
    }
  });

  it("sets only variables the service's config shape declares", () => {
    const configMaps = new Map(ofKind('ConfigMap').map((cm) => [cm.metadata.name, cm.data ?? {}]));
    for (const o of [...workloads('Deployment'), ...workloads('Job')]) {
      const service = o.metadata.labels['app.kubernetes.io/name']!;
      const shape = SHAPES[service]!;
      for (const c of o.spec.template.spec.containers) {
        const fromConfigMaps = (c.envFrom ?? []).flatMap((f) =>
          Object.keys(configMaps.get(f.configMapRef.name) ?? {}),
        );
        const names = [...(c.env ?? []).map((e) => e.name), ...fromConfigMaps];
        expect(names.length).toBeGreaterThan(3);
        const unknown = names.filter((n) => !(n in shape));
        expect({ service, unknown }).toEqual({ service, unknown: [] });
        // Every literal value is one the service's own validation accepts.
        const literals: Array<[string, string]> = [
          ...(c.env ?? []).flatMap((e) =>
            e.value !== undefined ? [[e.name, e.value] as [string, string]] : [],
          ),
          ...(c.envFrom ?? []).flatMap((f) =>
            Object.entries(configMaps.get(f.configMapRef.name) ?? {}),
          ),
        ];
        const refused = literals
          .filter(
            ([name, value]) =>
              !(shape as Record<string, z.ZodType>)[name]!.safeParse(value).success,
          )
          .map(([name]) => name);
        expect({ service, refused }).toEqual({ service, refused: [] });
      }
    }
  });

  it('denies all traffic but the ingress controller, monitoring, Kafka, PostgreSQL, OIDC and DNS', () => {
    expect(policy('default-deny').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });
    for (const service of Object.keys(CONSUMERS)) {
      const own = policy(service).spec;
      expect(own.ingress?.map((r) => r.from?.[0]?.namespaceSelector.matchLabels)).toEqual([
        { 'kubernetes.io/metadata.name': 'ingress-nginx' },
        { 'kubernetes.io/metadata.name': 'monitoring' },
      ]);
      expect(portsOf(own.egress)).toEqual(['53,53', '9093', '5432', '443']);
      const migration = policy(`${service}-migration`).spec;
      expect(migration.ingress).toEqual([]);
      expect(portsOf(migration.egress)).toEqual(['53,53', '5432']);
    }
  });

  it('runs the interop gateway at a fixed count with its MLLP port, reachable only from the named peers, over TLS', () => {
    const gateway = deployment('interop-gateway');
    expect(gateway.spec.replicas).toBe(2);
    expect(
      objects.some((o) => o.kind === 'ScaledObject' && o.metadata.name === 'interop-gateway'),
    ).toBe(false);
    const container = gateway.spec.template.spec.containers[0]!;
    expect(container.ports?.map((p) => p.name)).toEqual(['http', 'mllp']);
    const svc = named('Service', 'interop-gateway').spec as {
      ports: { name: string; port: number }[];
    };
    expect(svc.ports.map((p) => [p.name, p.port])).toEqual([
      ['http', 3005],
      ['mllp', 2575],
    ]);
    const config = named('ConfigMap', 'interop-gateway-config').data ?? {};
    expect(config).toMatchObject({
      KAFKA_PROVISION_TOPICS: 'false',
      MLLP_PORT: '2575',
      MLLP_TLS_CERT_FILE: '/var/run/secrets/careflow/mllp/tls.crt',
      MLLP_TLS_KEY_FILE: '/var/run/secrets/careflow/mllp/tls.key',
    });
    const own = policy('interop-gateway').spec;
    expect(own.ingress?.[2]).toEqual({
      from: [{ ipBlock: { cidr: '10.40.0.0/24' } }],
      ports: [{ protocol: 'TCP', port: 'mllp' }],
    });
    expect(portsOf(own.egress)).toEqual(['53,53', '9093', '5432', '443']);
  });
});
