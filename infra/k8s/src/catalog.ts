import {
  consumerGroupId,
  ownConsumerOf,
  PLATFORM_SERVICES,
  topicsConsumedBy,
  type PlatformService,
} from '@careflow/contracts';
import type { Parameters, ServiceName } from './parameters.js';

export interface Resources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

export interface ServiceSpec {
  readonly name: ServiceName;
  readonly port: number;
  /** PostgreSQL schema the service owns (its name with underscores). */
  readonly schema: string;
  readonly resources: Resources;
  /**
   * KEDA target lag per replica: about two seconds of work at the measured rate (routing less).
   * Absent for a service that reads no topic (the interop gateway): a fixed replica count.
   */
  readonly lagThreshold?: number;
  /** The HL7 v2 MLLP port (TCP), for the interop gateway. */
  readonly mllpPort?: number;
  /** ConfigMap entries this service needs in production beyond the common ones. */
  readonly productionConfig: Readonly<Record<string, string>>;
}

/*
 * Memory. Requests: the peak resident set (VmHWM) of each service in the mixed benchmark, all
 * four services on a steady 200 events/s mix plus a 100k burst (bench/README.md, "Mixed stream",
 * the larger of its two runs: 265 / 344 / 410 / 175 MiB), the closest the benchmarks come to a
 * steady state. Limits: the largest peak of any full-speed benchmark (bench/results/latest.md and
 * bench/README.md "Last figures": eligibility ingest 320, routing full speed 389, case-management
 * 1M-event replay 607, pcp-notification enrollment notices 320 MiB) plus 25%, rounded up to
 * 64 MiB. The target of another issue is < 256 MiB each; lower these when it is met.
 *
 * CPU. Requests from the CPU per event the benchmarks measured (bench/results/latest.md): routing
 * 1,509 µs per request at 200/s = 0.30 core; case-management 72 µs per event, 250m = about 3,500
 * events/s; eligibility and pcp-notification have no CPU figure yet (200m, 100m). Limits: 2 cores,
 * the machine of every measurement; tighter CPU limits throttle and raise routing's p99.
 */
const resources = (cpu: string, memory: string, memoryLimit: string): Resources => ({
  requests: { cpu, memory },
  limits: { cpu: '2', memory: memoryLimit },
});

const SERVICES: readonly ServiceSpec[] = [
  {
    name: 'eligibility',
    port: 3001,
    schema: 'eligibility',
    resources: resources('200m', '272Mi', '448Mi'),
    lagThreshold: 2000, // ingest measured at 840 events/s
    productionConfig: {},
  },
  {
    name: 'authorization-routing',
    port: 3002,
    schema: 'authorization_routing',
    resources: resources('300m', '352Mi', '512Mi'),
    lagThreshold: 200, // 4,211 decisions/s at full speed, p99 target 50 ms: keep lag short
    productionConfig: {},
  },
  {
    name: 'case-management',
    port: 3003,
    schema: 'case_management',
    resources: resources('250m', '416Mi', '768Mi'),
    lagThreshold: 20000, // 10,951 events/s replaying a backlog
    productionConfig: { SEED_DEV_CASE_MANAGERS: 'false' },
  },
  {
    name: 'pcp-notification',
    port: 3004,
    schema: 'pcp_notification',
    resources: resources('100m', '176Mi', '448Mi'),
    lagThreshold: 250, // 130 events/s of its topics in the mixed benchmark
    productionConfig: {},
  },
  {
    // Requests from the gateway bench's peak resident set is not measured yet: a small service
    // that parses and writes to its outbox, sized like pcp-notification, with room for a 64 MiB
    // X12 upload (X12_MAX_BYTES) in its limit.
    name: 'interop-gateway',
    port: 3005,
    mllpPort: 2575,
    schema: 'interop_gateway',
    resources: resources('100m', '192Mi', '640Mi'),
    // Its principal may write its topics and create none (the services that read them do).
    productionConfig: { KAFKA_PROVISION_TOPICS: 'false', MLLP_PORT: '2575' },
  },
];

export function services(): readonly ServiceSpec[] {
  return SERVICES;
}

/** The service's own consumer group (KAFKA_CONSUMER_GROUP), from the parameters' prefix. */
export function serviceGroup(parameters: Parameters, service: ServiceName): string {
  return `${parameters.kafka.consumerGroupPrefix}${service}`;
}

/** Every consumer group the service reads in, as the messaging runtime names them. */
export function consumerGroups(parameters: Parameters, service: ServiceName): string[] {
  if (!(PLATFORM_SERVICES as readonly string[]).includes(service)) return [];
  const group = serviceGroup(parameters, service);
  const groups = topicsConsumedBy(service as PlatformService).map((topic) =>
    consumerGroupId(group, ownConsumerOf(service as PlatformService, topic.name)),
  );
  return [...new Set(groups)].sort();
}
