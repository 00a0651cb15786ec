import type { EntityManager } from 'typeorm';
import {
  identifier,
  memberCoverageChangedData,
  type CoverageSpan,
  CoverageUpdated,
  type FundingType,
  type LineOfBusiness,
  type MemberCoverageChanged,
  type PharmacyBenefitAdministrator,
  type PrimaryCareProvider,
} from '@careflow/contracts';
import { RejectedEventError, type ConsumedEvent } from '@careflow/messaging';
import {
  deriveSpans,
  factFromEvent,
  isNewer,
  mergeFacts,
  normaliseEventTime,
  publishableSpans,
  type CoverageFact,
} from './spans';

interface FactRow {
  member_id: string;
  effective_date: string;
  termination_date: string | null;
  line_of_business: LineOfBusiness;
  funding_type: FundingType;
  group_id: string | null;
  group_name: string | null;
  pharmacy_benefit_administrator: PharmacyBenefitAdministrator | null;
  pcp: PrimaryCareProvider | null;
  state: string | null;
  event_id: string;
  event_time: Date;
}

interface Demographics {
  readonly memberId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly birthDate: string;
  readonly eventId: string;
  readonly eventTime: string;
}

/** What one chunk changed: the member-coverage events to publish, in member order. */
export interface IngestResult {
  readonly published: MemberCoverageChanged[];
  readonly factsStored: number;
}

/**
 * Applies a chunk of coverage.updated events in a few set-based statements, whatever its size:
 * one read of the facts and versions of the chunk's members, then one bulk write each for
 * demographics, facts and spans. Returns one member-coverage snapshot per member whose spans
 * changed (or who had none published yet), with the next version.
 */
export async function ingestCoverage(
  manager: EntityManager,
  events: readonly ConsumedEvent<CoverageUpdated>[],
): Promise<IngestResult> {
  const incoming = new Map<string, CoverageFact[]>();
  const demographics = new Map<string, Demographics>();
  for (const event of events) {
    assertUsable(event);
    const fact = factFromEvent(event.data, event.id, event.time);
    const list = incoming.get(fact.memberId);
    if (list) list.push(fact);
    else incoming.set(fact.memberId, [fact]);
    const person: Demographics = {
      memberId: fact.memberId,
      firstName: event.data.firstName,
      lastName: event.data.lastName,
      birthDate: event.data.birthDate,
      eventId: event.id,
      eventTime: normaliseEventTime(event.time),
    };
    const held = demographics.get(fact.memberId);
    if (!held || isNewer(person, held)) demographics.set(fact.memberId, person);
  }
  const memberIds = [...incoming.keys()];

  const [factRows, versionRows] = await Promise.all([
    manager.query<FactRow[]>(
      `SELECT member_id, effective_date::text AS effective_date, termination_date::text AS termination_date,
              line_of_business, funding_type, group_id, group_name, pharmacy_benefit_administrator,
              pcp, state, event_id, event_time
         FROM coverage_facts WHERE member_id = ANY($1::text[])`,
      [memberIds],
    ),
    manager.query<{ member_id: string; version: string }[]>(
      `SELECT member_id, version FROM member_spans WHERE member_id = ANY($1::text[])`,
      [memberIds],
    ),
  ]);
  const heldFacts = new Map<string, CoverageFact[]>();
  for (const row of factRows) {
    const list = heldFacts.get(row.member_id);
    const fact = factFromRow(row);
    if (list) list.push(fact);
    else heldFacts.set(row.member_id, [fact]);
  }
  const versions = new Map(versionRows.map((r) => [r.member_id, Number(r.version)]));

  const accepted: CoverageFact[] = [];
  const published: MemberCoverageChanged[] = [];
  const stored: MemberCoverageChanged[] = [];
  for (const memberId of memberIds) {
    const held = heldFacts.get(memberId) ?? [];
    const merge = mergeFacts(held, incoming.get(memberId) ?? []);
    if (merge.accepted.length === 0) continue;
    accepted.push(...merge.accepted);
    const before = deriveSpans(held);
    const after = deriveSpans(merge.facts);
    const version = versions.get(memberId);
    if (version !== undefined && sameSpans(before, after)) continue;
    const next = (version ?? 0) + 1;
    const person = demographics.get(memberId);
    const snapshot = {
      memberId,
      spans: publishableSpans(after),
      version: next,
      // For the PCP's letters (pcp-notification); every published version is triggered by an
      // event of this member in the chunk, so its newest demographics are at hand.
      member: person
        ? { firstName: person.firstName, lastName: person.lastName, birthDate: person.birthDate }
        : null,
    };
    const valid = memberCoverageChangedData.safeParse(snapshot);
    if (!valid.success) {
      // Never block the partition on a snapshot the outbox would refuse: dead-letter the event
      // (the backbone replays the chunk one event at a time to find which one).
      const paths = valid.error.issues.map((i) => i.path.join('.')).join(', ');
      throw new RejectedEventError(`member-coverage snapshot would break the contract at ${paths}`);
    }
    stored.push({ memberId, spans: after, version: next, member: snapshot.member });
    published.push(snapshot);
  }

  await writeDemographics(manager, [...demographics.values()]);
  await writeFacts(manager, accepted);
  await writeSpans(manager, stored);
  return { published, factsStored: accepted.length };
}

/**
 * The event id and time become the published span's `sourceEventId` and `sourceEventTime`, so
 * they must fit the contract; an event whose id or time never will is refused (dead-lettered)
 * rather than retried forever.
 */
function assertUsable(event: ConsumedEvent<CoverageUpdated>): void {
  if (!identifier.safeParse(event.id).success)
    throw new RejectedEventError('event id must be 1-100 visible ASCII characters without spaces');
  if (Number.isNaN(Date.parse(event.time)))
    throw new RejectedEventError('event time is not an RFC 3339 timestamp');
}

function sameSpans(a: readonly CoverageSpan[], b: readonly CoverageSpan[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function factFromRow(row: FactRow): CoverageFact {
  return {
    memberId: row.member_id,
    effectiveDate: row.effective_date,
    terminationDate: row.termination_date,
    lineOfBusiness: row.line_of_business,
    fundingType: row.funding_type,
    group: row.group_id !== null ? { id: row.group_id, name: row.group_name ?? '' } : null,
    pharmacyBenefitAdministrator: row.pharmacy_benefit_administrator,
    pcp: row.pcp
      ? {
          npi: row.pcp.npi,
          name: row.pcp.name,
          phone: row.pcp.phone,
          fax: row.pcp.fax,
          address: row.pcp.address
            ? {
                line1: row.pcp.address.line1,
                line2: row.pcp.address.line2,
                city: row.pcp.address.city,
                state: row.pcp.address.state,
                postalCode: row.pcp.address.postalCode,
              }
            : null,
        }
      : null,
    state: row.state,
    eventId: row.event_id,
    eventTime: row.event_time.toISOString(),
  };
}

/** Names and birth date from the newest event of each member; an older event never wins. */
async function writeDemographics(
  manager: EntityManager,
  people: readonly Demographics[],
): Promise<void> {
  if (people.length === 0) return;
  await manager.query(
    `INSERT INTO members (member_id, first_name, last_name, birth_date, event_id, event_time)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[], $6::timestamptz[])
     ON CONFLICT (member_id) DO UPDATE
       SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
           birth_date = EXCLUDED.birth_date, event_id = EXCLUDED.event_id,
           event_time = EXCLUDED.event_time, updated_at = now()
       WHERE (members.event_time, members.event_id) < (EXCLUDED.event_time, EXCLUDED.event_id)`,
    [
      people.map((p) => p.memberId),
      people.map((p) => p.firstName),
      people.map((p) => p.lastName),
      people.map((p) => p.birthDate),
      people.map((p) => p.eventId),
      people.map((p) => p.eventTime),
    ],
  );
}

/** The facts that won their slot; the guard keeps the rule even if two writers ever raced. */
async function writeFacts(manager: EntityManager, facts: readonly CoverageFact[]): Promise<void> {
  if (facts.length === 0) return;
  await manager.query(
    `INSERT INTO coverage_facts (member_id, effective_date, termination_date, line_of_business,
                                 funding_type, group_id, group_name, pharmacy_benefit_administrator,
                                 pcp, state, event_id, event_time)
     SELECT * FROM unnest($1::text[], $2::date[], $3::date[], $4::text[], $5::text[], $6::text[],
                          $7::text[], $8::text[], $9::jsonb[], $10::text[], $11::text[], $12::timestamptz[])
     ON CONFLICT (member_id, effective_date) DO UPDATE
       SET termination_date = EXCLUDED.termination_date, line_of_business = EXCLUDED.line_of_business,
           funding_type = EXCLUDED.funding_type, group_id = EXCLUDED.group_id,
           group_name = EXCLUDED.group_name,
           pharmacy_benefit_administrator = EXCLUDED.pharmacy_benefit_administrator,
           pcp = EXCLUDED.pcp, state = EXCLUDED.state, event_id = EXCLUDED.event_id,
           event_time = EXCLUDED.event_time, stored_at = now()
       WHERE (coverage_facts.event_time, coverage_facts.event_id) < (EXCLUDED.event_time, EXCLUDED.event_id)`,
    [
      facts.map((f) => f.memberId),
      facts.map((f) => f.effectiveDate),
      facts.map((f) => f.terminationDate),
      facts.map((f) => f.lineOfBusiness),
      facts.map((f) => f.fundingType),
      facts.map((f) => f.group?.id ?? null),
      facts.map((f) => f.group?.name ?? null),
      facts.map((f) => f.pharmacyBenefitAdministrator),
      facts.map((f) => (f.pcp ? JSON.stringify(f.pcp) : null)),
      facts.map((f) => f.state),
      facts.map((f) => f.eventId),
      facts.map((f) => f.eventTime),
    ],
  );
}

/** The materialised spans (all of them) and their version, for as-of reads. */
async function writeSpans(
  manager: EntityManager,
  snapshots: readonly MemberCoverageChanged[],
): Promise<void> {
  if (snapshots.length === 0) return;
  await manager.query(
    `INSERT INTO member_spans (member_id, version, spans)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::jsonb[])
     ON CONFLICT (member_id) DO UPDATE
       SET version = EXCLUDED.version, spans = EXCLUDED.spans, updated_at = now()
       WHERE member_spans.version < EXCLUDED.version`,
    [
      snapshots.map((s) => s.memberId),
      snapshots.map((s) => s.version),
      snapshots.map((s) => JSON.stringify(s.spans)),
    ],
  );
}
