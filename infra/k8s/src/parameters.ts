import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** A DNS-1123 label: namespaces, object names, label values we build names from. */
const dnsLabel = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a DNS-1123 label (lower case, digits, dashes)');

const port = z.number().int().min(1).max(65535);

const cidr = z
  .string()
  .regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$|^[0-9a-fA-F:]+\/\d{1,3}$/, 'an IPv4 or IPv6 CIDR');

/**
 * Where a workload may connect to: pods of a namespace (Strimzi in the cluster) or an address
 * range (a managed service outside it). NetworkPolicies cannot name hosts, hence ranges.
 */
const egressPeer = z
  .object({
    namespace: dnsLabel.optional().describe('Namespace of the peer pods (by its name label).'),
    podLabels: z
      .record(z.string(), z.string())
      .optional()
      .describe('Labels of the peer pods in that namespace (all pods when absent).'),
    cidr: cidr.optional().describe('Address range of a peer outside the cluster.'),
    ports: z.array(port).min(1).describe('TCP ports of the peer.'),
  })
  .refine((p) => (p.namespace === undefined) !== (p.cidr === undefined), {
    message: 'exactly one of namespace or cidr',
  });
export type EgressPeer = z.output<typeof egressPeer>;

/** Where connections may come from: pods of a namespace, or an address range (a VPN, an HIE). */
const ingressPeer = z
  .object({
    namespace: dnsLabel.optional().describe('Namespace of the peer pods (by its name label).'),
    podLabels: z
      .record(z.string(), z.string())
      .optional()
      .describe('Labels of the peer pods in that namespace (all pods when absent).'),
    cidr: cidr.optional().describe('Address range of peers outside the cluster.'),
  })
  .refine((p) => (p.namespace === undefined) !== (p.cidr === undefined), {
    message: 'exactly one of namespace or cidr',
  });
export type IngressPeer = z.output<typeof ingressPeer>;

// Never put values that are credentials into a ConfigMap: they come from Secrets by reference.
const SECRET_NAMES = /(^DATABASE_URL$|^DATABASE_MIGRATION_URL$|SECRET|PASSWORD(?!_FILE$)|TOKEN)/;

const serviceOverrides = z
  .object({
    config: z
      .record(z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'an environment variable name'), z.string())
      .default({})
      .refine((c) => Object.keys(c).every((name) => !SECRET_NAMES.test(name)), {
        message: 'credentials go to Secrets, never to the ConfigMap',
      })
      .describe("Extra ConfigMap entries (the service's variables, see its README)."),
    lagThreshold: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('KEDA target lag per replica (default: the catalog value of the service).'),
  })
  .default({ config: {} });

export const parametersSchema = z
  .object({
    namespace: dnsLabel.default('careflow').describe('Namespace of every object.'),
    image: z
      .object({
        registry: z
          .string()
          .min(1)
          .default('registry.example.org/careflow')
          .describe('Image repository prefix: images are <registry>/<service>:<tag>.'),
        tag: z
          .string()
          .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'an image tag')
          .refine((t) => t !== 'latest', 'a fixed version, not latest')
          .describe('Image tag of this release (also names the migration Jobs).'),
        pullPolicy: z.enum(['IfNotPresent', 'Always']).default('IfNotPresent'),
      })
      .describe('Container images (infra/docker/Dockerfile, one per service).'),
    replicas: z
      .object({
        min: z.number().int().min(1).default(2).describe('Fewest replicas (2: a PDB can hold).'),
        max: z.number().int().min(1).default(6).describe('Most replicas KEDA may scale to.'),
      })
      .default({ min: 2, max: 6 }),
    autoscaling: z
      .object({
        enabled: z.boolean().default(true).describe('KEDA ScaledObjects on consumer lag.'),
        pollingIntervalSeconds: z.number().int().min(5).default(15),
        cooldownSeconds: z.number().int().min(30).default(300),
        scaleDownStabilizationSeconds: z
          .number()
          .int()
          .min(0)
          .default(300)
          .describe('Each scale-down rebalances the group: do it slowly.'),
      })
      .default({
        enabled: true,
        pollingIntervalSeconds: 15,
        cooldownSeconds: 300,
        scaleDownStabilizationSeconds: 300,
      }),
    kafka: z.object({
      bootstrapServers: z
        .string()
        .regex(/^[^\s:,]+:\d{1,5}(,[^\s:,]+:\d{1,5})*$/, 'host:port[,host:port...]')
        .describe('KAFKA_BROKERS of the services and bootstrapServers of the KEDA triggers.'),
      partitions: z
        .number()
        .int()
        .min(1)
        .max(256)
        .default(6)
        .describe('KAFKA_PARTITIONS: partitions of every topic; caps the replicas.'),
      provisionTopics: z
        .boolean()
        .default(true)
        .describe('KAFKA_PROVISION_TOPICS (false where ACLs leave topic creation to admins).'),
      consumerGroupPrefix: z
        .string()
        .regex(/^[A-Za-z0-9._-]{0,100}$/)
        .default('')
        .describe('Prefix of every consumer group (environments sharing a broker).'),
      securityProtocol: z.enum(['plaintext', 'ssl', 'sasl_ssl']).default('sasl_ssl'),
      saslMechanism: z.enum(['scram-sha-512', 'scram-sha-256']).default('scram-sha-512'),
      caSecret: z
        .object({ name: dnsLabel.default('careflow-kafka-ca'), key: z.string().default('ca.crt') })
        .default({ name: 'careflow-kafka-ca', key: 'ca.crt' })
        .describe("Secret with the brokers' CA certificate (Strimzi: <cluster>-cluster-ca-cert)."),
      egress: z.array(egressPeer).min(1).describe('The brokers.'),
    }),
    database: z.object({ egress: z.array(egressPeer).min(1).describe('PostgreSQL.') }),
    oidc: z.object({
      issuer: z.url().describe('AUTH_ISSUER of every service.'),
      egress: z.array(egressPeer).min(1).describe('The issuer and its JWKS endpoint.'),
    }),
    interop: z
      .object({
        mllpIngress: z
          .array(ingressPeer)
          .default([])
          .describe(
            "Who may open HL7 v2 MLLP connections to the interop gateway (the hospitals' VPN or HIE ranges, an interface engine's namespace); nobody when empty.",
          ),
        mllpTlsSecret: dnsLabel
          .optional()
          .describe(
            'A kubernetes.io/tls Secret (tls.crt, tls.key): the gateway speaks MLLP over TLS only. Unset: plain MLLP, protected by the NetworkPolicy and the network path alone.',
          ),
      })
      .default({ mllpIngress: [] }),
    ingressControllerNamespace: dnsLabel.default('ingress-nginx'),
    monitoringNamespace: dnsLabel.default('monitoring'),
    planTimeZone: z.string().min(1).default('America/Detroit').describe('PLAN_TIME_ZONE.'),
    logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info').describe('LOG_LEVEL.'),
    services: z
      .object({
        eligibility: serviceOverrides,
        'authorization-routing': serviceOverrides,
        'case-management': serviceOverrides,
        'pcp-notification': serviceOverrides,
        'interop-gateway': serviceOverrides,
      })
      .default({
        eligibility: { config: {} },
        'authorization-routing': { config: {} },
        'case-management': { config: {} },
        'pcp-notification': { config: {} },
        'interop-gateway': { config: {} },
      }),
  })
  .superRefine((p, ctx) => {
    if (p.replicas.min > p.replicas.max)
      ctx.addIssue({ code: 'custom', path: ['replicas', 'min'], message: 'above replicas.max' });
    // A consumer group never has more useful members than a topic has partitions.
    if (p.replicas.max > p.kafka.partitions)
      ctx.addIssue({
        code: 'custom',
        path: ['replicas', 'max'],
        message: `above kafka.partitions (KAFKA_PARTITIONS = ${p.kafka.partitions})`,
      });
  });

export type Parameters = z.output<typeof parametersSchema>;
export type ServiceName = keyof Parameters['services'];

/** Environment variables that override the parameters file (for CI and quick renders). */
const ENV_OVERRIDES: Record<string, (raw: Record<string, unknown>, v: string) => void> = {
  K8S_NAMESPACE: (raw, v) => (raw.namespace = v),
  K8S_IMAGE_REGISTRY: (raw, v) => (section(raw, 'image').registry = v),
  K8S_IMAGE_TAG: (raw, v) => (section(raw, 'image').tag = v),
  K8S_MIN_REPLICAS: (raw, v) => (section(raw, 'replicas').min = Number(v)),
  K8S_MAX_REPLICAS: (raw, v) => (section(raw, 'replicas').max = Number(v)),
  KAFKA_PARTITIONS: (raw, v) => (section(raw, 'kafka').partitions = Number(v)),
};

function section(raw: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = raw[key];
  if (typeof value === 'object' && value !== null) return value as Record<string, unknown>;
  const created: Record<string, unknown> = {};
  raw[key] = created;
  return created;
}

export class ParametersError extends Error {}

/** Reads the parameters file, applies the environment overrides, validates everything. */
export function loadParameters(
  file: string,
  env: Record<string, string | undefined> = process.env,
): Parameters {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ParametersError(`${file}: ${error instanceof Error ? error.message : 'unreadable'}`);
  }
  for (const [name, apply] of Object.entries(ENV_OVERRIDES)) {
    const value = env[name];
    if (value !== undefined && value !== '') apply(raw, value);
  }
  const result = parametersSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ParametersError(`Invalid parameters in ${file}:\n${lines.join('\n')}`);
  }
  return result.data;
}
