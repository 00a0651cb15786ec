import { z } from 'zod';
import { memberId, timestamp } from '@careflow/contracts';
import type { FeedItemView } from './feed-answers';

export type { FeedItemView };

/**
 * What a case manager's worklist holds. These kinds are the service's own (the contract's
 * notification kinds on `pcp.notifications.v1` are unchanged); letters and calls reuse the
 * contract's kind names.
 */
export const FEED_KINDS = [
  'case-identified',
  'assessment-due',
  'case-status',
  'enrollment-notice',
  'clinical-status-update',
  'condition-change-call',
  'call-escalated',
  'pcp-missing',
  'pcp-changed',
  'hospital-stay',
  'case-manager-missing',
] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

/**
 * `new`/`acknowledged`: something to read; `pending`/`overdue`/`completed`: something to do;
 * `queued`/`sent`/`failed`: a letter's delivery; `cancelled`: a letter or call the case's closing
 * made moot.
 */
export const FEED_STATUSES = [
  'new',
  'acknowledged',
  'pending',
  'overdue',
  'completed',
  'queued',
  'sent',
  'failed',
  'cancelled',
] as const;
export type FeedStatus = (typeof FEED_STATUSES)[number];

export const MAX_FEED_PAGE = 100;
export const DEFAULT_FEED_PAGE = 50;

/** An opaque cursor: the base64url of the last item's sequence number. */
export function encodeCursor(seq: string): string {
  return Buffer.from(`s:${seq}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^s:(\d{1,18})$/.exec(text);
  return match?.[1] ?? null;
}

export const feedQuerySchema = z
  .object({
    kind: z.enum(FEED_KINDS).optional(),
    status: z.enum(FEED_STATUSES).optional(),
    memberId: memberId.optional(),
    dueBefore: timestamp.optional().describe('Only items with a due time before this instant.'),
    cursor: z
      .string()
      .max(64)
      .refine((c) => decodeCursor(c) !== null, 'not a cursor this feed issued')
      .optional()
      .describe('The `nextCursor` of the previous page.'),
    limit: z.coerce.number().int().min(1).max(MAX_FEED_PAGE).default(DEFAULT_FEED_PAGE),
  })
  .strict();
export type FeedQuery = z.output<typeof feedQuerySchema>;

/** A feed item as the API and the stream return it: only what the worklist shows. */

export interface FeedItemRow {
  seq: string;
  item_id: string;
  kind: FeedKind;
  status: FeedStatus;
  audience: 'case-manager' | 'supervisor';
  member_id: string;
  case_id: string;
  notification_id: string | null;
  title: string;
  detail: string | null;
  due_by: Date | null;
  letter_url: string | null;
  acknowledged_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export function toFeedItemView(row: FeedItemRow): FeedItemView {
  return {
    id: row.item_id,
    kind: row.kind,
    status: row.status,
    memberId: row.member_id,
    caseId: row.case_id,
    notificationId: row.notification_id,
    title: row.title,
    detail: row.detail,
    dueBy: row.due_by ? row.due_by.toISOString() : null,
    letterUrl: row.letter_url,
    audience: row.audience,
    acknowledgedAt: row.acknowledged_at ? row.acknowledged_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
