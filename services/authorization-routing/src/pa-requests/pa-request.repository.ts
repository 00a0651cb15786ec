import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { PaRequested, PaRoutingDecision } from '@careflow/contracts';
import {
  MemberCoverageReadModel,
  type MemberCoverageSnapshot,
} from '@careflow/coverage-read-model';
import type { MemberCoverage } from '@careflow/michigan-policy';
import type { UnitOfWork } from '@careflow/messaging';
import type { CoverageStatus, DecisionRecord } from '../routing/decide';
import type { Determination } from '../determinations/determination';

/** A request as received: the event's data, its CloudEvent id and when it was received. */
export interface ReceivedRequest {
  readonly request: PaRequested;
  readonly eventId: string;
  readonly receivedAt: Date;
}

/** A request waiting for its member's coverage. */
export interface HeldRequest {
  readonly request: PaRequested;
  readonly receivedAt: Date;
  readonly heldAt: Date;
}

export interface Hold {
  readonly requestId: string;
  readonly heldAt: Date;
  readonly holdUntil: Date;
}

/** A not-eligible decision, with what a superseding decision names of it. */
export interface NotEligibleDecision {
  readonly request: PaRequested;
  readonly receivedAt: Date;
  readonly outcome: PaRoutingDecision['outcome'];
  readonly policyVersion: string;
  readonly decidedAt: Date;
  readonly ruleTrace: string[];
  /** The CloudEvents id it was published with; null for decisions stored before ids were kept. */
  readonly eventId: string | null;
}

/** A stored decision with when and how it was made and the vendor's determination, if any. */
export interface StoredDecisionRecord {
  readonly requestId: string;
  readonly memberId: string;
  readonly decision: PaRoutingDecision;
  readonly coverageStatus: CoverageStatus;
  readonly deadline: { readonly regimeId: string; readonly source: string } | null;
  readonly receivedAt: Date;
  readonly decidedAt: Date;
  readonly determination: {
    readonly determination: Determination;
    readonly date: string;
    readonly recordedAt: Date | null;
    readonly recordedBy: string | null;
  } | null;
}

export interface OverdueDecision {
  readonly requestId: string;
  readonly memberId: string;
  readonly vendorId: string;
  readonly submissionChannel: string;
  readonly policyVersion: string;
  readonly dueBy: Date;
  readonly decidedAt: Date;
}

/** A decided request as the replay reads it: the coverage the decision used, and the decision. */
export interface RecordedCase {
  readonly requestId: string;
  readonly request: PaRequested;
  readonly receivedAt: Date;
  readonly decidedAt: Date;
  readonly coverageStatus: CoverageStatus;
  readonly coverage: MemberCoverage | null;
  readonly decision: PaRoutingDecision;
}

/**
 * The PA request aggregate: requests (`pa_requests`), the holds of requests waiting for coverage
 * (`pending_requests`) and their routing decisions with the vendor's determination
 * (`routing_decisions`). Chunk writes are one statement each, whatever the chunk size.
 */
@Injectable()
export class PaRequestRepository {
  private readonly readModel = new MemberCoverageReadModel();

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * Records the requests not received before (a request id already recorded is left as it is) and
   * reads their members' coverage in the same round trip. Answers the request ids recorded now.
   */
  async recordRequests(
    manager: EntityManager,
    requests: readonly ReceivedRequest[],
  ): Promise<{ recorded: Set<string>; snapshots: Map<string, MemberCoverageSnapshot> }> {
    const { written, snapshots } = await this.readModel.writeThenSnapshots<{
      request_id: string;
      member_id: string;
    }>(
      manager,
      `INSERT INTO pa_requests (request_id, member_id, event_id, received_at, data)
       SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS r(request_id text, member_id text, event_id text, received_at timestamptz, data jsonb)
       ON CONFLICT (request_id) DO NOTHING
       RETURNING request_id, member_id`,
      [
        JSON.stringify(
          requests.map((r) => ({
            request_id: r.request.requestId,
            member_id: r.request.memberId,
            event_id: r.eventId,
            received_at: r.receivedAt.toISOString(),
            data: r.request,
          })),
        ),
      ],
    );
    return { recorded: new Set(written.map((r) => r.request_id)), snapshots };
  }

  /** Holds requests until `waitMs` from now (the database's clock, the one the sweep reads). */
  async hold(
    manager: EntityManager,
    requests: readonly PaRequested[],
    waitMs: number,
  ): Promise<Hold[]> {
    const rows: { request_id: string; held_at: Date; hold_until: Date }[] = await manager.query(
      `INSERT INTO pending_requests (request_id, member_id, hold_until)
       SELECT r, m, now() + make_interval(secs => $3::double precision / 1000)
         FROM unnest($1::text[], $2::text[]) AS u(r, m)
       RETURNING request_id, held_at, hold_until`,
      [requests.map((r) => r.requestId), requests.map((r) => r.memberId), waitMs],
    );
    return rows.map((r) => ({
      requestId: r.request_id,
      heldAt: new Date(r.held_at),
      holdUntil: new Date(r.hold_until),
    }));
  }

  /** The held requests of these members, oldest first. */
  async heldRequestsOf(
    manager: EntityManager,
    memberIds: readonly string[],
  ): Promise<HeldRequest[]> {
    const rows: HeldRow[] = await manager.query(
      `SELECT h.request_id, p.data, p.received_at, h.held_at
         FROM pending_requests h JOIN pa_requests p USING (request_id)
        WHERE h.member_id = ANY($1::text[])
        ORDER BY p.received_at`,
      [memberIds],
    );
    return rows.map(heldRequestOf);
  }

  async release(manager: EntityManager, requestIds: readonly string[]): Promise<void> {
    await manager.query(`DELETE FROM pending_requests WHERE request_id = ANY($1::text[])`, [
      requestIds,
    ]);
  }

  /**
   * Takes up to `limit` held requests whose wait expired off hold (skipping those another
   * transaction holds), oldest first.
   */
  async takeExpiredHolds(manager: EntityManager, limit: number): Promise<HeldRequest[]> {
    const rows: HeldRow[] = await manager.query(
      `WITH expired AS (
         DELETE FROM pending_requests WHERE request_id IN (
           SELECT request_id FROM pending_requests
            WHERE hold_until <= now()
            ORDER BY hold_until LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING request_id, held_at)
       SELECT p.request_id, p.data, p.received_at, expired.held_at
         FROM expired JOIN pa_requests p USING (request_id)
        ORDER BY p.received_at`,
      [limit],
    );
    return rows.map(heldRequestOf);
  }

  /** The not-eligible decisions of these members, oldest request first. */
  async notEligibleDecisionsOf(
    manager: EntityManager,
    memberIds: readonly string[],
  ): Promise<NotEligibleDecision[]> {
    const rows: {
      data: PaRequested;
      received_at: Date;
      outcome: PaRoutingDecision['outcome'];
      policy_version: string;
      decided_at: Date;
      rule_trace: string[];
      event_id: string | null;
    }[] = await manager.query(
      `SELECT p.data, p.received_at, d.outcome, d.policy_version, d.decided_at,
              d.decision->'ruleTrace' AS rule_trace, d.event_id
         FROM routing_decisions d JOIN pa_requests p USING (request_id)
        WHERE d.member_id = ANY($1::text[]) AND d.outcome = 'not-eligible'
        ORDER BY p.received_at`,
      [memberIds],
    );
    return rows.map((r) => ({
      request: r.data,
      receivedAt: new Date(r.received_at),
      outcome: r.outcome,
      policyVersion: r.policy_version,
      decidedAt: new Date(r.decided_at),
      ruleTrace: r.rule_trace,
      eventId: r.event_id,
    }));
  }

  /**
   * Replaces decisions that are still not-eligible (a concurrent re-decision wins once); answers
   * the request ids replaced.
   */
  async replaceNotEligible(
    manager: EntityManager,
    records: readonly DecisionRecord[],
  ): Promise<Set<string>> {
    // A CTE: TypeORM answers a bare UPDATE … RETURNING as [rows, count].
    const replaced: { request_id: string }[] = await manager.query(
      `WITH replaced AS (
       UPDATE routing_decisions d
          SET outcome = r.outcome, vendor_id = r.vendor_id, submission_channel = r.submission_channel,
              policy_version = r.policy_version, due_by = r.due_by, decision = r.decision,
              coverage_status = r.coverage_status, coverage = r.coverage,
              deadline_regime = r.deadline_regime, deadline_source = r.deadline_source,
              event_id = r.event_id, decided_at = now()
         FROM jsonb_to_recordset($1::jsonb) AS r(${DECISION_COLUMNS})
        WHERE d.request_id = r.request_id AND d.outcome = 'not-eligible'
        RETURNING d.request_id)
       SELECT request_id FROM replaced`,
      [decisionRows(records)],
    );
    return new Set(replaced.map((r) => r.request_id));
  }

  /**
   * Stores the decisions of requests this transaction recorded (none can have a decision yet):
   * the insert rides with the outbox insert, one round trip for both.
   */
  storeWithOutbox(uow: UnitOfWork, records: readonly DecisionRecord[]): void {
    uow.writeWithOutbox(INSERT_DECISIONS, [decisionRows(records)]);
  }

  /** Stores the decisions of requests that have none yet; answers the request ids stored. */
  async storeNew(manager: EntityManager, records: readonly DecisionRecord[]): Promise<Set<string>> {
    const stored: { request_id: string }[] = await manager.query(
      `${INSERT_DECISIONS} ON CONFLICT (request_id) DO NOTHING RETURNING request_id`,
      [decisionRows(records)],
    );
    return new Set(stored.map((r) => r.request_id));
  }

  async decisionOf(requestId: string): Promise<StoredDecisionRecord | null> {
    const rows: {
      request_id: string;
      member_id: string;
      decision: PaRoutingDecision;
      coverage_status: CoverageStatus;
      deadline_regime: string | null;
      deadline_source: string | null;
      received_at: Date;
      decided_at: Date;
      determination: Determination | null;
      determination_date: string | null;
      determination_recorded_at: Date | null;
      determination_recorded_by: string | null;
    }[] = await this.dataSource.query(
      `SELECT d.request_id, d.member_id, d.decision, d.coverage_status, d.deadline_regime,
              d.deadline_source, p.received_at, d.decided_at, d.determination,
              to_char(d.determination_date, 'YYYY-MM-DD') AS determination_date,
              d.determination_recorded_at, d.determination_recorded_by
         FROM routing_decisions d JOIN pa_requests p USING (request_id)
        WHERE d.request_id = $1`,
      [requestId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      requestId: row.request_id,
      memberId: row.member_id,
      decision: row.decision,
      coverageStatus: row.coverage_status,
      // Stored together: both or neither.
      deadline:
        row.deadline_regime && row.deadline_source
          ? { regimeId: row.deadline_regime, source: row.deadline_source }
          : null,
      receivedAt: row.received_at,
      decidedAt: row.decided_at,
      determination:
        row.determination && row.determination_date
          ? {
              determination: row.determination,
              date: row.determination_date,
              recordedAt: row.determination_recorded_at,
              recordedBy: row.determination_recorded_by,
            }
          : null,
    };
  }

  /** The hold of a request still waiting for coverage, or null. */
  async holdOf(requestId: string): Promise<{ memberId: string; holdUntil: Date } | null> {
    const rows: { member_id: string; hold_until: Date }[] = await this.dataSource.query(
      `SELECT member_id, hold_until FROM pending_requests WHERE request_id = $1`,
      [requestId],
    );
    const row = rows[0];
    return row ? { memberId: row.member_id, holdUntil: row.hold_until } : null;
  }

  /**
   * Routed decisions past their deadline with no determination, the most overdue first, of the
   * vendors given (null: every vendor); `total` counts them all.
   */
  async overdue(
    limit: number,
    vendorIds: readonly string[] | null,
  ): Promise<{ total: number; decisions: OverdueDecision[] }> {
    const rows: {
      request_id: string;
      member_id: string;
      vendor_id: string;
      submission_channel: string;
      policy_version: string;
      due_by: Date;
      decided_at: Date;
      total: string;
    }[] = await this.dataSource.query(
      `SELECT request_id, member_id, vendor_id, submission_channel, policy_version, due_by,
              decided_at, count(*) OVER () AS total
         FROM routing_decisions
        WHERE ${OVERDUE} AND ($2::text[] IS NULL OR vendor_id = ANY($2::text[]))
        ORDER BY due_by LIMIT $1`,
      [limit, vendorIds],
    );
    return {
      total: Number(rows[0]?.total ?? 0),
      decisions: rows.map((r) => ({
        requestId: r.request_id,
        memberId: r.member_id,
        vendorId: r.vendor_id,
        submissionChannel: r.submission_channel,
        policyVersion: r.policy_version,
        dueBy: r.due_by,
        decidedAt: r.decided_at,
      })),
    };
  }

  /** How many routed decisions are past their deadline without a determination. */
  async countOverdue(): Promise<number> {
    const rows: { n: string }[] = await this.dataSource.query(
      `SELECT count(*) AS n FROM routing_decisions WHERE ${OVERDUE}`,
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * The decided requests received from `from` to `to` (YYYY-MM-DD, inclusive, days in
   * `timeZone`), read in pages in received order. Requests still held have no decision.
   */
  async *recordedCases(
    manager: EntityManager,
    from: string,
    to: string,
    timeZone: string,
    pageSize = 2000,
  ): AsyncGenerator<RecordedCase[]> {
    let after: { at: Date; id: string } | null = null;
    for (;;) {
      const rows: {
        request_id: string;
        data: PaRequested;
        received_at: Date;
        decided_at: Date;
        coverage_status: CoverageStatus;
        coverage: MemberCoverage | null;
        decision: PaRoutingDecision;
      }[] = await manager.query(
        `SELECT p.request_id, p.data, p.received_at, d.decided_at, d.coverage_status, d.coverage, d.decision
           FROM pa_requests p JOIN routing_decisions d USING (request_id)
          WHERE (p.received_at AT TIME ZONE $6::text)::date BETWEEN $1::date AND $2::date
            AND ($3::timestamptz IS NULL OR (p.received_at, p.request_id) > ($3::timestamptz, $4::text))
          ORDER BY p.received_at, p.request_id
          LIMIT $5`,
        [from, to, after?.at.toISOString() ?? null, after?.id ?? null, pageSize, timeZone],
      );
      if (rows.length === 0) return;
      yield rows.map((r) => ({
        requestId: r.request_id,
        request: r.data,
        receivedAt: new Date(r.received_at),
        decidedAt: new Date(r.decided_at),
        coverageStatus: r.coverage_status,
        coverage: r.coverage,
        decision: r.decision,
      }));
      const last = rows[rows.length - 1];
      if (!last || rows.length < pageSize) return;
      after = { at: new Date(last.received_at), id: last.request_id };
    }
  }
}

interface HeldRow {
  request_id: string;
  data: PaRequested;
  received_at: Date;
  held_at: Date;
}

function heldRequestOf(row: HeldRow): HeldRequest {
  return {
    request: row.data,
    receivedAt: new Date(row.received_at),
    heldAt: new Date(row.held_at),
  };
}

/** Routed, past its deadline, no determination recorded. */
const OVERDUE = `outcome = 'routed' AND determination IS NULL AND due_by < now()`;

/**
 * The decisions of a chunk from one JSON document (`$1`, an array of rows): nested objects go in
 * as they are, where jsonb[] parameters would be serialized and then escaped element by element.
 */
const DECISION_COLUMNS = `request_id text, member_id text, outcome text, vendor_id text, submission_channel text,
        policy_version text, due_by timestamptz, decision jsonb, coverage_status text,
        coverage jsonb, deadline_regime text, deadline_source text, event_id text`;
const INSERT_DECISIONS = `INSERT INTO routing_decisions (request_id, member_id, outcome, vendor_id, submission_channel,
                                policy_version, due_by, decision, coverage_status, coverage,
                                deadline_regime, deadline_source, event_id)
 SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(${DECISION_COLUMNS})`;

/** The rows of `records` as one JSON document for `jsonb_to_recordset`. */
function decisionRows(records: readonly DecisionRecord[]): string {
  return JSON.stringify(
    records.map((r) => ({
      request_id: r.decision.requestId,
      member_id: r.decision.memberId,
      outcome: r.decision.outcome,
      vendor_id: r.decision.vendor?.id ?? null,
      submission_channel: r.decision.submissionChannel,
      policy_version: r.decision.policyVersion,
      due_by: r.decision.dueBy,
      decision: r.decision,
      coverage_status: r.coverageStatus,
      coverage: r.coverage ?? null,
      deadline_regime: r.deadline?.regimeId ?? null,
      deadline_source: r.deadline?.source ?? null,
      event_id: r.eventId,
    })),
  );
}
