import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  topics,
  type CaseManagerContact,
  type Clock,
  type CcmCaseChanged,
  type CcmCriterionId,
  type ClinicalStatusUpdated,
  type CoverageSpan,
  type MemberCoverageChanged,
  type NotificationStatus,
  type PlanCalendar,
  type PrimaryCareProvider,
} from '@careflow/contracts';
import { coverageOn, type MemberCoverageReadModel } from '@careflow/coverage-read-model';
import type { ConsumedEvent, UnitOfWork } from '@careflow/messaging';
import { lockMembers, returningRows } from '@careflow/platform';
import type { PcpNotificationConfig } from '../config';
import { LETTER_CHANNEL, type FeedRepository } from '../feed/feed.repository';
import type { FeedKind } from '../feed/feed-model';
import { letterValues, type LetterFacts } from '../letters/letter-content';
import { renderLetterPdf } from '../letters/letter-pdf';
import type { LetterKind, LetterTemplates } from '../letters/letter-templates.service';
import { fillTemplate, parseBlocks } from '../letters/template';

export interface CaseRow {
  case_id: string;
  member_id: string;
  status: CcmCaseChanged['status'];
  case_manager_id: string | null;
  case_manager: CaseManagerContact | null;
  criteria_met: CcmCriterionId[];
}

export interface NotificationRow {
  notification_id: string;
  member_id: string;
  case_id: string;
  kind: 'enrollment-notice' | 'clinical-status-update' | 'condition-change-call';
  status: NotificationStatus;
  pcp_npi: string | null;
  pcp: PrimaryCareProvider | null;
  case_manager: CaseManagerContact | null;
  due_by: Date | null;
  escalated_at: Date | null;
  completed_at: Date | null;
  template_version: number | null;
  delivery_status: 'queued' | 'delivered' | 'failed' | null;
  delivery_attempts: number;
  created_at: Date;
}

export const NOTIFICATION_COLUMNS = `notification_id, member_id, case_id, kind, status, pcp_npi, pcp, case_manager,
  due_by, escalated_at, completed_at, template_version, delivery_status, delivery_attempts, created_at`;

export const letterUrlOf = (notificationId: string): string =>
  `/notifications/${encodeURIComponent(notificationId)}/letter.pdf`;

/** The contract event for a notification in its current state. */
export function issuedEventOf(row: NotificationRow) {
  const written = row.kind !== 'condition-change-call';
  return {
    notificationId: row.notification_id,
    memberId: row.member_id,
    caseId: row.case_id,
    kind: row.kind,
    pcp: row.pcp ? { npi: row.pcp.npi, name: row.pcp.name } : null,
    caseManager: row.case_manager,
    letterUrl: written ? letterUrlOf(row.notification_id) : null,
    dueBy: !written && row.due_by ? row.due_by.toISOString() : null,
    status: row.status,
  };
}

/** Publishes the state of a notification on `pcp.notifications.v1` (one event id per state). */
export function publishNotification(uow: UnitOfWork, row: NotificationRow): void {
  uow.publish(topics.pcpNotifications, issuedEventOf(row), {
    id: `${row.notification_id}:${row.status}`,
  });
}

/**
 * Locks the members of a chunk's events until its transaction ends, all in one sorted statement
 * (see lockMembers), then applies the events one by one in partition order.
 */
async function applyWithMembersLocked<T extends { memberId: string }>(
  uow: UnitOfWork,
  events: readonly ConsumedEvent<T>[],
  apply: (event: ConsumedEvent<T>) => Promise<void>,
): Promise<void> {
  await lockMembers(
    uow.manager,
    'pcp-notification',
    events.map((e) => e.data.memberId),
  );
  for (const event of events) await apply(event);
}

/**
 * Turns case, coverage and clinical status events into letters, call tasks and feed items. Runs
 * inside the consumer's transaction: the inbox claim, the rows written here and the events
 * published commit together, and the unique constraints make a second delivery a no-op.
 */
export class NotificationIssuer {
  constructor(
    private readonly config: PcpNotificationConfig,
    private readonly templates: LetterTemplates,
    private readonly feed: FeedRepository,
    private readonly coverage: MemberCoverageReadModel,
    /** "Today" for the PCP on file is the plan's calendar date (PLAN_TIME_ZONE), not UTC's. */
    private readonly calendar: PlanCalendar,
    private readonly clock: Clock,
  ) {}

  /**
   * A chunk of case changes, in partition order. Coverage and status updates of the same members
   * are consumed concurrently, so the members of the whole chunk are locked first, in one sorted
   * statement (see lockMembers): locking each event's member as its turn came took the locks in
   * event order, and a coverage chunk holding the same members in sorted order deadlocked with it.
   */
  async onCasesChanged(
    uow: UnitOfWork,
    events: readonly ConsumedEvent<CcmCaseChanged>[],
  ): Promise<void> {
    await applyWithMembersLocked(uow, events, (event) => this.applyCaseChange(uow, event));
  }

  /** A chunk of clinical status updates: the members locked first, as in `onCasesChanged`. */
  async onClinicalStatusesUpdated(
    uow: UnitOfWork,
    events: readonly ConsumedEvent<ClinicalStatusUpdated>[],
  ): Promise<void> {
    await applyWithMembersLocked(uow, events, (event) => this.applyStatusUpdate(uow, event));
  }

  private async applyCaseChange(
    uow: UnitOfWork,
    event: ConsumedEvent<CcmCaseChanged>,
  ): Promise<void> {
    const manager = uow.manager;
    const data = event.data;
    // One statement: both parts see the snapshot from before it, so `previous` is the case as it
    // was (the chunk's member lock keeps every other writer of this case out meanwhile).
    const previous: { status: string; case_manager_id: string | null }[] = await manager.query(
      `WITH previous AS (SELECT status, case_manager_id FROM cases WHERE case_id = $1),
            upserted AS (
              INSERT INTO cases (case_id, member_id, status, case_manager_id, case_manager, criteria_met, updated_at)
              VALUES ($1, $2, $3, $4, $5::jsonb, $6::text[], now())
              ON CONFLICT (case_id) DO UPDATE SET member_id = EXCLUDED.member_id, status = EXCLUDED.status,
                case_manager_id = EXCLUDED.case_manager_id, case_manager = EXCLUDED.case_manager,
                criteria_met = EXCLUDED.criteria_met, updated_at = now()
              RETURNING case_id)
       SELECT status, case_manager_id FROM previous`,
      [
        data.caseId,
        data.memberId,
        data.status,
        data.caseManager?.id ?? null,
        data.caseManager ? JSON.stringify(data.caseManager) : null,
        data.criteriaMet,
      ],
    );
    const before = previous[0];
    const changed =
      !before ||
      before.status !== data.status ||
      before.case_manager_id !== (data.caseManager?.id ?? null);
    const closing = !['identified', 'assessment-pending', 'enrolled'].includes(data.status);
    const cancelled = closing ? await this.cancelPending(uow, data) : [];
    if (changed) await this.caseFeedItem(manager, event, cancelled);
    if (data.status !== 'identified' && data.status !== 'assessment-pending') {
      await this.feed.closeOpen(manager, data.caseId, ['assessment-due'], 'completed');
    }
    if (data.status === 'enrolled') {
      // The row as just written.
      const row: CaseRow = {
        case_id: data.caseId,
        member_id: data.memberId,
        status: data.status,
        case_manager_id: data.caseManager?.id ?? null,
        case_manager: data.caseManager ?? null,
        criteria_met: [...data.criteriaMet],
      };
      await this.reconcilePcp(uow, row, event.id);
    }
  }

  /**
   * A chunk of coverage snapshots (the topic is busy: every member's every change). Only the
   * newest snapshot of each member in the chunk matters; the enrolled cases of the members whose
   * snapshot was applied are then checked for a missing or changed PCP.
   */
  async onCoverageChanged(
    uow: UnitOfWork,
    events: readonly ConsumedEvent<MemberCoverageChanged>[],
  ): Promise<void> {
    const newest = new Map<string, ConsumedEvent<MemberCoverageChanged>>();
    for (const event of events) {
      const held = newest.get(event.data.memberId);
      if (!held || held.data.version < event.data.version) newest.set(event.data.memberId, event);
    }
    await lockMembers(uow.manager, 'pcp-notification', [...newest.keys()]);
    await this.storeIdentities(
      uow.manager,
      [...newest.values()].map((e) => e.data),
    );
    const changed = await this.coverage.applyMany(
      uow.manager,
      [...newest.values()].map((event) => event.data),
    );
    const applied = new Map(changed.map((memberId) => [memberId, newest.get(memberId)!.id]));
    if (applied.size === 0) return;
    const cases: CaseRow[] = await uow.manager.query(
      `SELECT case_id, member_id, status, case_manager_id, case_manager, criteria_met FROM cases
        WHERE member_id = ANY($1::text[]) AND status = 'enrolled' ORDER BY case_id FOR UPDATE`,
      [[...applied.keys()]],
    );
    for (const row of cases) await this.reconcilePcp(uow, row, applied.get(row.member_id)!);
  }

  /** The names and birth dates the snapshots carry (newest version wins), for letters only. */
  private async storeIdentities(
    manager: EntityManager,
    snapshots: readonly MemberCoverageChanged[],
  ): Promise<void> {
    const named = snapshots.filter((s) => s.member);
    if (named.length === 0) return;
    await manager.query(
      `INSERT INTO member_identities (member_id, first_name, last_name, birth_date, version)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::bigint[])
       ON CONFLICT (member_id) DO UPDATE
         SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
             birth_date = EXCLUDED.birth_date, version = EXCLUDED.version, updated_at = now()
         WHERE member_identities.version < EXCLUDED.version`,
      [
        named.map((s) => s.memberId),
        named.map((s) => s.member!.firstName),
        named.map((s) => s.member!.lastName),
        named.map((s) => s.member!.birthDate),
        named.map((s) => s.version),
      ],
    );
  }

  private async memberIdentity(
    manager: EntityManager,
    memberId: string,
  ): Promise<LetterFacts['member']> {
    const rows: { name: string; birth_date: string }[] = await manager.query(
      `SELECT first_name || ' ' || last_name AS name, birth_date::text AS birth_date
         FROM member_identities WHERE member_id = $1`,
      [memberId],
    );
    const row = rows[0];
    return row ? { name: row.name, birthDate: row.birth_date } : null;
  }

  private async applyStatusUpdate(
    uow: UnitOfWork,
    event: ConsumedEvent<ClinicalStatusUpdated>,
  ): Promise<void> {
    const manager = uow.manager;
    const data = event.data;
    // A status update for a case not seen yet (its ccm.cases.v1 event may still be on its way).
    await manager.query(
      `INSERT INTO cases (case_id, member_id, status, case_manager_id, case_manager)
       VALUES ($1, $2, 'enrolled', $3, $4::jsonb) ON CONFLICT (case_id) DO NOTHING`,
      [data.caseId, data.memberId, data.caseManager.id, JSON.stringify(data.caseManager)],
    );
    const row = await this.caseRow(manager, data.caseId);
    // The case closed (coverage ended, declined) before the update arrived: nobody to write to.
    if (row && row.status !== 'enrolled') return;
    const { pcp, span } = await this.currentPcp(manager, data.memberId);
    const caseManager = data.caseManager;
    const hospitalStay = data.origin === 'hospital-stay';
    if (hospitalStay) {
      // A hospital stay is a change in condition: the case manager is prompted and the call to the
      // PCP suggested; nothing is written to the PCP until the case manager records an update.
      await this.feed.add(manager, {
        kind: 'hospital-stay',
        status: 'new',
        memberId: data.memberId,
        caseId: data.caseId,
        title: `Hospital stay of an enrolled member (case ${data.caseId})`,
        detail: `${data.summary} A hospital stay is a change in condition: call the PCP.`,
        sourceEventId: event.id,
      });
    } else if (pcp) {
      await this.issueLetter(uow, {
        kind: 'clinical-status-update',
        caseRow: row,
        memberId: data.memberId,
        caseId: data.caseId,
        pcp,
        span,
        caseManager,
        sourceEventId: event.id,
        sourceRef: `update:${data.updateId}`,
        update: {
          summary: data.summary,
          recordedAt: data.recordedAt,
          recordedBy: data.recordedBy.name,
          conditionChanged: data.conditionChanged,
        },
      });
    } else {
      await this.feed.add(manager, {
        kind: 'pcp-missing',
        status: 'new',
        memberId: data.memberId,
        caseId: data.caseId,
        title: `No PCP on file: clinical status update letter not sent (case ${data.caseId})`,
        detail: 'Coverage names no primary care provider, so the written update has no addressee.',
        sourceEventId: event.id,
      });
    }
    if (data.conditionChanged || hospitalStay) {
      await this.issueCall(uow, {
        memberId: data.memberId,
        caseId: data.caseId,
        pcp,
        caseManager,
        sourceEventId: event.id,
        sourceRef: `update:${data.updateId}`,
      });
    }
  }

  /**
   * Makes sure the member's current PCP has the enrollment notice of an enrolled case: issues it
   * when coverage names a PCP who has not had it, tells the case manager when coverage names no
   * PCP (`pcp-missing`) or a different one than before (`pcp-changed`).
   */
  private async reconcilePcp(uow: UnitOfWork, row: CaseRow, sourceEventId: string): Promise<void> {
    const manager = uow.manager;
    // The notice must carry the case manager's contact details: without one it waits, and a
    // supervisor is told to assign the case (the notice goes out with the next case event).
    if (!row.case_manager) {
      if (!(await this.feed.hasOpen(manager, row.case_id, 'case-manager-missing'))) {
        await this.feed.add(manager, {
          kind: 'case-manager-missing',
          status: 'new',
          audience: 'supervisor',
          memberId: row.member_id,
          caseId: row.case_id,
          title: `No case manager assigned: enrollment notice waiting (case ${row.case_id})`,
          detail: "Letters carry the case manager's contact details; assign the case to send it.",
          sourceEventId,
        });
      }
      return;
    }
    await this.feed.closeOpen(manager, row.case_id, ['case-manager-missing'], 'completed');
    const { pcp, span } = await this.currentPcp(manager, row.member_id);
    if (!pcp) {
      if (!(await this.feed.hasOpen(manager, row.case_id, 'pcp-missing'))) {
        await this.feed.add(manager, {
          kind: 'pcp-missing',
          status: 'new',
          memberId: row.member_id,
          caseId: row.case_id,
          title: `No PCP on file: enrollment notice waiting (case ${row.case_id})`,
          detail:
            'Coverage names no primary care provider. The enrollment notice goes out as soon as coverage names one.',
          sourceEventId,
        });
      }
      return;
    }
    const notices: { pcp_npi: string; pcp_name: string }[] = await manager.query(
      `SELECT pcp_npi, pcp->>'name' AS pcp_name FROM notifications
        WHERE case_id = $1 AND kind = 'enrollment-notice' ORDER BY created_at DESC`,
      [row.case_id],
    );
    if (notices.some((n) => n.pcp_npi === pcp.npi)) return;
    await this.feed.closeOpen(manager, row.case_id, ['pcp-missing'], 'completed');
    const last = notices[0];
    if (last) {
      await this.feed.add(manager, {
        kind: 'pcp-changed',
        status: 'new',
        memberId: row.member_id,
        caseId: row.case_id,
        title: `PCP changed to ${pcp.name} (was ${last.pcp_name})`,
        detail: `The new PCP (NPI ${pcp.npi}) is being sent the enrollment notice; the previous PCP (NPI ${last.pcp_npi}) had it.`,
        sourceEventId,
      });
    }
    await this.issueLetter(uow, {
      kind: 'enrollment-notice',
      caseRow: row,
      memberId: row.member_id,
      caseId: row.case_id,
      pcp,
      span,
      caseManager: row.case_manager,
      sourceEventId,
      sourceRef: null,
    });
  }

  private async issueLetter(
    uow: UnitOfWork,
    input: {
      kind: LetterKind;
      caseRow: CaseRow | null;
      memberId: string;
      caseId: string;
      pcp: PrimaryCareProvider;
      span: CoverageSpan | null;
      caseManager: CaseManagerContact | null;
      sourceEventId: string;
      sourceRef: string | null;
      update?: LetterFacts['update'];
    },
  ): Promise<void> {
    const manager = uow.manager;
    const notificationId = `ntf-${randomUUID()}`;
    const template = await this.templates.current(manager, input.kind);
    const createdAt = this.clock.now();
    const facts: LetterFacts = {
      program: {
        planName: this.config.PLAN_NAME,
        programName: this.config.PROGRAM_NAME,
        providerServicesPhone: this.config.PROVIDER_SERVICES_PHONE,
        planAddress: this.config.PLAN_ADDRESS,
        timeZone: this.calendar.timeZone,
      },
      date: createdAt,
      memberId: input.memberId,
      member: await this.memberIdentity(manager, input.memberId),
      caseId: input.caseId,
      criteriaMet: input.caseRow?.criteria_met ?? [],
      pcp: input.pcp,
      coverage: input.span,
      caseManager: input.caseManager,
      ...(input.update ? { update: input.update } : {}),
    };
    const pdf = await renderLetterPdf({
      blocks: parseBlocks(fillTemplate(template.body, letterValues(facts))),
      title:
        input.kind === 'enrollment-notice'
          ? 'Notice of enrollment in complex case management'
          : 'Clinical status update',
      footer: `${notificationId} · template ${input.kind} v${template.version}`,
      createdAt,
    });
    // Queued for the delivery worker, which the notification wakes once this transaction commits.
    const inserted: unknown[] = await manager.query(
      `WITH issued AS (
         INSERT INTO notifications (notification_id, member_id, case_id, kind, status, pcp_npi, pcp, case_manager,
           source_event_id, source_ref, template_version, letter_pdf, delivery_status, next_delivery_at, created_at)
         VALUES ($1, $2, $3, $4, 'pending', $5, $6::jsonb, $7::jsonb, $8, $9, $10, $11, 'queued', now(), $12)
         ON CONFLICT DO NOTHING RETURNING notification_id)
       SELECT notification_id, pg_notify($13, '') FROM issued`,
      [
        notificationId,
        input.memberId,
        input.caseId,
        input.kind,
        input.pcp.npi,
        JSON.stringify(input.pcp),
        input.caseManager ? JSON.stringify(input.caseManager) : null,
        input.sourceEventId,
        input.sourceRef,
        template.version,
        pdf,
        createdAt,
        LETTER_CHANNEL,
      ],
    );
    if (inserted.length === 0) return; // already issued for this event, case or update
    await this.feed.add(manager, {
      kind: input.kind,
      status: 'queued',
      memberId: input.memberId,
      caseId: input.caseId,
      notificationId,
      title:
        input.kind === 'enrollment-notice'
          ? `Enrollment notice to ${input.pcp.name}`
          : `Clinical status update letter to ${input.pcp.name}`,
      detail: `Letter issued from template v${template.version}; waiting for delivery.`,
      letterUrl: letterUrlOf(notificationId),
      sourceEventId: input.sourceEventId,
    });
  }

  private async issueCall(
    uow: UnitOfWork,
    input: {
      memberId: string;
      caseId: string;
      pcp: PrimaryCareProvider | null;
      caseManager: CaseManagerContact;
      sourceEventId: string;
      sourceRef: string;
    },
  ): Promise<void> {
    const manager = uow.manager;
    const notificationId = `ntf-${randomUUID()}`;
    const dueBy = new Date(
      this.clock.now().getTime() + Math.round(this.config.CALL_DUE_HOURS * 3600_000),
    );
    const rows: NotificationRow[] = await manager.query(
      `INSERT INTO notifications (notification_id, member_id, case_id, kind, status, pcp_npi, pcp, case_manager,
         source_event_id, source_ref, due_by)
       VALUES ($1, $2, $3, 'condition-change-call', 'pending', $4, $5::jsonb, $6::jsonb, $7, $8, $9)
       ON CONFLICT DO NOTHING RETURNING ${NOTIFICATION_COLUMNS}`,
      [
        notificationId,
        input.memberId,
        input.caseId,
        input.pcp?.npi ?? null,
        input.pcp ? JSON.stringify(input.pcp) : null,
        JSON.stringify(input.caseManager),
        input.sourceEventId,
        input.sourceRef,
        dueBy,
      ],
    );
    const row = rows[0];
    if (!row) return;
    publishNotification(uow, row);
    await this.feed.add(manager, {
      kind: 'condition-change-call',
      status: 'pending',
      memberId: input.memberId,
      caseId: input.caseId,
      notificationId,
      title: input.pcp
        ? `Call ${input.pcp.name} about a change in condition`
        : 'Call the PCP about a change in condition (no PCP on file)',
      detail: input.pcp
        ? `PCP phone: ${input.pcp.phone ?? 'not on file'}. Record the call to close this task.`
        : 'Coverage names no PCP; find the treating physician and record the call.',
      dueBy,
      sourceEventId: input.sourceEventId,
    });
  }

  /**
   * A case that stopped being open (closed because coverage ended, declined, …) has no PCP to
   * write to or call for it: its letters not yet delivered and its pending calls are cancelled,
   * published as `cancelled`, and their feed items say so.
   */
  private async cancelPending(uow: UnitOfWork, data: CcmCaseChanged): Promise<NotificationRow[]> {
    const rows = await returningRows<NotificationRow>(
      uow.manager,
      `UPDATE notifications SET status = 'cancelled', updated_at = now(),
              delivery_status = CASE WHEN delivery_status IN ('queued', 'failed') THEN 'cancelled' ELSE delivery_status END
        WHERE case_id = $1 AND status = 'pending'
          AND (kind = 'condition-change-call' OR delivery_status IN ('queued', 'failed'))
        RETURNING ${NOTIFICATION_COLUMNS}`,
      [data.caseId],
    );
    for (const row of rows) publishNotification(uow, row);
    const why = `Cancelled: case ${data.status}${data.closureReason ? ` (${data.closureReason.replace(/-/g, ' ')})` : ''}.`;
    await this.feed.updateForNotifications(
      uow.manager,
      rows.map((r) => ({
        notificationId: r.notification_id,
        kind: r.kind,
        status: 'cancelled' as const,
        detail: why,
      })),
    );
    await this.feed.closeOpen(
      uow.manager,
      data.caseId,
      ['pcp-missing', 'call-escalated'],
      'completed',
    );
    return rows;
  }

  private async caseFeedItem(
    manager: EntityManager,
    event: ConsumedEvent<CcmCaseChanged>,
    cancelled: readonly NotificationRow[],
  ): Promise<void> {
    const d = event.data;
    const base = { memberId: d.memberId, caseId: d.caseId, sourceEventId: event.id };
    let kind: FeedKind;
    let status: 'new' | 'pending';
    let title: string;
    let detail: string | null = null;
    switch (d.status) {
      case 'identified':
        kind = 'case-identified';
        status = 'new';
        title = `New identification: case ${d.caseId}`;
        detail = `Identified from ${d.identificationSources.join(', ') || 'an unknown source'}; criteria met: ${d.criteriaMet.join(', ') || 'none listed'}.`;
        break;
      case 'assessment-pending':
        kind = 'assessment-due';
        status = 'pending';
        title = `Assessment due: case ${d.caseId}`;
        detail = 'Call the member to assess them for enrollment.';
        break;
      case 'enrolled':
      case 'declined':
      case 'unable-to-reach':
      case 'not-eligible':
      case 'closed':
        kind = 'case-status';
        status = 'new';
        title = `Case ${d.caseId} ${d.status}${d.closureReason ? `: ${d.closureReason.replace(/-/g, ' ')}` : ''}`;
        if (cancelled.length > 0) {
          const calls = cancelled.filter((c) => c.kind === 'condition-change-call').length;
          detail = `${cancelled.length - calls} letter(s) not yet delivered and ${calls} pending call(s) to the PCP cancelled.`;
        }
        break;
    }
    await this.feed.add(manager, { ...base, kind, status, title, detail });
  }

  private async caseRow(manager: EntityManager, caseId: string): Promise<CaseRow | null> {
    const rows: CaseRow[] = await manager.query(
      `SELECT case_id, member_id, status, case_manager_id, case_manager, criteria_met FROM cases WHERE case_id = $1`,
      [caseId],
    );
    return rows[0] ?? null;
  }

  private async currentPcp(
    manager: EntityManager,
    memberId: string,
  ): Promise<{ pcp: PrimaryCareProvider | null; span: CoverageSpan | null }> {
    const snapshot = await this.coverage.snapshotOf(manager, memberId);
    const span = snapshot
      ? coverageOn(snapshot.spans, this.calendar.dateOf(this.clock.now()))
      : null;
    return { pcp: span?.pcp ?? null, span };
  }
}
