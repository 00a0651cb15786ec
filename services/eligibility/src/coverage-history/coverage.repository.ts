import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  CoverageSpan,
  FundingType,
  LineOfBusiness,
  PharmacyBenefitAdministrator,
  PrimaryCareProvider,
} from '@careflow/contracts';
import type { UnitOfWork } from '@careflow/messaging';
import { binder, caseloadCondition } from '@careflow/platform';
import { deriveSpans, type CoverageFact } from './spans';

/** A member's names and birth date as of their newest coverage event (never logged). */
export interface MemberDemographics {
  readonly memberId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly birthDate: string;
  readonly eventId: string;
  /** Normalised like `CoverageFact.eventTime`. */
  readonly eventTime: string;
}

/** The version of a member's published spans (the spans themselves are derived from the facts). */
export interface PublishedVersion {
  readonly memberId: string;
  readonly version: number;
}

/** What eligibility holds of some members before a chunk is applied. */
export interface HeldCoverage {
  readonly facts: ReadonlyMap<string, CoverageFact[]>;
  /** The published version of each member that has one. */
  readonly versions: ReadonlyMap<string, number>;
}

export interface MemberRecord {
  readonly memberId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly birthDate: string;
  readonly version: number | null;
  readonly spans: readonly CoverageSpan[];
}

export interface CoverageLookup {
  /** Null when eligibility has never received coverage for the member. */
  readonly member: MemberRecord | null;
  /** Whether the asking case manager holds an open case of the member (false when not asked). */
  readonly inCaseload: boolean;
}

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

/** Names and birth date from the newest event of each member; an older event never wins. */
const WRITE_DEMOGRAPHICS = `INSERT INTO members (member_id, first_name, last_name, birth_date, event_id, event_time)
   SELECT * FROM json_to_recordset($1::json) AS r("memberId" text, "firstName" text, "lastName" text,
                                                  "birthDate" date, "eventId" text, "eventTime" timestamptz)
   ON CONFLICT (member_id) DO UPDATE
     SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
         birth_date = EXCLUDED.birth_date, event_id = EXCLUDED.event_id,
         event_time = EXCLUDED.event_time, updated_at = now()
     WHERE (members.event_time, members.event_id) < (EXCLUDED.event_time, EXCLUDED.event_id)`;

/** The facts that won their slot; the guard keeps the rule even if two writers ever raced. */
const WRITE_FACTS = `INSERT INTO coverage_facts (member_id, effective_date, termination_date, line_of_business,
                               funding_type, group_id, group_name, pharmacy_benefit_administrator,
                               pcp, state, event_id, event_time)
   SELECT r."memberId", r."effectiveDate", r."terminationDate", r."lineOfBusiness", r."fundingType",
          r."group"->>'id', r."group"->>'name', r."pharmacyBenefitAdministrator", r.pcp, r.state,
          r."eventId", r."eventTime"
     FROM json_to_recordset($1::json) AS r("memberId" text, "effectiveDate" date,
       "terminationDate" date, "lineOfBusiness" text, "fundingType" text, "group" json,
       "pharmacyBenefitAdministrator" text, pcp json, state text, "eventId" text, "eventTime" timestamptz)
   ON CONFLICT (member_id, effective_date) DO UPDATE
     SET termination_date = EXCLUDED.termination_date, line_of_business = EXCLUDED.line_of_business,
         funding_type = EXCLUDED.funding_type, group_id = EXCLUDED.group_id,
         group_name = EXCLUDED.group_name,
         pharmacy_benefit_administrator = EXCLUDED.pharmacy_benefit_administrator,
         pcp = EXCLUDED.pcp, state = EXCLUDED.state, event_id = EXCLUDED.event_id,
         event_time = EXCLUDED.event_time, stored_at = now()
     WHERE (coverage_facts.event_time, coverage_facts.event_id) < (EXCLUDED.event_time, EXCLUDED.event_id)`;

/** The published version of each member whose spans changed. */
const WRITE_VERSIONS = `INSERT INTO member_spans (member_id, version)
   SELECT * FROM json_to_recordset($1::json) AS r("memberId" text, version bigint)
   ON CONFLICT (member_id) DO UPDATE
     SET version = EXCLUDED.version, updated_at = now()
     WHERE member_spans.version < EXCLUDED.version`;

/**
 * The coverage aggregate: facts (`coverage_facts`), demographics (`members`) and the published
 * version (`member_spans`); spans are derived from the facts wherever they are needed. Per chunk,
 * one read and one statement of set-based writes (joined to the outbox insert) whatever the
 * chunk's size: this is the project's hottest path, benchmarked as `coverage-ingest`.
 */
@Injectable()
export class CoverageRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * The facts and published versions of the members, in one read: a member has a version only
   * once a fact of theirs is stored (facts are never deleted), so the join loses none.
   *
   * The read looks each member up by key, whatever the tables' statistics say. Without them (a
   * server whose autovacuum is off never analyzes the tables, reltuples stays -1) the planner
   * takes `member_id = ANY(...)` of a few hundred ids to match most of `coverage_facts` (0.5% a
   * key, not unique alone) and scanned both tables whole for every chunk: 678 sequential scans
   * reading 26M fact rows and 20M span rows over 200,000 events, a cost per chunk that grew
   * with the tables. The LATERAL subquery (OFFSET 0 keeps it from being flattened into a join
   * the planner would hash) is one index probe per member. Its estimate is as inflated, which is
   * why the services' connections have JIT off (`serviceDataSourceOptions`): it compiled for a
   * few milliseconds of work (180 ms of JIT against 6 ms of execution for 400 members at 185,000
   * facts).
   */
  async heldCoverageOf(
    manager: EntityManager,
    memberIds: readonly string[],
  ): Promise<HeldCoverage> {
    const rows = await manager.query<(FactRow & { version: string | null })[]>(
      `SELECT f.member_id, f.effective_date::text AS effective_date,
              f.termination_date::text AS termination_date, f.line_of_business, f.funding_type,
              f.group_id, f.group_name, f.pharmacy_benefit_administrator, f.pcp, f.state,
              f.event_id, f.event_time, s.version
         FROM unnest($1::text[]) AS k(member_id)
         JOIN LATERAL (SELECT * FROM coverage_facts c WHERE c.member_id = k.member_id OFFSET 0) f
           ON true
         LEFT JOIN member_spans s ON s.member_id = k.member_id`,
      [memberIds],
    );
    const facts = new Map<string, CoverageFact[]>();
    const versions = new Map<string, number>();
    for (const row of rows) {
      const list = facts.get(row.member_id);
      const fact = factFromRow(row);
      if (list) list.push(fact);
      else facts.set(row.member_id, [fact]);
      if (row.version !== null) versions.set(row.member_id, Number(row.version));
    }
    return { facts, versions };
  }

  /**
   * Queues the chunk's writes (demographics, facts, versions) to run in the statement of its outbox
   * insert: one round trip for the four. Nothing later in the transaction reads them. Each takes
   * its rows as one JSON document, the objects as they are (`json_to_recordset` reads the fields
   * it names): node-pg would escape every element of a text[] again in JavaScript. Each keeps its
   * newest-wins guard in SQL, so two writers racing cannot undo the rule.
   */
  writeWithOutbox(
    uow: UnitOfWork,
    people: readonly MemberDemographics[],
    facts: readonly CoverageFact[],
    versions: readonly PublishedVersion[],
  ): void {
    if (people.length > 0) uow.writeWithOutbox(WRITE_DEMOGRAPHICS, [JSON.stringify(people)]);
    if (facts.length > 0) uow.writeWithOutbox(WRITE_FACTS, [JSON.stringify(facts)]);
    if (versions.length > 0) uow.writeWithOutbox(WRITE_VERSIONS, [JSON.stringify(versions)]);
  }

  /**
   * The read side: one indexed query per request (members, the published version and the facts
   * by member id, plus the caseload rule over the projection of ccm.cases.v1 when a case manager
   * asks); the spans are derived from the facts, as the ingest derived the published ones.
   */
  async lookup(memberId: string, caseManagerId: string | null): Promise<CoverageLookup> {
    const params: unknown[] = [memberId];
    const inCaseload = caseManagerId
      ? caseloadCondition('caseload', 'q.member_id', caseManagerId, binder(params))
      : 'false';
    // One row per fact (one with null facts for a member without any), the member's columns on each.
    const rows: (Partial<FactRow> & {
      known_member: string | null;
      first_name: string | null;
      last_name: string | null;
      birth_date: string | null;
      version: string | null;
      in_caseload: boolean;
    })[] = await this.dataSource.query(
      `SELECT m.member_id AS known_member, m.first_name, m.last_name,
              m.birth_date::text AS birth_date, s.version, ${inCaseload} AS in_caseload,
              f.member_id, f.effective_date::text AS effective_date,
              f.termination_date::text AS termination_date, f.line_of_business, f.funding_type,
              f.group_id, f.group_name, f.pharmacy_benefit_administrator, f.pcp, f.state,
              f.event_id, f.event_time
         FROM (SELECT $1::text AS member_id) q
         LEFT JOIN members m ON m.member_id = q.member_id
         LEFT JOIN member_spans s ON s.member_id = q.member_id
         LEFT JOIN coverage_facts f ON f.member_id = q.member_id`,
      params,
    );
    const row = rows[0];
    if (!row) return { member: null, inCaseload: false };
    const facts = rows.flatMap((r) => (r.member_id != null ? [factFromRow(r as FactRow)] : []));
    const member: MemberRecord | null =
      row.known_member !== null
        ? {
            memberId: row.known_member,
            firstName: row.first_name ?? '',
            lastName: row.last_name ?? '',
            birthDate: row.birth_date ?? '',
            version: row.version !== null ? Number(row.version) : null,
            spans: deriveSpans(facts),
          }
        : null;
    return { member, inCaseload: row.in_caseload };
  }
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
