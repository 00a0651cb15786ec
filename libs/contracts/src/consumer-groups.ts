import type { PlatformService } from './topic';
import { memberCoverageTopic } from './topics/member-coverage/member-coverage-changed.schema';

/**
 * Each service reads its topics in one consumer group named after it (or KAFKA_CONSUMER_GROUP),
 * except the topics listed here: those it reads on a consumer of its own, in the group
 * `<group>.<consumer>`. Operators watch lag by group; the benchmarks and the chaos tools find
 * the groups here, and the messaging runtime starts the consumers from it.
 */
const OWN_CONSUMERS: { readonly [S in PlatformService]?: Readonly<Record<string, string>> } = {
  // Requests are latency-critical and coverage is mostly idle between enrolment files. One
  // consumer names every partition of both topics in every fetch, and the client's work per
  // fetch grows with the partitions; on its own, a request fetch names only the request topic's.
  'authorization-routing': { [memberCoverageTopic.name]: 'coverage' },
};

/** The consumer of its own on which `service` reads `topic`, if it has one. */
export function ownConsumerOf(service: string, topic: string): string | undefined {
  return (OWN_CONSUMERS as Record<string, Record<string, string> | undefined>)[service]?.[topic];
}

/** The group id of a consumer: the service's group, or `<group>.<consumer>` for its own. */
export function consumerGroupId(serviceGroup: string, consumer: string | undefined): string {
  return consumer === undefined ? serviceGroup : `${serviceGroup}.${consumer}`;
}

/** The consumer group in which `service` reads `topic`, with the default group of the service. */
export function consumerGroupOf(service: PlatformService, topic: string): string {
  return consumerGroupId(service, ownConsumerOf(service, topic));
}
