import {
  allTopicNames,
  allTopics,
  consumedTopics,
  deadLetterTopicNames,
  internalTopics,
  isTopicName,
  producedTopics,
  topicByEventType,
  topicByName,
  topics,
  topicsConsumedBy,
  topicsProducedBy,
  type EventDataOf,
  type EventTypeOf,
} from './catalog';
import type { PaRequested } from './topics/pa-requests/pa-requested.schema';
import type { MemberCoverageChanged } from './topics/member-coverage/member-coverage-changed.schema';

// Compile-time checks of the type-level map (tsc checks them through the root tsconfig).
type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const _paRequests: Equals<EventDataOf<'pa.requests.v1'>, PaRequested> = true;
const _coverage: Equals<
  EventDataOf<'eligibility.member-coverage.v1'>,
  MemberCoverageChanged
> = true;
const _type: Equals<EventTypeOf<'pa.routing-decisions.v1'>, 'pa.routed'> = true;

describe('topic catalog', () => {
  it('holds the topics of the contract and the two internal ones', () => {
    expect(consumedTopics.map((t) => t.name)).toEqual([
      'eligibility.coverage.v1',
      'claims.medical.v1',
      'adt.discharges.v1',
      'adt.stays.v1',
      'claims.pharmacy.v1',
      'encounters.v1',
      'labs.results.v1',
      'mtm.events.v1',
      'ccm.referrals.v1',
      'pa.requests.v1',
    ]);
    expect(producedTopics.map((t) => t.name)).toEqual([
      'pa.routing-decisions.v1',
      'pa.request-status.v1',
      'ccm.evaluations.v1',
      'ccm.cases.v1',
      'pcp.notifications.v1',
      'care-programs.v1',
    ]);
    expect(internalTopics.map((t) => t.name)).toEqual([
      'eligibility.member-coverage.v1',
      'ccm.clinical-status-updates.v1',
    ]);
    expect(allTopics).toHaveLength(18);
  });

  it('carries the CloudEvent types of the contract, each on one topic', () => {
    const types = Object.fromEntries(allTopics.map((t) => [t.name, t.eventType]));
    expect(types).toEqual({
      'eligibility.coverage.v1': 'coverage.updated',
      'claims.medical.v1': 'claim.adjudicated',
      'adt.discharges.v1': 'patient.discharged',
      'adt.stays.v1': 'hospital-stay.changed',
      'claims.pharmacy.v1': 'pharmacy-claim.adjudicated',
      'encounters.v1': 'encounter.recorded',
      'labs.results.v1': 'lab-result.reported',
      'mtm.events.v1': 'mtm.review.completed',
      'ccm.referrals.v1': 'ccm-referral.submitted',
      'pa.requests.v1': 'pa.requested',
      'pa.routing-decisions.v1': 'pa.routed',
      'pa.request-status.v1': 'pa.pended',
      'ccm.evaluations.v1': 'ccm.evaluated',
      'ccm.cases.v1': 'ccm.case.changed',
      'pcp.notifications.v1': 'pcp.notification.issued',
      'care-programs.v1': 'care-program.eligibility-changed',
      'eligibility.member-coverage.v1': 'member-coverage.changed',
      'ccm.clinical-status-updates.v1': 'ccm.clinical-status.updated',
    });
    expect(new Set(Object.values(types)).size).toBe(18);
    expect(topicByEventType('pa.requested')).toBe(topics.paRequests);
    expect(topicByEventType('nope')).toBeUndefined();
  });

  it('looks topics up by name', () => {
    expect(topicByName('pa.requests.v1')).toBe(topics.paRequests);
    expect(topicByName('pa.requests.v1.dlq')).toBeUndefined();
    expect(isTopicName('ccm.cases.v1')).toBe(true);
    expect(isTopicName('ccm.cases.v2')).toBe(false);
  });

  it('names a DLQ for every topic a platform service consumes', () => {
    expect(deadLetterTopicNames).toEqual([
      ...consumedTopics.map((t) => `${t.name}.dlq`),
      'ccm.cases.v1.dlq',
      'pcp.notifications.v1.dlq',
      'eligibility.member-coverage.v1.dlq',
      'ccm.clinical-status-updates.v1.dlq',
    ]);
    expect(allTopicNames).toHaveLength(18 + 14);
    expect(new Set(allTopicNames).size).toBe(allTopicNames.length);
  });

  it('keys every event by its member id', () => {
    expect(topics.paRequests.keyOf({ memberId: 'M1' } as never)).toBe('M1');
    expect(topics.memberCoverage.compacted).toBe(true);
  });

  it('knows which service consumes and produces what (flow.md)', () => {
    expect(topicsConsumedBy('authorization-routing').map((t) => t.name)).toEqual([
      'pa.requests.v1',
      'eligibility.member-coverage.v1',
    ]);
    expect(topicsConsumedBy('pcp-notification').map((t) => t.name)).toEqual([
      'ccm.cases.v1',
      'eligibility.member-coverage.v1',
      'ccm.clinical-status-updates.v1',
    ]);
    expect(topicsProducedBy('case-management').map((t) => t.name)).toEqual([
      'ccm.evaluations.v1',
      'ccm.cases.v1',
      'care-programs.v1',
      'ccm.clinical-status-updates.v1',
    ]);
    expect(topicsProducedBy('authorization-routing').map((t) => t.name)).toEqual([
      'pa.routing-decisions.v1',
      'pa.request-status.v1',
    ]);
    expect(topicsProducedBy('eligibility').map((t) => t.name)).toEqual([
      'eligibility.member-coverage.v1',
    ]);
  });
});
