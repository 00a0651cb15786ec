import type { MemberCoverage, PolicyRouter, RoutingDecision } from '@careflow/michigan-policy';
import {
  coverageInformationAction,
  coverageInformationOf,
  errorCardOf,
  routingCardOf,
  type CdsCard,
  type CrdCoverageFinding,
  type OrderAssertion,
} from './coverage-information';
import type { HookReading, OrderReading } from './hook-reading';

/** The member's coverage as the service found it. */
export interface MemberCoverageLookup {
  /** False when eligibility never published the member. */
  readonly known: boolean;
  /** The coverage in force on a date of service (YYYY-MM-DD), null when none. */
  readonly on: (date: string) => MemberCoverage | null;
}

export interface HookAnswerOptions {
  readonly payerLabel: string;
  /** YYYY-MM-DD */
  readonly today: string;
  /** Whether to add the card beside the system action (configuration option `pa-routing-card`). */
  readonly routingCard: boolean;
  /** A new unique id (card uuid, coverage-assertion-id). */
  readonly newId: () => string;
}

export interface CdsHookAnswer {
  cards: CdsCard[];
  systemActions: ReturnType<typeof coverageInformationAction>[];
  /** Per order what was decided, for the service's log (no PHI: ids, outcomes, vendors). */
  assertions: {
    order: string;
    assertionId: string;
    finding: CrdCoverageFinding;
    outcome: RoutingDecision['outcome'] | 'not-routed';
    vendorId: string | null;
  }[];
}

/**
 * authorization-routing's decision for the same request: the policy router with the member's
 * coverage on the date of service; a member eligibility never published is routed as
 * "coverage never received" (not-eligible with the router's own reason), as it would be once its
 * hold expires.
 */
export function decideOrder(
  router: PolicyRouter,
  reading: Extract<OrderReading, { kind: 'drug' }>,
  coverage: MemberCoverageLookup,
): { finding: CrdCoverageFinding; decision: RoutingDecision } {
  const inForce = coverage.known ? coverage.on(reading.request.dateOfService) : null;
  const decision = router.route({
    request: reading.request,
    coverage: inForce,
    ...(coverage.known ? {} : { coverageNeverReceived: { waitedMs: 0 } }),
  });
  const finding = !coverage.known ? 'never-received' : inForce ? 'covered' : 'no-coverage';
  return { finding, decision };
}

function assess(
  reading: OrderReading,
  memberId: string | null,
  router: PolicyRouter,
  coverage: MemberCoverageLookup,
): { finding: CrdCoverageFinding; decision: RoutingDecision | null } {
  if (memberId === null) return { finding: 'member-unknown', decision: null };
  if (reading.kind === 'drug') return decideOrder(router, reading, coverage);
  if (!coverage.known) return { finding: 'never-received', decision: null };
  // An order without a usable drug code: coverage on the day it is signed.
  return { finding: 'covered', decision: null };
}

/** The CDS Hooks response of an order hook: one coverage-information system action per order. */
export function answerOrderHook(
  reading: HookReading,
  router: PolicyRouter,
  coverage: MemberCoverageLookup,
  options: HookAnswerOptions,
): CdsHookAnswer {
  const answer: CdsHookAnswer = { cards: [], systemActions: [], assertions: [] };
  if (reading.kind === 'prefetch-missing') {
    answer.cards.push(
      errorCardOf(
        'Coverage requirements not checked: the request lacks patient or coverage data',
        `The request did not prefetch ${reading.missing.join(' and ')} (see the prefetch template of GET /cds-services). This service does not query the EHR's FHIR server itself.`,
        options.payerLabel,
        options.newId(),
      ),
    );
    return answer;
  }
  for (const order of reading.orders) {
    const { finding, decision } = assess(order, reading.memberId, router, coverage);
    const noDrugCoverage =
      order.kind === 'drug-code-needed' && finding === 'covered' && !coverage.on(options.today);
    const assertion: OrderAssertion = {
      reading: order,
      finding: noDrugCoverage ? 'no-coverage' : finding,
      decision,
      coverageReference: reading.coverageReference,
      date: options.today,
      assertionId: options.newId(),
    };
    const extension = coverageInformationOf(assertion);
    if (extension === null) continue;
    answer.systemActions.push(coverageInformationAction(order.order, extension));
    answer.assertions.push({
      order: `${order.order.resourceType}/${order.order.id}`,
      assertionId: assertion.assertionId,
      finding: assertion.finding,
      outcome: decision?.outcome ?? 'not-routed',
      vendorId: decision?.vendor?.id ?? null,
    });
    const card = options.routingCard
      ? routingCardOf(assertion, options.payerLabel, options.newId())
      : null;
    if (card) answer.cards.push(card);
  }
  return answer;
}
