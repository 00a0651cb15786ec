import {
  isKnownGroupId,
  type CoverageSpan,
  type CoverageUpdated,
  type FundingType,
  type GroupRef,
  type KnownGroupId,
  type LineOfBusiness,
  type PharmacyBenefitAdministrator,
  type PrimaryCareProvider,
} from '@careflow/contracts';

// The coverage rules of eligibility as plain functions: no Nest, Kafka or database here.

/**
 * One coverage.updated event as eligibility keeps it: the enrollment system's statement about the
 * span that starts on `effectiveDate`. Key: (memberId, effectiveDate). No names or birth dates.
 */
export interface CoverageFact {
  readonly memberId: string;
  readonly effectiveDate: string;
  readonly terminationDate: string | null;
  readonly lineOfBusiness: LineOfBusiness;
  readonly fundingType: FundingType;
  readonly group: GroupRef | null;
  readonly pharmacyBenefitAdministrator: PharmacyBenefitAdministrator | null;
  readonly pcp: PrimaryCareProvider | null;
  readonly state: string | null;
  readonly eventId: string;
  /** The CloudEvent `time`, normalised to `toISOString()` (UTC, milliseconds). */
  readonly eventTime: string;
}

/** The most spans one member-coverage event may carry (the contract's list bound). */
export const MAX_PUBLISHED_SPANS = 500;

/** `time` as a UTC ISO string with milliseconds, so string order is time order. */
export function normaliseEventTime(time: string): string {
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) throw new Error('event time is not a timestamp');
  return new Date(ms).toISOString();
}

/** The fact a coverage.updated event states, with the PCP in its published shape. */
export function factFromEvent(
  data: CoverageUpdated,
  eventId: string,
  eventTime: string,
): CoverageFact {
  return {
    memberId: data.memberId,
    effectiveDate: data.effectiveDate,
    terminationDate: data.terminationDate ?? null,
    lineOfBusiness: data.lineOfBusiness,
    fundingType: data.fundingType,
    group: data.group ? { id: data.group.id, name: data.group.name } : null,
    pharmacyBenefitAdministrator: data.pharmacyBenefitAdministrator ?? null,
    pcp: data.pcp
      ? {
          npi: data.pcp.npi,
          name: data.pcp.name,
          phone: data.pcp.phone ?? null,
          fax: data.pcp.fax ?? null,
          address: data.pcp.address
            ? {
                line1: data.pcp.address.line1,
                line2: data.pcp.address.line2 ?? null,
                city: data.pcp.address.city,
                state: data.pcp.address.state,
                postalCode: data.pcp.address.postalCode,
              }
            : null,
        }
      : null,
    state: data.state ?? null,
    eventId,
    eventTime: normaliseEventTime(eventTime),
  };
}

/** True when `a` was stated after `b`: later event `time`, ties broken by the larger event id. */
export function isNewer(
  a: Pick<CoverageFact, 'eventTime' | 'eventId'>,
  b: Pick<CoverageFact, 'eventTime' | 'eventId'>,
): boolean {
  if (a.eventTime !== b.eventTime) return a.eventTime > b.eventTime;
  return a.eventId > b.eventId;
}

export interface MergeResult {
  /** Every fact of the member after the merge. */
  readonly facts: CoverageFact[];
  /** The incoming facts that won their (member, effectiveDate) slot: the ones to store. */
  readonly accepted: CoverageFact[];
}

/**
 * Merges incoming facts (in any order) into what is held for one member: a fact replaces the one
 * with the same effective date only if it is newer, so an older event never overwrites a newer
 * fact and the result does not depend on delivery order.
 */
export function mergeFacts(
  held: readonly CoverageFact[],
  incoming: readonly CoverageFact[],
): MergeResult {
  const byDate = new Map<string, CoverageFact>(held.map((f) => [f.effectiveDate, f]));
  const winners = new Map<string, CoverageFact>();
  for (const fact of incoming) {
    const current = byDate.get(fact.effectiveDate);
    if (current && !isNewer(fact, current)) continue;
    byDate.set(fact.effectiveDate, fact);
    winners.set(fact.effectiveDate, fact);
  }
  return { facts: [...byDate.values()], accepted: [...winners.values()] };
}

/** A termination before the effective date voids the span (an 834 cancellation). */
export function isVoid(fact: Pick<CoverageFact, 'effectiveDate' | 'terminationDate'>): boolean {
  return fact.terminationDate !== null && fact.terminationDate < fact.effectiveDate;
}

/** The day before a `YYYY-MM-DD` date. */
export function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The member's coverage history, deterministically from all their facts: void facts dropped, the
 * rest sorted by effective date; each span ends at its own termination date or the day before
 * the next span's effective date, whichever is earlier (open-ended when neither). Spans never
 * overlap; gaps remain where a span was terminated before the next one starts.
 */
export function deriveSpans(facts: readonly CoverageFact[]): CoverageSpan[] {
  const live = facts
    .filter((f) => !isVoid(f))
    .sort((a, b) => (a.effectiveDate < b.effectiveDate ? -1 : 1));
  return live.map((fact, i) => {
    const next = live[i + 1];
    const cut = next ? dayBefore(next.effectiveDate) : null;
    const own = fact.terminationDate;
    const terminationDate = own === null ? cut : cut === null || own < cut ? own : cut;
    return {
      lineOfBusiness: fact.lineOfBusiness,
      fundingType: fact.fundingType,
      group: fact.group,
      effectiveDate: fact.effectiveDate,
      terminationDate,
      pharmacyBenefitAdministrator: fact.pharmacyBenefitAdministrator,
      pcp: fact.pcp,
      state: fact.state,
      sourceEventId: fact.eventId,
      sourceEventTime: fact.eventTime,
    };
  });
}

/** The spans a member-coverage event carries: the most recent ones when there are too many. */
export function publishableSpans(spans: readonly CoverageSpan[]): CoverageSpan[] {
  return spans.length > MAX_PUBLISHED_SPANS ? spans.slice(-MAX_PUBLISHED_SPANS) : [...spans];
}

/** The span in force on `date` (spans do not overlap; dates compare as strings). */
export function spanOn(spans: readonly CoverageSpan[], date: string): CoverageSpan | null {
  for (const span of spans) {
    if (span.effectiveDate > date) continue;
    if (span.terminationDate !== null && span.terminationDate < date) continue;
    return span;
  }
  return null;
}

/** The group id when the policy gives the group its own arrangement; null for any other group. */
export function groupArrangementOf(group: GroupRef | null): KnownGroupId | null {
  return group && isKnownGroupId(group.id) ? group.id : null;
}
