import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  CoverageSpan,
  FundingType,
  LineOfBusiness,
  PharmacyBenefitAdministrator,
  PrimaryCareProvider,
} from '@careflow/contracts';
import { binder, caseloadCondition } from '@careflow/platform';
import type { CoverageFact } from './spans';

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

/** The materialised spans of a member (all of them) at a version. */
export interface StoredSpans {
  readonly memberId: string;
  readonly version: number;
  readonly spans: readonly CoverageSpan[];
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

/**
 * The coverage aggregate: facts (`coverage_facts`), demographics (`members`) and the derived spans
 * with their version (`member_spans`). Writes are set-based (unnest + ON CONFLICT, one statement
 * per table whatever the chunk size): this is the project's hottest path, benchmarked as
 * `coverage-ingest`. Every write keeps its newest-wins guard in SQL, so two writers racing
 * cannot undo the rule.
 */
@Injectable()
export class CoverageRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** The facts and published versions of the members: two reads, run concurrently. */
  async heldCoverageOf(
    manager: EntityManager,
    memberIds: readonly string[],
  ): Promise<HeldCoverage> {
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
    const facts = new Map<string, CoverageFact[]>();
    for (const row of factRows) {
      const list = facts.get(row.member_id);
      const fact = factFromRow(row);
      if (list) list.push(fact);
      else facts.set(row.member_id, [fact]);
    }
    const versions = new Map(versionRows.map((r) => [r.member_id, Number(r.version)]));
    return { facts, versions };
  }

  /** Names and birth date from the newest event of each member; an older event never wins. */
  async writeDemographics(
    manager: EntityManager,
    people: readonly MemberDemographics[],
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
  async writeFacts(manager: EntityManager, facts: readonly CoverageFact[]): Promise<void> {
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
  async writeSpans(manager: EntityManager, snapshots: readonly StoredSpans[]): Promise<void> {
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

  /**
   * The read side: one indexed query per request (members ⋈ member_spans, plus the caseload rule
   * over the projection of ccm.cases.v1 when a case manager asks).
   */
  async lookup(memberId: string, caseManagerId: string | null): Promise<CoverageLookup> {
    const params: unknown[] = [memberId];
    const inCaseload = caseManagerId
      ? caseloadCondition('caseload', 'q.member_id', caseManagerId, binder(params))
      : 'false';
    const rows: {
      member_id: string | null;
      first_name: string | null;
      last_name: string | null;
      birth_date: string | null;
      version: string | null;
      spans: CoverageSpan[] | null;
      in_caseload: boolean;
    }[] = await this.dataSource.query(
      `SELECT m.member_id, m.first_name, m.last_name, m.birth_date::text AS birth_date,
              s.version, s.spans, ${inCaseload} AS in_caseload
         FROM (SELECT $1::text AS member_id) q
         LEFT JOIN members m ON m.member_id = q.member_id
         LEFT JOIN member_spans s ON s.member_id = q.member_id`,
      params,
    );
    const row = rows[0];
    if (!row) return { member: null, inCaseload: false };
    const member: MemberRecord | null =
      row.member_id !== null
        ? {
            memberId: row.member_id,
            firstName: row.first_name ?? '',
            lastName: row.last_name ?? '',
            birthDate: row.birth_date ?? '',
            version: row.version !== null ? Number(row.version) : null,
            spans: row.spans ?? [],
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
