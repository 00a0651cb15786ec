import { Inject, Injectable } from '@nestjs/common';
import {
  PlanCalendar,
  topics,
  type MemberCoverageChanged,
  type PaPended,
  type PaRequested,
  type PaRoutingDecision,
} from '@careflow/contracts';
import {
  coverageOn,
  MemberCoverageReadModel,
  type MemberCoverageSnapshot,
} from '@careflow/coverage-read-model';
import type { ConsumedEvent, UnitOfWork } from '@careflow/messaging';
import { JsonLogger, lockMembers } from '@careflow/platform';
import { AUTHORIZATION_ROUTING_CONFIG } from '../tokens';
import type { AuthorizationRoutingConfig } from '../config';
import { PolicyStore } from '../policies/policy-store';
import {
  assembleDecision,
  toMemberCoverage,
  type CoverageFinding,
  type DecisionRecord,
} from './decide';

/** A request to decide now, with how its member's coverage was found. */
interface ToDecide {
  readonly request: PaRequested;
  readonly receivedAt: Date;
  readonly finding: CoverageFinding;
}

interface SupersededRow {
  request_id: string;
  data: PaRequested;
  received_at: Date;
  outcome: PaRoutingDecision['outcome'];
  policy_version: string;
  decided_at: Date;
  rule_trace: string[];
}

interface HeldRow {
  request_id: string;
  data: PaRequested;
  received_at: Date;
  held_at: Date;
}

/** The coverage the policy sees for a request, from the member's snapshot (or its absence). */
export function findingFor(
  snapshot: MemberCoverageSnapshot | undefined,
  dateOfService: string,
): CoverageFinding | null {
  if (!snapshot) return null;
  const span = coverageOn(snapshot.spans, dateOfService);
  return span ? { status: 'covered', coverage: toMemberCoverage(span) } : { status: 'no-coverage' };
}

/**
 * The request lifecycle: record each request, decide it with the policy in force on its received
 * day and the member's coverage on the date of service, or hold it until coverage arrives (or the
 * wait expires). Every decision is stored and published in the caller's transaction.
 */
@Injectable()
export class RoutingService {
  private readonly readModel = new MemberCoverageReadModel();

  constructor(
    @Inject(PolicyStore) private readonly policies: PolicyStore,
    @Inject(AUTHORIZATION_ROUTING_CONFIG) private readonly config: AuthorizationRoutingConfig,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(PlanCalendar) private readonly calendar: PlanCalendar,
  ) {}

  /** A chunk of `pa.requests.v1` (already past the inbox: each event id is new). */
  async handleRequests(
    uow: UnitOfWork,
    events: readonly ConsumedEvent<PaRequested>[],
  ): Promise<void> {
    const manager = uow.manager;
    // The same requestId under another event id is the same request: the first one wins.
    const firstByRequest = new Map<string, ConsumedEvent<PaRequested>>();
    for (const e of events)
      if (!firstByRequest.has(e.data.requestId)) firstByRequest.set(e.data.requestId, e);
    const candidates = [...firstByRequest.values()];
    // Recording the requests and reading their members' coverage is one round trip.
    const { written: inserted, snapshots: found } = await this.readModel.writeThenSnapshots<{
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
          candidates.map((e) => ({
            request_id: e.data.requestId,
            member_id: e.data.memberId,
            event_id: e.id,
            received_at: receivedAtOf(e).toISOString(),
            data: e.data,
          })),
        ),
      ],
    );
    const fresh = new Set(inserted.map((r) => r.request_id));
    const duplicates = events.length - fresh.size;
    if (duplicates > 0) {
      this.logger.info(
        'PA requests already received (redelivered or under another event id); not decided again',
        {
          count: duplicates,
        },
      );
    }
    const accepted = candidates.filter((e) => fresh.has(e.data.requestId));
    if (accepted.length === 0) return;

    let snapshots = found;
    const unknown = [...new Set(accepted.map((e) => e.data.memberId))].filter(
      (m) => !snapshots.has(m),
    );
    if (unknown.length > 0) {
      // Coverage may be committing right now: lock, then look again before holding.
      await lockMembers(manager, 'authorization-routing', unknown);
      const late = await this.readModel.snapshotsOf(manager, unknown);
      snapshots = new Map([...snapshots, ...late]);
    }

    const toDecide: ToDecide[] = [];
    const held: ConsumedEvent<PaRequested>[] = [];
    for (const e of accepted) {
      const finding = findingFor(snapshots.get(e.data.memberId), e.data.dateOfService);
      // Eligibility never published the member: enrollment feeds lag, so the request waits for
      // coverage (and says so at once, pa.pended). A member whose coverage history exists but
      // does not cover the date of service is decided not-eligible now; a later retroactive
      // change re-decides it (handleCoverage). With no wait configured all are decided at once.
      if (finding === null && this.config.COVERAGE_WAIT_MS > 0) held.push(e);
      else
        toDecide.push({
          request: e.data,
          receivedAt: receivedAtOf(e),
          finding: finding ?? neverReceived(0),
        });
    }
    if (held.length > 0) {
      const holds: { request_id: string; held_at: Date; hold_until: Date }[] = await manager.query(
        `INSERT INTO pending_requests (request_id, member_id, hold_until)
         SELECT r, m, now() + make_interval(secs => $3::double precision / 1000)
           FROM unnest($1::text[], $2::text[]) AS u(r, m)
         RETURNING request_id, held_at, hold_until`,
        [
          held.map((e) => e.data.requestId),
          held.map((e) => e.data.memberId),
          this.config.COVERAGE_WAIT_MS,
        ],
      );
      const byId = new Map(holds.map((h) => [h.request_id, h]));
      for (const e of held) {
        const hold = byId.get(e.data.requestId);
        if (hold) uow.publish(topics.paRequestStatus, this.pended(e.data, hold));
      }
    }
    await this.decideAndRecord(uow, toDecide, { requestsRecordedNow: true });
  }

  /** A chunk of `eligibility.member-coverage.v1`: update the read model, release held requests. */
  async handleCoverage(
    uow: UnitOfWork,
    events: readonly ConsumedEvent<MemberCoverageChanged>[],
  ): Promise<void> {
    const manager = uow.manager;
    const memberIds = [...new Set(events.map((e) => e.data.memberId))];
    await lockMembers(manager, 'authorization-routing', memberIds);
    await this.readModel.applyMany(
      manager,
      events.map((e) => e.data),
    );

    // Held requests of these members that the new coverage now covers are decided; the others
    // keep waiting until covered or until their wait expires.
    const heldRows: HeldRow[] = await manager.query(
      `SELECT h.request_id, p.data, p.received_at, h.held_at
         FROM pending_requests h JOIN pa_requests p USING (request_id)
        WHERE h.member_id = ANY($1::text[])
        ORDER BY p.received_at`,
      [memberIds],
    );
    await this.redecideNotEligible(uow, memberIds);
    if (heldRows.length === 0) return;
    const snapshots = await this.readModel.snapshotsOf(manager, [
      ...new Set(heldRows.map((r) => r.data.memberId)),
    ]);
    const toDecide: ToDecide[] = [];
    for (const row of heldRows) {
      const finding = findingFor(snapshots.get(row.data.memberId), row.data.dateOfService);
      if (finding?.status === 'covered') {
        toDecide.push({ request: row.data, receivedAt: new Date(row.received_at), finding });
      }
    }
    if (toDecide.length === 0) return;
    await manager.query(`DELETE FROM pending_requests WHERE request_id = ANY($1::text[])`, [
      toDecide.map((d) => d.request.requestId),
    ]);
    await this.decideAndRecord(uow, toDecide, { requestsRecordedNow: false });
  }

  /**
   * Not-eligible decisions of these members that their coverage now covers (a retroactive
   * enrollment or reinstatement) are decided again; each new decision names the one it
   * supersedes. Routed and manual-review decisions are not revisited (see the README).
   */
  private async redecideNotEligible(uow: UnitOfWork, memberIds: readonly string[]): Promise<void> {
    const rows: SupersededRow[] = await uow.manager.query(
      `SELECT d.request_id, p.data, p.received_at, d.outcome, d.policy_version, d.decided_at,
              d.decision->'ruleTrace' AS rule_trace
         FROM routing_decisions d JOIN pa_requests p USING (request_id)
        WHERE d.member_id = ANY($1::text[]) AND d.outcome = 'not-eligible'
        ORDER BY p.received_at`,
      [memberIds],
    );
    if (rows.length === 0) return;
    const snapshots = await this.readModel.snapshotsOf(uow.manager, [
      ...new Set(rows.map((r) => r.data.memberId)),
    ]);
    const records: DecisionRecord[] = [];
    for (const row of rows) {
      const finding = findingFor(snapshots.get(row.data.memberId), row.data.dateOfService);
      if (finding?.status !== 'covered') continue;
      const record = this.decide(row.data, new Date(row.received_at), finding);
      records.push({
        ...record,
        decision: {
          ...record.decision,
          supersedes: {
            outcome: row.outcome,
            ruleTrace: row.rule_trace,
            policyVersion: row.policy_version,
            decidedAt: new Date(row.decided_at).toISOString(),
          },
        },
      });
    }
    if (records.length === 0) return;
    // Only a decision still not-eligible is replaced: a concurrent re-decision wins once. (A CTE:
    // TypeORM answers a bare UPDATE … RETURNING as [rows, count].)
    const replaced: { request_id: string }[] = await uow.manager.query(
      `WITH replaced AS (
       UPDATE routing_decisions d
          SET outcome = r.outcome, vendor_id = r.vendor_id, submission_channel = r.submission_channel,
              policy_version = r.policy_version, due_by = r.due_by, decision = r.decision,
              coverage_status = r.coverage_status, coverage = r.coverage,
              deadline_regime = r.deadline_regime, deadline_source = r.deadline_source,
              decided_at = now()
         FROM jsonb_to_recordset($1::jsonb) AS r(${DECISION_COLUMNS})
        WHERE d.request_id = r.request_id AND d.outcome = 'not-eligible'
        RETURNING d.request_id)
       SELECT request_id FROM replaced`,
      [decisionRows(records)],
    );
    const replacedIds = new Set(replaced.map((r) => r.request_id));
    for (const record of records)
      if (replacedIds.has(record.decision.requestId)) publishDecision(uow, record.decision);
  }

  /** The pa.pended status of a request held for its member's coverage. */
  private pended(request: PaRequested, hold: { held_at: Date; hold_until: Date }): PaPended {
    const pendedAt = new Date(hold.held_at);
    let policyVersion: string | null = null;
    try {
      policyVersion = this.policies.routerOn(this.calendar.dateOf(pendedAt)).policy.version;
    } catch {
      policyVersion = null; // no version active yet: the decision will say so
    }
    const decideBy = new Date(hold.hold_until).toISOString();
    return {
      requestId: request.requestId,
      memberId: request.memberId,
      status: 'pended',
      reasonCode: 'coverage-not-received',
      reasons: [
        `The member's coverage has not been received from eligibility yet, so the request cannot be routed. It is decided as soon as coverage arrives, and not-eligible if none has arrived by ${decideBy}.`,
      ],
      dateOfService: request.dateOfService,
      pendedAt: pendedAt.toISOString(),
      decideBy,
      policyVersion,
    };
  }

  /** Decides held requests whose wait expired as not-eligible; answers how many it decided. */
  async expireHeld(uow: UnitOfWork, limit = 500): Promise<number> {
    const expired: HeldRow[] = await uow.manager.query(
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
    const now = Date.now();
    const snapshots = await this.readModel.snapshotsOf(uow.manager, [
      ...new Set(expired.map((r) => r.data.memberId)),
    ]);
    await this.decideAndRecord(
      uow,
      expired.map((row) => ({
        request: row.data,
        receivedAt: new Date(row.received_at),
        // A member eligibility published, still without coverage on the date of service, is
        // not-eligible for that reason; one it never published, for that one.
        finding:
          findingFor(snapshots.get(row.data.memberId), row.data.dateOfService) ??
          neverReceived(now - new Date(row.held_at).getTime()),
      })),
      { requestsRecordedNow: false },
    );
    return expired.length;
  }

  /** The decision for a request without storing or publishing it (simulation, replay). */
  decide(request: PaRequested, receivedAt: Date, finding: CoverageFinding): DecisionRecord {
    const router = this.policies.routerOn(this.calendar.dateOf(receivedAt));
    return assembleDecision(router, request, receivedAt, finding, this.calendar);
  }

  /**
   * Stores and publishes the decisions of `items`. With `requestsRecordedNow` the requests were
   * first recorded by this transaction, so none can have a decision yet: the insert rides with the
   * outbox insert (one round trip for both). Otherwise (held requests, which the coverage path and
   * the expiry sweep may both reach) only the decisions actually stored are published.
   */
  private async decideAndRecord(
    uow: UnitOfWork,
    items: readonly ToDecide[],
    { requestsRecordedNow }: { requestsRecordedNow: boolean },
  ): Promise<void> {
    if (items.length === 0) return;
    const records = items.map((i) => this.decide(i.request, i.receivedAt, i.finding));
    // One JSON document for the chunk's rows (see INSERT_DECISIONS).
    const params = [decisionRows(records)];
    if (requestsRecordedNow) {
      uow.writeWithOutbox(INSERT_DECISIONS, params);
      for (const record of records) publishDecision(uow, record.decision);
      return;
    }
    const stored: { request_id: string }[] = await uow.manager.query(
      `${INSERT_DECISIONS} ON CONFLICT (request_id) DO NOTHING RETURNING request_id`,
      params,
    );
    const storedIds = new Set(stored.map((r) => r.request_id));
    for (const record of records) {
      if (storedIds.has(record.decision.requestId)) publishDecision(uow, record.decision);
    }
  }
}

/**
 * The decisions of a chunk from one JSON document (`$1`, an array of rows): nested objects go in
 * as they are, where jsonb[] parameters would be serialized and then escaped element by element.
 */
const DECISION_COLUMNS = `request_id text, member_id text, outcome text, vendor_id text, submission_channel text,
        policy_version text, due_by timestamptz, decision jsonb, coverage_status text,
        coverage jsonb, deadline_regime text, deadline_source text`;
const INSERT_DECISIONS = `INSERT INTO routing_decisions (request_id, member_id, outcome, vendor_id, submission_channel,
                                policy_version, due_by, decision, coverage_status, coverage,
                                deadline_regime, deadline_source)
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
    })),
  );
}

/** When the request was received: the CloudEvent `time` (the Kafka timestamp when it had none). */
export function receivedAtOf(event: ConsumedEvent): Date {
  const t = new Date(event.time);
  return Number.isNaN(t.getTime()) ? new Date() : t;
}

function publishDecision(uow: UnitOfWork, decision: PaRoutingDecision): void {
  // A decision that broke the contract would throw OutputContractError: the request is then
  // dead-lettered instead of retried forever.
  uow.publish(topics.paRoutingDecisions, decision);
}

function neverReceived(waitedMs: number): CoverageFinding {
  return { status: 'never-received', waitedMs };
}
