import { z } from 'zod';
import { identifier, memberId, timestamp } from '@careflow/contracts';
import { FEED_KINDS, FEED_STATUSES } from './feed-model';

/** A feed item as GET /feed, the stream and acknowledging answer it. */
export const feedItemAnswer = z.object({
  id: identifier,
  kind: z.enum(FEED_KINDS),
  status: z.enum(FEED_STATUSES),
  memberId,
  caseId: identifier,
  notificationId: identifier.nullable(),
  title: z.string().describe('What the case manager sees first (no clinical detail).'),
  detail: z.string().nullable(),
  dueBy: timestamp.nullable().describe('When a call to the PCP is due.'),
  letterUrl: z.string().nullable().describe('The letter PDF, for written notices.'),
  audience: z.enum(['case-manager', 'supervisor']),
  acknowledgedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type FeedItemView = z.input<typeof feedItemAnswer>;

export const feedPageAnswer = z.object({
  items: z.array(feedItemAnswer),
  nextCursor: z
    .string()
    .nullable()
    .describe('Pass as `cursor` for the next page; null on the last.'),
});
