import { z } from 'zod';
import { identifier, label, list, memberId, text, timestamp, url } from '../../primitives';
import { ROUTING_OUTCOMES, SUBMISSION_CHANNELS, VENDOR_IDS } from '../../reference';
import { defineTopic } from '../../topic';

export const paRoutingDecisionData = z.object({
  requestId: identifier,
  memberId,
  outcome: z.enum(ROUTING_OUTCOMES),
  vendor: z
    .object({ id: z.enum(VENDOR_IDS), name: label(200) })
    .nullable()
    .describe('Who reviews the request; null unless the outcome is routed.'),
  submissionChannel: z
    .enum(SUBMISSION_CHANNELS)
    .nullable()
    .describe('Where the provider submits the request; null unless the outcome is routed.'),
  instructions: text(4000).nullable().describe('What the provider does next, in plain words.'),
  reasons: list(text(1000), 50).describe('Why, as human-readable sentences.'),
  ruleTrace: list(label(200), 100).describe('Ids of the policy rules that decided, in order.'),
  policyVersion: label(100),
  dueBy: timestamp.nullable().describe('Deadline for the utilization management decision.'),
  resources: list(z.object({ title: label(300), url }), 20).describe(
    'Forms, portals and documents the provider needs.',
  ),
  supersedes: z
    .object({
      eventId: label(200)
        .nullish()
        .describe(
          'CloudEvents id of the pa.routed event that published the superseded decision; null when that decision was stored before event ids were kept (absent in events published before this field existed).',
        ),
      outcome: z.enum(ROUTING_OUTCOMES),
      ruleTrace: list(label(200), 100),
      policyVersion: label(100),
      decidedAt: timestamp,
    })
    .nullable()
    .describe(
      "The earlier decision of the same request this one replaces (a retroactive coverage change re-decided it); null for a request's first decision.",
    ),
});
export type PaRoutingDecision = z.output<typeof paRoutingDecisionData>;

export const paRoutingDecisionsTopic = defineTopic({
  name: 'pa.routing-decisions.v1',
  eventType: 'pa.routed',
  direction: 'produced',
  summary: 'Where each prior authorization request goes, and why. Integrators subscribe to it.',
  data: paRoutingDecisionData,
  keyOf: (d) => d.memberId,
  producedBy: ['authorization-routing'],
});
