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

/** A worklist item as the feed repository answers it. */
export interface FeedItem {
  /** The feed's order (a bigint, as text): the stream's event id and the page cursor. */
  readonly seq: string;
  readonly itemId: string;
  readonly kind: FeedKind;
  readonly status: FeedStatus;
  readonly audience: 'case-manager' | 'supervisor';
  readonly memberId: string;
  readonly caseId: string;
  readonly notificationId: string | null;
  readonly title: string;
  readonly detail: string | null;
  readonly dueBy: Date | null;
  readonly letterUrl: string | null;
  readonly acknowledgedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export function toFeedItemView(item: FeedItem): FeedItemView {
  return {
    id: item.itemId,
    kind: item.kind,
    status: item.status,
    memberId: item.memberId,
    caseId: item.caseId,
    notificationId: item.notificationId,
    title: item.title,
    detail: item.detail,
    dueBy: item.dueBy ? item.dueBy.toISOString() : null,
    letterUrl: item.letterUrl,
    audience: item.audience,
    acknowledgedAt: item.acknowledgedAt ? item.acknowledgedAt.toISOString() : null,
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
  };
}
