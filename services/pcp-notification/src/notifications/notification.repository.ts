import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  CaseManagerContact,
  NotificationKind,
  NotificationStatus,
  PrimaryCareProvider,
} from '@careflow/contracts';
import { returningRows } from '@careflow/platform';
import { LETTER_CHANNEL } from '../feed/feed.repository';
import type { LetterKind } from '../letters/letter-template';
import type { StoredLetterFacts } from '../letters/letter-content';
import type { DeliveryStatus, Notification } from './notification';

/** A `notifications` row as PostgreSQL answers it (repositories only). */
export interface NotificationRow {
  notification_id: string;
  member_id: string;
  case_id: string;
  kind: NotificationKind;
  status: NotificationStatus;
  pcp_npi: string | null;
  pcp: PrimaryCareProvider | null;
  case_manager: CaseManagerContact | null;
  due_by: Date | null;
  escalated_at: Date | null;
  completed_at: Date | null;
  template_version: number | null;
  delivery_status: DeliveryStatus | null;
  delivery_attempts: number;
  created_at: Date;
}

export const NOTIFICATION_COLUMNS = `notification_id, member_id, case_id, kind, status, pcp_npi, pcp, case_manager,
  due_by, escalated_at, completed_at, template_version, delivery_status, delivery_attempts, created_at`;

export const toNotification = (row: NotificationRow): Notification => ({
  notificationId: row.notification_id,
  memberId: row.member_id,
  caseId: row.case_id,
  kind: row.kind,
  status: row.status,
  pcpNpi: row.pcp_npi,
  pcp: row.pcp,
  caseManager: row.case_manager,
  dueBy: row.due_by,
  escalatedAt: row.escalated_at,
  completedAt: row.completed_at,
  templateVersion: row.template_version,
  deliveryStatus: row.delivery_status,
  deliveryAttempts: row.delivery_attempts,
  createdAt: row.created_at,
});

/** The PCP an enrollment notice of a case went to. */
export interface NoticeAddressee {
  readonly pcpNpi: string;
  readonly pcpName: string;
}

export interface NewLetter {
  readonly notificationId: string;
  readonly kind: LetterKind;
  readonly memberId: string;
  readonly caseId: string;
  readonly pcp: PrimaryCareProvider;
  readonly caseManager: CaseManagerContact | null;
  readonly sourceEventId: string;
  readonly sourceRef: string | null;
  readonly templateVersion: number;
  /** What the letter says: it is rendered from these after the issuing transaction commits. */
  readonly facts: StoredLetterFacts;
  readonly createdAt: Date;
}

export interface NewCall {
  readonly notificationId: string;
  readonly memberId: string;
  readonly caseId: string;
  readonly pcp: PrimaryCareProvider | null;
  readonly caseManager: CaseManagerContact;
  readonly sourceEventId: string;
  readonly sourceRef: string;
  readonly dueBy: Date;
}

/** A written notification whose PDF is rendered from the facts recorded when it was issued. */
export interface LetterToRender {
  readonly notificationId: string;
  readonly kind: LetterKind;
  readonly templateVersion: number;
  readonly facts: StoredLetterFacts | null;
  readonly pdf: Buffer | null;
}

/** Letters and call tasks to PCPs (`notifications`). */
@Injectable()
export class NotificationRepository {
  async byId(
    manager: EntityManager,
    notificationId: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<Notification | null> {
    const rows: NotificationRow[] = await manager.query(
      `SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE notification_id = $1 ${options.forUpdate ? 'FOR UPDATE' : ''}`,
      [notificationId],
    );
    return rows[0] ? toNotification(rows[0]) : null;
  }

  /** The PCPs each case's enrollment notices went to, newest first, by case id. */
  async enrollmentNoticeAddressees(
    manager: EntityManager,
    caseIds: readonly string[],
  ): Promise<Map<string, NoticeAddressee[]>> {
    const byCase = new Map<string, NoticeAddressee[]>();
    if (caseIds.length === 0) return byCase;
    const rows: { case_id: string; pcp_npi: string; pcp_name: string }[] = await manager.query(
      `SELECT case_id, pcp_npi, pcp->>'name' AS pcp_name FROM notifications
        WHERE case_id = ANY($1::text[]) AND kind = 'enrollment-notice' ORDER BY created_at DESC`,
      [caseIds],
    );
    for (const r of rows) {
      const list = byCase.get(r.case_id) ?? [];
      list.push({ pcpNpi: r.pcp_npi, pcpName: r.pcp_name });
      byCase.set(r.case_id, list);
    }
    return byCase;
  }

  /**
   * Records letters queued for rendering and delivery, in one statement, and wakes the delivery
   * worker once the transaction commits; answers the ids of those recorded (not those whose
   * event, case or update already had its letter).
   */
  async insertLetters(manager: EntityManager, letters: readonly NewLetter[]): Promise<Set<string>> {
    if (letters.length === 0) return new Set();
    const inserted: { notification_id: string }[] = await manager.query(
      `WITH issued AS (
         INSERT INTO notifications (notification_id, member_id, case_id, kind, status, pcp_npi, pcp, case_manager,
           source_event_id, source_ref, template_version, letter_facts, delivery_status, next_delivery_at, created_at)
         SELECT notification_id, member_id, case_id, kind, 'pending', pcp_npi, pcp, case_manager, source_event_id,
                source_ref, template_version, letter_facts, 'queued', now(), created_at
           FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(letter, n),
                jsonb_to_record(e.letter)
             AS l(notification_id text, member_id text, case_id text, kind text, pcp_npi text, pcp jsonb,
                  case_manager jsonb, source_event_id text, source_ref text, template_version int,
                  letter_facts jsonb, created_at timestamptz)
          ORDER BY e.n
         ON CONFLICT DO NOTHING RETURNING notification_id)
       SELECT notification_id, pg_notify($2, '') FROM issued`,
      [
        JSON.stringify(
          letters.map((letter) => ({
            notification_id: letter.notificationId,
            member_id: letter.memberId,
            case_id: letter.caseId,
            kind: letter.kind,
            pcp_npi: letter.pcp.npi,
            pcp: letter.pcp,
            case_manager: letter.caseManager,
            source_event_id: letter.sourceEventId,
            source_ref: letter.sourceRef,
            template_version: letter.templateVersion,
            letter_facts: letter.facts,
            created_at: letter.createdAt,
          })),
        ),
        LETTER_CHANNEL,
      ],
    );
    return new Set(inserted.map((r) => r.notification_id));
  }

  /** Records a call task; null when this event or update already had its call. */
  async insertCall(manager: EntityManager, call: NewCall): Promise<Notification | null> {
    const rows: NotificationRow[] = await manager.query(
      `INSERT INTO notifications (notification_id, member_id, case_id, kind, status, pcp_npi, pcp, case_manager,
         source_event_id, source_ref, due_by)
       VALUES ($1, $2, $3, 'condition-change-call', 'pending', $4, $5::jsonb, $6::jsonb, $7, $8, $9)
       ON CONFLICT DO NOTHING RETURNING ${NOTIFICATION_COLUMNS}`,
      [
        call.notificationId,
        call.memberId,
        call.caseId,
        call.pcp?.npi ?? null,
        call.pcp ? JSON.stringify(call.pcp) : null,
        JSON.stringify(call.caseManager),
        call.sourceEventId,
        call.sourceRef,
        call.dueBy,
      ],
    );
    return rows[0] ? toNotification(rows[0]) : null;
  }

  /** Cancels the case's letters not yet delivered and its pending calls; answers them. */
  async cancelPendingOfCase(manager: EntityManager, caseId: string): Promise<Notification[]> {
    const rows = await returningRows<NotificationRow>(
      manager,
      `UPDATE notifications SET status = 'cancelled', updated_at = now(),
              delivery_status = CASE WHEN delivery_status IN ('queued', 'failed') THEN 'cancelled' ELSE delivery_status END
        WHERE case_id = $1 AND status = 'pending'
          AND (kind = 'condition-change-call' OR delivery_status IN ('queued', 'failed'))
        RETURNING ${NOTIFICATION_COLUMNS}`,
      [caseId],
    );
    return rows.map(toNotification);
  }

  /**
   * Withdraws what an update of a case owed (its `source_ref`, e.g. `update:adt-…`): its pending
   * calls and undelivered letters are cancelled (answered); `sourceEventIds` are the events that
   * issued any of them, whatever their status, so the prompts beside them can be closed too.
   */
  async cancelOfUpdate(
    manager: EntityManager,
    caseId: string,
    sourceRef: string,
  ): Promise<{ cancelled: Notification[]; sourceEventIds: string[] }> {
    const rows = await returningRows<NotificationRow>(
      manager,
      `UPDATE notifications SET status = 'cancelled', updated_at = now(),
              delivery_status = CASE WHEN delivery_status IN ('queued', 'failed') THEN 'cancelled' ELSE delivery_status END
        WHERE case_id = $1 AND source_ref = $2 AND status = 'pending'
          AND (kind = 'condition-change-call' OR delivery_status IN ('queued', 'failed'))
        RETURNING ${NOTIFICATION_COLUMNS}`,
      [caseId, sourceRef],
    );
    const sources: { source_event_id: string }[] = await manager.query(
      `SELECT DISTINCT source_event_id FROM notifications WHERE case_id = $1 AND source_ref = $2`,
      [caseId, sourceRef],
    );
    return {
      cancelled: rows.map(toNotification),
      sourceEventIds: sources.map((r) => r.source_event_id),
    };
  }

  async completeCall(
    manager: EntityManager,
    notificationId: string,
    completedBy: string,
    notes: string,
  ): Promise<Notification> {
    const rows = await returningRows<NotificationRow>(
      manager,
      `UPDATE notifications SET status = 'completed', completed_at = now(), completed_by = $2, call_notes = $3,
              updated_at = now()
        WHERE notification_id = $1 RETURNING ${NOTIFICATION_COLUMNS}`,
      [notificationId, completedBy, notes],
    );
    return toNotification(rows[0]!);
  }

  /** Marks up to `limit` pending calls past their due time as escalated (each once). */
  async escalateOverdueCalls(manager: EntityManager, limit: number): Promise<Notification[]> {
    const rows = await returningRows<NotificationRow>(
      manager,
      `UPDATE notifications SET escalated_at = now(), updated_at = now()
        WHERE notification_id IN (
          SELECT notification_id FROM notifications
           WHERE kind = 'condition-change-call' AND status = 'pending' AND escalated_at IS NULL AND due_by < now()
           ORDER BY due_by LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING ${NOTIFICATION_COLUMNS}`,
      [limit],
    );
    return rows.map(toNotification);
  }

  /** The letter's PDF and what it is rendered from (committed data, read without locks). */
  async letterToRender(
    manager: EntityManager,
    notificationId: string,
  ): Promise<LetterToRender | null> {
    const rows: {
      kind: LetterKind;
      template_version: number | null;
      letter_facts: StoredLetterFacts | null;
      letter_pdf: Buffer | null;
    }[] = await manager.query(
      `SELECT kind, template_version, letter_facts, letter_pdf FROM notifications
        WHERE notification_id = $1 AND kind <> 'condition-change-call'`,
      [notificationId],
    );
    const row = rows[0];
    if (!row || row.template_version === null) return null;
    return {
      notificationId,
      kind: row.kind,
      templateVersion: row.template_version,
      facts: row.letter_facts,
      pdf: row.letter_pdf,
    };
  }

  /** Letters queued for delivery whose PDF is not rendered yet, oldest first, with their facts. */
  async unrenderedQueuedLetters(manager: EntityManager, limit: number): Promise<LetterToRender[]> {
    const rows: {
      notification_id: string;
      kind: LetterKind;
      template_version: number;
      letter_facts: StoredLetterFacts;
    }[] = await manager.query(
      `SELECT notification_id, kind, template_version, letter_facts FROM notifications
        WHERE delivery_status IN ('queued', 'failed') AND letter_pdf IS NULL AND letter_facts IS NOT NULL
          AND template_version IS NOT NULL
        ORDER BY next_delivery_at LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({
      notificationId: row.notification_id,
      kind: row.kind,
      templateVersion: row.template_version,
      facts: row.letter_facts,
      pdf: null,
    }));
  }

  /** `storeLetterPdf` for several letters in one statement (a rendering stored first stays). */
  async storeLetterPdfs(
    manager: EntityManager,
    rendered: readonly { notificationId: string; pdf: Buffer }[],
  ): Promise<void> {
    if (rendered.length === 0) return;
    await manager.query(
      `UPDATE notifications n SET letter_pdf = r.pdf
         FROM unnest($1::text[], $2::bytea[]) AS r(id, pdf)
        WHERE n.notification_id = r.id AND n.letter_pdf IS NULL`,
      [rendered.map((r) => r.notificationId), rendered.map((r) => r.pdf)],
    );
  }

  /**
   * Stores the rendered PDF unless one is stored already (two renderings of the same letter race
   * harmlessly: the first stored is the letter), and answers the PDF the letter has.
   */
  async storeLetterPdf(
    manager: EntityManager,
    notificationId: string,
    pdf: Buffer,
  ): Promise<Buffer> {
    await manager.query(
      `UPDATE notifications SET letter_pdf = $2 WHERE notification_id = $1 AND letter_pdf IS NULL`,
      [notificationId, pdf],
    );
    // A statement of its own: it sees a rendering another instance committed meanwhile.
    const rows: { letter_pdf: Buffer | null }[] = await manager.query(
      `SELECT letter_pdf FROM notifications WHERE notification_id = $1`,
      [notificationId],
    );
    return rows[0]?.letter_pdf ?? pdf;
  }
}
