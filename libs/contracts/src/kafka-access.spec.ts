import { allTopics, topicsConsumedBy, topicsProducedBy, topics } from './catalog';
import { consumerGroupOf } from './consumer-groups';
import {
  KAFKA_ACL_TABLE_BEGIN,
  KAFKA_ACL_TABLE_END,
  kafkaAclGrants,
  kafkaAclTable,
  kafkaPrincipals,
  withKafkaAclTable,
  type AclGrant,
  type AccessTopic,
  type AclOperation,
} from './kafka-access';
import { PLATFORM_SERVICES, deadLetterTopicOf } from './topic';

const grants = kafkaAclGrants();

function topicsWith(principal: string, operation: AclOperation, all: readonly AclGrant[] = grants) {
  return all
    .filter(
      (g) => g.principal === principal && g.resourceType === 'TOPIC' && g.operation === operation,
    )
    .map((g) => g.resourceName)
    .sort();
}

describe('Kafka principals and ACLs from the catalog', () => {
  it('has one principal per service, the integrator, each upstream source and the admin', () => {
    const names = kafkaPrincipals().map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([
      ...PLATFORM_SERVICES,
      'integrator',
      'interop-gateway',
      'source-enrollment',
      'source-claims',
      'source-hospitals-adt',
      'source-pbm',
      'source-encounters',
      'source-labs',
      'source-mtm',
      'source-referral-intake',
      'source-pa-portals',
      'admin',
    ]);
    const known = new Set(names);
    expect(grants.every((g) => known.has(g.principal))).toBe(true);
    expect(grants.some((g) => g.principal === 'admin')).toBe(false);
    expect(grants.every((g) => g.resourceName.length > 0)).toBe(true);
  });

  it.each(PLATFORM_SERVICES)('lets %s read what it consumes and write what it produces', (s) => {
    const consumed = topicsConsumedBy(s).map((t) => t.name);
    const produced = topicsProducedBy(s).map((t) => t.name);
    expect(topicsWith(s, 'READ')).toEqual([...consumed].sort());
    expect(topicsWith(s, 'WRITE')).toEqual(
      [...produced, ...consumed.map(deadLetterTopicOf)].sort(),
    );
    expect(topicsWith(s, 'CREATE')).toEqual(
      [...new Set([...consumed, ...produced, ...consumed.map(deadLetterTopicOf)])].sort(),
    );
    const groupGrants = grants.filter((g) => g.principal === s && g.resourceType === 'GROUP');
    expect(groupGrants).toEqual([
      {
        principal: s,
        resourceType: 'GROUP',
        resourceName: s,
        patternType: 'PREFIXED',
        operation: 'READ',
      },
      {
        principal: s,
        resourceType: 'GROUP',
        resourceName: s,
        patternType: 'PREFIXED',
        operation: 'DESCRIBE',
      },
    ]);
    for (const topic of consumed) expect(consumerGroupOf(s, topic).startsWith(s)).toBe(true);
  });

  it('lets the integrator read routing decisions and pended statuses only, in its own groups, and write nothing', () => {
    expect(topicsWith('integrator', 'READ')).toEqual([
      'pa.request-status.v1',
      'pa.routing-decisions.v1',
    ]);
    const mine = grants.filter((g) => g.principal === 'integrator');
    expect(mine.filter((g) => g.operation !== 'READ' && g.operation !== 'DESCRIBE')).toEqual([]);
    expect(
      mine.filter((g) => g.resourceType === 'GROUP').map((g) => [g.resourceName, g.patternType]),
    ).toEqual([
      ['integrator', 'PREFIXED'],
      ['integrator', 'PREFIXED'],
    ]);
  });

  it('lets the interop gateway write exactly the upstream topics it publishes, and read published coverage for CRD', () => {
    const mine = grants.filter((g) => g.principal === 'interop-gateway');
    const grant = (resourceName: string, operation: string, resourceType = 'TOPIC') => ({
      principal: 'interop-gateway',
      resourceType,
      resourceName,
      patternType: resourceType === 'GROUP' ? 'PREFIXED' : 'LITERAL',
      operation,
    });
    expect(mine).toEqual([
      ...[
        'eligibility.coverage.v1',
        'claims.medical.v1',
        'adt.discharges.v1',
        'adt.stays.v1',
        'labs.results.v1',
      ].map((t) => grant(t, 'WRITE')),
      grant('eligibility.member-coverage.v1', 'READ'),
      grant('eligibility.member-coverage.v1.dlq', 'WRITE'),
      grant('interop-gateway', 'READ', 'GROUP'),
      grant('interop-gateway', 'DESCRIBE', 'GROUP'),
    ]);
  });

  it('lets each upstream source write exactly the consumed topics it publishes', () => {
    for (const topic of allTopics) {
      const writers = grants
        .filter((g) => g.principal.startsWith('source-') && g.resourceName === topic.name)
        .map((g) => `${g.principal} ${g.operation}`);
      expect(writers).toEqual(
        topic.direction === 'consumed' ? [`source-${topic.publishedUpstreamBy} WRITE`] : [],
      );
    }
  });

  it('follows the catalog: a new consumer of a topic gets READ on it and WRITE on its DLQ', () => {
    const catalog: AccessTopic[] = allTopics.map((t) =>
      t.name === topics.paRoutingDecisions.name ? { ...t, consumedBy: ['pcp-notification'] } : t,
    );
    const changed = kafkaAclGrants(catalog);
    expect(topicsWith('pcp-notification', 'READ', changed)).toContain('pa.routing-decisions.v1');
    expect(topicsWith('pcp-notification', 'WRITE', changed)).toContain(
      'pa.routing-decisions.v1.dlq',
    );
    expect(topicsWith('pcp-notification', 'READ')).not.toContain('pa.routing-decisions.v1');
  });

  it('renders one table row per principal and replaces only the marked README block', () => {
    const table = kafkaAclTable();
    expect(table.split('\n')).toHaveLength(2 + kafkaPrincipals().length);
    expect(table).toContain(
      '| `integrator` | integrators reading routing decisions and pended statuses | `pa.routing-decisions.v1`, `pa.request-status.v1` | — |',
    );
    const readme = `intro\n${KAFKA_ACL_TABLE_BEGIN}\nold\n${KAFKA_ACL_TABLE_END}\noutro\n`;
    expect(withKafkaAclTable(readme, 'NEW')).toBe(
      `intro\n${KAFKA_ACL_TABLE_BEGIN}\nNEW\n${KAFKA_ACL_TABLE_END}\noutro\n`,
    );
    expect(withKafkaAclTable('no markers', 'NEW')).toBeUndefined();
  });
});
