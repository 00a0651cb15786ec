import type { RoutingDecision } from '@careflow/michigan-policy';
import type { OrderInHook, OrderReading } from './hook-reading';

/** CRD 2.x: the coverage-information extension and its code systems. */
export const COVERAGE_INFORMATION_URL =
  'http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information';
const COVERAGE_DETAIL_SYSTEM = 'http://terminology.hl7.org/CodeSystem/crd-coverage-detail';
/** Reason codes (CRD ValueSet coverageAssertionReasons, still in the IG's temporary system). */
const CRD_TEMP_SYSTEM = 'http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp';
const CARD_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/cdshooks-card-type';

/** How the member's coverage on the order's date of service was found. */
export type CrdCoverageFinding = 'covered' | 'no-coverage' | 'never-received' | 'member-unknown';

export interface FhirExtension {
  url: string;
  [value: string]: unknown;
}

/** What one order's coverage assertion is made of. */
export interface OrderAssertion {
  readonly reading: OrderReading;
  readonly finding: CrdCoverageFinding;
  /** The routing decision (authorization-routing's, for the same request); null when not routed. */
  readonly decision: RoutingDecision | null;
  readonly coverageReference: string;
  /** YYYY-MM-DD */
  readonly date: string;
  /** Unique per assertion (coverage-assertion-id): the trace id in the service's log. */
  readonly assertionId: string;
}

type Covered = 'covered' | 'not-covered' | 'conditional';
type PaNeeded = 'auth-needed' | 'conditional';

interface Assertion {
  covered: Covered;
  paNeeded?: PaNeeded;
  infoNeeded?: 'detail-code' | 'OTH';
  reasons: { code?: string; display?: string; text: string }[];
}

const reason = (text: string) => ({ text });

/** Why a member eligibility never published is not refused for good (authorization-routing pends). */
const PENDED_NOTE =
  'Enrollment feeds can lag: if the member enrolled recently, a prior authorization request is still held for coverage (pended) by authorization-routing rather than refused at once.';

function noCoverageAssertion(finding: CrdCoverageFinding, decision: RoutingDecision | null) {
  const text = decision?.reasons.join(' ') ?? '';
  switch (finding) {
    case 'member-unknown':
      return {
        code: 'no-member-found',
        display: 'Member not found',
        text: 'The Coverage (and Patient) of the request carry no member id of this plan (an identifier typed MB, or Coverage.subscriberId), so no coverage could be found.',
      };
    case 'never-received':
      return {
        code: 'no-member-found',
        display: 'Member not found',
        text: `${text} ${PENDED_NOTE}`.trim(),
      };
    default:
      return { code: 'no-active-coverage', display: 'Coverage not active', text };
  }
}

/** The assertion of one order (CRD cards.md, "Coverage Information Response Type"). */
function assertionOf(a: OrderAssertion): Assertion | null {
  if (a.reading.kind === 'out-of-scope') return null;
  if (a.finding !== 'covered') {
    // resp-44 / resp-45: an unresolved member or no active coverage is "not-covered" with its reason.
    return { covered: 'not-covered', reasons: [noCoverageAssertion(a.finding, a.decision)] };
  }
  if (a.reading.kind === 'drug-code-needed') {
    return {
      covered: 'conditional',
      paNeeded: 'conditional',
      infoNeeded: 'detail-code',
      reasons: [reason(a.reading.reason)],
    };
  }
  const decision = a.decision!;
  const notes = a.reading.notes;
  switch (decision.outcome) {
    case 'routed':
      return {
        covered: 'covered',
        paNeeded: 'auth-needed',
        reasons: [
          reason(
            `${decision.vendor!.name} decides prior authorization of this drug for this member (policy ${decision.policyVersion}). The routing policy names who decides; it does not list which drugs of a class are exempt, so prior authorization is reported as needed.`,
          ),
          ...decision.reasons.map(reason),
          ...notes.map(reason),
        ],
      };
    case 'manual-review':
      // The policy does not say who decides: a person does. That is conditional, never a guess.
      return {
        covered: 'covered',
        paNeeded: 'conditional',
        infoNeeded: 'OTH',
        reasons: [
          reason(
            `No vendor is named for this request by policy ${decision.policyVersion}: utilization management staff decide by hand who reviews it.`,
          ),
          ...decision.reasons.map(reason),
          ...notes.map(reason),
        ],
      };
    case 'not-eligible':
      return { covered: 'not-covered', reasons: decision.reasons.map(reason) };
  }
}

function codeExt(url: string, valueCode: string): FhirExtension {
  return { url, valueCode };
}

function detail(
  category: 'cat-other' | 'cat-decisional',
  code: string,
  value: Record<string, unknown>,
): FhirExtension {
  return {
    url: 'detail',
    extension: [
      { url: 'category', valueCode: category },
      { url: 'code', valueCodeableConcept: { coding: [{ system: COVERAGE_DETAIL_SYSTEM, code }] } },
      { url: 'value', ...value },
    ],
  };
}

/**
 * The coverage-information extension of one order (CRD ext-coverage-information): covered,
 * pa-needed, info-needed, the reasons, the policy links and instructions as details, and the
 * deciding vendor as the contact. Null for an order the policy says nothing about.
 */
export function coverageInformationOf(a: OrderAssertion): FhirExtension | null {
  const assertion = assertionOf(a);
  if (assertion === null) return null;
  const decision = a.decision;
  const routed = decision?.outcome === 'routed' && assertion.covered !== 'not-covered';
  const parts: FhirExtension[] = [
    { url: 'coverage', valueReference: { reference: a.coverageReference } },
    codeExt('covered', assertion.covered),
    ...(assertion.paNeeded ? [codeExt('pa-needed', assertion.paNeeded)] : []),
    ...(assertion.infoNeeded ? [codeExt('info-needed', assertion.infoNeeded)] : []),
    ...assertion.reasons.map((r) => ({
      url: 'reason',
      valueCodeableConcept: {
        ...(r.code
          ? { coding: [{ system: CRD_TEMP_SYSTEM, code: r.code, display: r.display }] }
          : {}),
        text: r.text,
      },
    })),
  ];
  if (decision && assertion.covered !== 'not-covered') {
    parts.push(detail('cat-other', 'instructions', { valueString: decision.instructions }));
    for (const link of decision.resources)
      parts.push(detail('cat-other', 'policy-link', { valueUrl: link.url }));
  }
  parts.push(
    { url: 'date', valueDate: a.date },
    { url: 'coverage-assertion-id', valueString: a.assertionId },
  );
  if (routed) parts.push({ url: 'contact', valueContactDetail: vendorContact(decision) });
  return { url: COVERAGE_INFORMATION_URL, extension: parts };
}

/** The deciding vendor and how to submit, as a ContactDetail (its portal links as telecom urls). */
function vendorContact(decision: RoutingDecision): Record<string, unknown> {
  const channel = decision.submissionChannel
    ? ` (submit through ${decision.submissionChannel})`
    : '';
  return {
    name: `${decision.vendor!.name}${channel}`,
    telecom: decision.resources.map((r) => ({ system: 'url', value: r.url })),
  };
}

/**
 * The systemAction that stores the assertion on the order: the order as sent, its earlier
 * coverage-information replaced by this one and nothing else changed (CRD resp-37).
 */
export function coverageInformationAction(order: OrderInHook, extension: FhirExtension) {
  const kept = ((order.resource as { extension?: FhirExtension[] }).extension ?? []).filter(
    (e) => e.url !== COVERAGE_INFORMATION_URL,
  );
  return {
    type: 'update' as const,
    description: `Coverage information for ${order.resourceType}/${order.id}`,
    resource: { ...order.resource, extension: [...kept, extension] },
  };
}

export interface CdsCard {
  uuid: string;
  summary: string;
  detail?: string;
  indicator: 'info' | 'warning' | 'critical';
  source: { label: string; topic: { system: string; code: string; display: string } };
  links?: { label: string; url: string; type: 'absolute' }[];
  extension?: Record<string, unknown>;
}

function summaryOf(a: OrderAssertion): string | null {
  const d = a.decision;
  if (a.reading.kind === 'out-of-scope') return null;
  if (a.finding === 'member-unknown') return 'Member not found: prior authorization not checked';
  if (a.finding === 'never-received')
    return 'Coverage not received yet from enrollment: prior authorization not routed';
  if (a.finding === 'no-coverage' || d?.outcome === 'not-eligible')
    return 'No active coverage on the date of service';
  if (a.reading.kind === 'drug-code-needed')
    return 'Add the HCPCS or NDC code to check prior authorization';
  if (d?.outcome === 'manual-review')
    return 'Prior authorization: manual review decides who reviews this drug';
  return `Prior authorization required: ${d!.vendor!.name}`.slice(0, 140);
}

/**
 * The card that says it in words: whether prior authorization is needed and who decides it, or
 * why that cannot be said. CRD asks for the coverage-information system action (always sent) and
 * no card repeating it (resp-12, resp-25); the card is this service's choice, off per request
 * with the configuration option `pa-routing-card` (davinci-crd.configuration).
 */
export function routingCardOf(a: OrderAssertion, payerLabel: string, uuid: string): CdsCard | null {
  const summary = summaryOf(a);
  if (summary === null) return null;
  const d = a.decision;
  const lines: string[] = [];
  if (a.reading.kind === 'drug-code-needed') lines.push(a.reading.reason);
  else if (d) {
    if (d.outcome === 'routed')
      lines.push(`**${d.vendor!.name}** decides prior authorization for this order.`);
    lines.push(d.instructions, ...d.reasons.map((r) => `- ${r}`));
    if (a.finding === 'never-received') lines.push(PENDED_NOTE);
    if (a.reading.kind === 'drug') lines.push(...a.reading.notes.map((n) => `- ${n}`));
    lines.push(`Policy version: ${d.policyVersion}.`);
  } else if (a.finding === 'member-unknown') {
    lines.push(noCoverageAssertion(a.finding, null).text);
  }
  const links = (d?.resources ?? []).map((r) => ({
    label: r.title,
    url: r.url,
    type: 'absolute' as const,
  }));
  const warning =
    a.finding !== 'covered' || d?.outcome === 'manual-review' || d?.outcome === 'not-eligible';
  return {
    uuid,
    summary,
    detail: lines.join('\n\n'),
    indicator: warning ? 'warning' : 'info',
    source: {
      label: payerLabel,
      topic: { system: CARD_TYPE_SYSTEM, code: 'coverage-info', display: 'Coverage Information' },
    },
    ...(links.length > 0 ? { links } : {}),
    extension: {
      'davinci-crd.associated-resource': [
        { reference: `${a.reading.order.resourceType}/${a.reading.order.id}` },
      ],
    },
  };
}

/** The card for a request that cannot be answered (prefetch missing). */
export function errorCardOf(
  summary: string,
  detail: string,
  payerLabel: string,
  uuid: string,
): CdsCard {
  return {
    uuid,
    summary: summary.slice(0, 140),
    detail,
    indicator: 'warning',
    source: {
      label: payerLabel,
      topic: { system: CARD_TYPE_SYSTEM, code: 'coverage-info', display: 'Coverage Information' },
    },
  };
}
