import { allTopics } from './catalog';
import { consumerGroupOf } from './consumer-groups';
import {
  deadLetterTopicOf,
  INTEROP_GATEWAY,
  PLATFORM_SERVICES,
  UPSTREAM_SOURCES,
  type PlatformService,
  type TopicDefinition,
  type UpstreamSource,
} from './topic';

/**
 * Who may do what on the platform's Kafka cluster, derived from the topic catalog so that the
 * ACLs cannot drift from the contract: a topic gains a reader the day a service consumes it.
 */
/** What the ACL model reads of a topic. */
export type AccessTopic = Pick<
  TopicDefinition,
  'name' | 'consumedBy' | 'producedBy' | 'publishedUpstreamBy'
>;

export type KafkaPrincipalRole = 'service' | 'integrator' | 'gateway' | 'upstream' | 'admin';

export interface KafkaPrincipal {
  /** The SCRAM user name; the Kafka principal is `User:<name>`. */
  readonly name: string;
  readonly role: KafkaPrincipalRole;
  readonly description: string;
}

export type AclOperation = 'READ' | 'WRITE' | 'CREATE' | 'DESCRIBE';
export type AclResourceType = 'TOPIC' | 'GROUP';
export type AclPatternType = 'LITERAL' | 'PREFIXED';

/** One ALLOW rule (the platform grants, it never denies: no ACL means no access). */
export interface AclGrant {
  readonly principal: string;
  readonly resourceType: AclResourceType;
  readonly resourceName: string;
  readonly patternType: AclPatternType;
  readonly operation: AclOperation;
}

/** The super user that creates topics, credentials and ACLs; never used by a running service. */
export const KAFKA_ADMIN_PRINCIPAL = 'admin';
/** Reads routing decisions for integrators; consumer groups start with its name. */
export const KAFKA_INTEGRATOR_PRINCIPAL = 'integrator';
/**
 * The integrator's readable topics (interface.md: integrators subscribe to routing decisions),
 * and the status of requests that cannot be decided yet (pended for coverage).
 */
const INTEGRATOR_TOPICS = ['pa.routing-decisions.v1', 'pa.request-status.v1'] as const;

/**
 * The interop gateway (services/interop-gateway) turns what upstream systems send in their own
 * standards (X12 834 and 837 files, HL7 v2 ADT and ORU^R01 messages) into the consumed topics those systems would publish: it writes
 * exactly those topics. For Da Vinci CRD it reads what the catalog lists it as a consumer of
 * (eligibility's published coverage), writes their dead-letter topics, and uses the consumer
 * groups that start with its name; it creates nothing.
 */
export const KAFKA_INTEROP_GATEWAY_PRINCIPAL = INTEROP_GATEWAY;
export const INTEROP_GATEWAY_TOPICS = [
  'eligibility.coverage.v1',
  'claims.medical.v1',
  'adt.discharges.v1',
  'adt.stays.v1',
  'labs.results.v1',
] as const;

/** The principal of an upstream system, e.g. `source-enrollment`. */
export function upstreamPrincipalOf(source: UpstreamSource): string {
  return `source-${source}`;
}

function consumedBy(service: PlatformService, topic: AccessTopic): boolean {
  return topic.consumedBy?.includes(service) ?? false;
}

function producedBy(service: PlatformService, topic: AccessTopic): boolean {
  return topic.producedBy?.includes(service) ?? false;
}

/** Every principal: services, the integrator, the interop gateway, the upstream systems, the admin. */
export function kafkaPrincipals(catalog: readonly AccessTopic[] = allTopics): KafkaPrincipal[] {
  const sources = [
    ...new Set(catalog.flatMap((t) => (t.publishedUpstreamBy ? [t.publishedUpstreamBy] : []))),
  ];
  return [
    ...PLATFORM_SERVICES.map((name) => ({
      name,
      role: 'service' as const,
      description: `the ${name} service`,
    })),
    {
      name: KAFKA_INTEGRATOR_PRINCIPAL,
      role: 'integrator' as const,
      description: 'integrators reading routing decisions and pended statuses',
    },
    {
      name: KAFKA_INTEROP_GATEWAY_PRINCIPAL,
      role: 'gateway' as const,
      description:
        'the interop gateway (X12 834 and 837 and HL7 v2 in, the upstream topics it stands in for out; published coverage in for Da Vinci CRD)',
    },
    ...sources.map((source) => ({
      name: upstreamPrincipalOf(source),
      role: 'upstream' as const,
      description: UPSTREAM_SOURCES[source],
    })),
    {
      name: KAFKA_ADMIN_PRINCIPAL,
      role: 'admin' as const,
      description: 'provisioning only (super user: topics, credentials, ACLs)',
    },
  ];
}

function topicGrants(principal: string, topic: string, operations: AclOperation[]): AclGrant[] {
  return operations.map((operation) => ({
    principal,
    resourceType: 'TOPIC',
    resourceName: topic,
    patternType: 'LITERAL',
    operation,
  }));
}

function groupPrefixGrants(principal: string, prefix: string): AclGrant[] {
  // READ joins the group and commits offsets; DESCRIBE fetches them (offset adoption, lag).
  return (['READ', 'DESCRIBE'] as const).map((operation) => ({
    principal,
    resourceType: 'GROUP',
    resourceName: prefix,
    patternType: 'PREFIXED',
    operation,
  }));
}

/**
 * A service reads what it consumes and writes what it produces and the dead-letter topics of what
 * it consumes; it may create exactly those topics (topic provisioning at start) and use the
 * consumer groups that start with its name (`<service>`, `<service>.<consumer>`).
 */
function serviceGrants(service: PlatformService, catalog: readonly AccessTopic[]): AclGrant[] {
  const grants = catalog.flatMap((topic) => {
    const reads = consumedBy(service, topic);
    const writes = producedBy(service, topic);
    if (!reads && !writes) return [];
    const main: AclOperation[] = [
      ...(reads ? ['READ' as const] : []),
      ...(writes ? ['WRITE' as const] : []),
    ];
    return [
      ...topicGrants(service, topic.name, [...main, 'CREATE']),
      ...(reads ? topicGrants(service, deadLetterTopicOf(topic.name), ['WRITE', 'CREATE']) : []),
    ];
  });
  const groups = new Set(
    catalog.filter((t) => consumedBy(service, t)).map((t) => consumerGroupOf(service, t.name)),
  );
  // Every group of the service starts with its name, so one prefix covers them.
  return groups.size > 0 ? [...grants, ...groupPrefixGrants(service, service)] : grants;
}

/** Every ACL of the cluster, in a stable order (the admin is a super user and has none). */
export function kafkaAclGrants(catalog: readonly AccessTopic[] = allTopics): AclGrant[] {
  const names = new Set(catalog.map((t) => t.name));
  return [
    ...PLATFORM_SERVICES.flatMap((service) => serviceGrants(service, catalog)),
    ...INTEGRATOR_TOPICS.filter((t) => names.has(t)).flatMap((topic) =>
      topicGrants(KAFKA_INTEGRATOR_PRINCIPAL, topic, ['READ']),
    ),
    ...groupPrefixGrants(KAFKA_INTEGRATOR_PRINCIPAL, KAFKA_INTEGRATOR_PRINCIPAL),
    ...INTEROP_GATEWAY_TOPICS.filter((t) => names.has(t)).flatMap((topic) =>
      topicGrants(KAFKA_INTEROP_GATEWAY_PRINCIPAL, topic, ['WRITE']),
    ),
    ...gatewayReadGrants(catalog),
    ...catalog.flatMap((topic) =>
      topic.publishedUpstreamBy
        ? topicGrants(upstreamPrincipalOf(topic.publishedUpstreamBy), topic.name, ['WRITE'])
        : [],
    ),
  ];
}

/** What the gateway consumes: READ, WRITE on the dead-letter topic, its consumer groups. */
function gatewayReadGrants(catalog: readonly AccessTopic[]): AclGrant[] {
  const reads = catalog.filter((t) => t.consumedBy?.includes(INTEROP_GATEWAY) ?? false);
  if (reads.length === 0) return [];
  return [
    ...reads.flatMap((t) => [
      ...topicGrants(KAFKA_INTEROP_GATEWAY_PRINCIPAL, t.name, ['READ']),
      ...topicGrants(KAFKA_INTEROP_GATEWAY_PRINCIPAL, deadLetterTopicOf(t.name), ['WRITE']),
    ]),
    ...groupPrefixGrants(KAFKA_INTEROP_GATEWAY_PRINCIPAL, KAFKA_INTEROP_GATEWAY_PRINCIPAL),
  ];
}

function cell(grants: readonly AclGrant[], type: AclResourceType, operation: AclOperation): string {
  const names = grants
    .filter((g) => g.resourceType === type && g.operation === operation)
    .map((g) => `\`${g.resourceName}${g.patternType === 'PREFIXED' ? '*' : ''}\``);
  return names.length > 0 ? names.join(', ') : '—';
}

/**
 * The ACL table as markdown, one row per principal (`*`: a prefix). A service may also CREATE
 * the topics it reads or writes (provisioning at start); reading or writing a topic implies
 * DESCRIBE in Kafka. The READMEs carry it between
 * `KAFKA_ACL_TABLE_BEGIN` and `KAFKA_ACL_TABLE_END`.
 */
export function kafkaAclTable(catalog: readonly AccessTopic[] = allTopics): string {
  const grants = kafkaAclGrants(catalog);
  const rows = kafkaPrincipals(catalog).map((principal) => {
    if (principal.role === 'admin')
      return `| \`${principal.name}\` | ${principal.description} | all (super user) | all | all |`;
    const mine = grants.filter((g) => g.principal === principal.name);
    const cells = [
      cell(mine, 'TOPIC', 'READ'),
      cell(mine, 'TOPIC', 'WRITE'),
      cell(mine, 'GROUP', 'READ'),
    ];
    return `| \`${principal.name}\` | ${principal.description} | ${cells.join(' | ')} |`;
  });
  return [
    '| principal | who | reads topics | writes topics | consumer groups (READ, DESCRIBE) |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export const KAFKA_ACL_TABLE_BEGIN = '<!-- kafka-acls:begin (npm run kafka:acls -- readme) -->';
export const KAFKA_ACL_TABLE_END = '<!-- kafka-acls:end -->';

/** `text` with the marked block replaced by `table`; `undefined` when the markers are missing. */
export function withKafkaAclTable(text: string, table: string): string | undefined {
  const begin = text.indexOf(KAFKA_ACL_TABLE_BEGIN);
  const end = text.indexOf(KAFKA_ACL_TABLE_END);
  if (begin < 0 || end < begin) return undefined;
  return `${text.slice(0, begin + KAFKA_ACL_TABLE_BEGIN.length)}\n${table}\n${text.slice(end)}`;
}
