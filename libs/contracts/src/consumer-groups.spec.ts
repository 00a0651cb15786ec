import { consumerGroupId, consumerGroupOf, ownConsumerOf } from './consumer-groups';
import { PLATFORM_SERVICES } from './topic';
import { topics, topicsConsumedBy } from './catalog';

describe('consumer groups', () => {
  it('reads member coverage in routing on a consumer of its own, and requests in the group', () => {
    expect(consumerGroupOf('authorization-routing', topics.memberCoverage.name)).toBe(
      'authorization-routing.coverage',
    );
    expect(consumerGroupOf('authorization-routing', topics.paRequests.name)).toBe(
      'authorization-routing',
    );
  });

  it("reads every other service's topics in the group named after the service", () => {
    for (const service of PLATFORM_SERVICES.filter((s) => s !== 'authorization-routing'))
      for (const topic of topicsConsumedBy(service))
        expect(consumerGroupOf(service, topic.name)).toBe(service);
  });

  it('names a consumer of its own only for a topic the service consumes', () => {
    for (const service of PLATFORM_SERVICES) {
      const consumed = new Set(topicsConsumedBy(service).map((t) => t.name));
      for (const topic of Object.values(topics))
        if (ownConsumerOf(service, topic.name) !== undefined)
          expect(consumed.has(topic.name)).toBe(true);
    }
  });

  it('derives the group of a consumer of its own from a configured group id', () => {
    expect(consumerGroupId('staging-routing', 'coverage')).toBe('staging-routing.coverage');
    expect(consumerGroupId('staging-routing', undefined)).toBe('staging-routing');
  });
});
