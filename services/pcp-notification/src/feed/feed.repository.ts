import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  caseloadCondition,
  hasRole,
  OPEN_CASE_STATUSES,
  returningRows,
  seesAllMembers,
  type Principal,
} from '@careflow/platform';
import { CASES_TABLE } from '../access/caseload';
import {
  decodeCursor,
  encodeCursor,
  type FeedItem,
  type FeedKind,
  type FeedQuery,
  type FeedStatus,
} from './feed-model';

/** The channel the live stream listens on; the payload is an item id. */
export const FEED_CHANNEL = 'pcp_notification_feed';

/** The channel that tells the delivery worker letters were queued (no payload). */
export const LETTER_CHANNEL = 'pcp_notification_letters';

export interface NewFeedItem {
  readonly kind: FeedKind;
  readonly status: FeedStatus;
  readonly memberId: string;
  readonly caseId: string;
  readonly title: string;
  readonly detail?: string | null;
  readonly notificationId?: string | null;
  readonly dueBy?: Date | null;
  readonly letterUrl?: string | null;
  readonly audience?: 'case-manager' | 'supervisor';
  /** With kind and case, what makes the item unique: a redelivery adds nothing. */
  readonly sourceEventId: string;
}

/**
 * Announces each item a data-modifying CTE returned, in the same statement (one round trip): a
 * CTE answers rows, never TypeORM's `[rows, count]` of a bare UPDATE.
 */
const ANNOUNCE = (cte: string, channelParam = 13): string =>
  `SELECT item_id, pg_notify($${channelParam}, item_id::text) FROM ${cte}`;

const COLUMN_NAMES = [
  'seq',
  'item_id',
  'kind',
  'status',
  'audience',
  'member_id',
  'case_id',
  'notification_id',
  'title',
  'detail',
  'due_by',
  'letter_url',
  'acknowledged_at',
  'created_at',
  'updated_at',
] as const;
const COLUMNS = COLUMN_NAMES.join(', ');

interface FeedItemRow {
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

const toFeedItem = (row: FeedItemRow): FeedItem => ({
  seq: String(row.seq),
  itemId: row.item_id,
  kind: row.kind,
  status: row.status,
  audience: row.audience,
  memberId: row.member_id,
  caseId: row.case_id,
  notificationId: row.notification_id,
  title: row.title,
  detail: row.detail,
  dueBy: row.due_by,
  letterUrl: row.letter_url,
  acknowledgedAt: row.acknowledged_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** The key of `openOf`'s answer. */
export const openKey = (caseId: string, kind: string): string => `${caseId} ${kind}`;

/**
 * Writes feed items inside the caller's transaction and announces them with `pg_notify`, which
 * PostgreSQL delivers only when that transaction commits: the live stream never shows an item
 * that was rolled back, and every instance of the service hears about every item.
 */
@Injectable()
export class FeedRepository {
  async add(manager: EntityManager, item: NewFeedItem): Promise<void> {
    await this.addMany(manager, [item]);
  }

  /**
   * Adds the items in one statement, in this order (their `seq`); an item its event already added
   * is left as it is.
   */
  async addMany(manager: EntityManager, items: readonly NewFeedItem[]): Promise<void> {
    if (items.length === 0) return;
    await manager.query(
      `WITH added AS (
         INSERT INTO feed_items (item_id, kind, status, audience, member_id, case_id, notification_id, title,
           detail, due_by, letter_url, source_event_id)
         SELECT item_id, kind, status, audience, member_id, case_id, notification_id, title, detail, due_by,
                letter_url, source_event_id
           FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(item, n),
                jsonb_to_record(e.item)
             AS i(item_id uuid, kind text, status text, audience text, member_id text, case_id text,
                  notification_id text, title text, detail text, due_by timestamptz, letter_url text,
                  source_event_id text)
          ORDER BY e.n
         ON CONFLICT (source_event_id, kind, case_id) DO NOTHING
         RETURNING item_id)
       ${ANNOUNCE('added', 2)}`,
      [
        JSON.stringify(
          items.map((item) => ({
            item_id: randomUUID(),
            kind: item.kind,
            status: item.status,
            audience: item.audience ?? 'case-manager',
            member_id: item.memberId,
            case_id: item.caseId,
            notification_id: item.notificationId ?? null,
            title: item.title,
            detail: item.detail ?? null,
            due_by: item.dueBy ?? null,
            letter_url: item.letterUrl ?? null,
            source_event_id: item.sourceEventId,
          })),
        ),
        FEED_CHANNEL,
      ],
    );
  }

  /** Sets the status (and optionally the detail) of the items of a notification. */
  async updateForNotification(
    manager: EntityManager,
    notificationId: string,
    kind: FeedKind,
    status: FeedStatus,
    detail?: string,
  ): Promise<void> {
    await manager.query(
      `WITH changed AS (
         UPDATE feed_items SET status = $3, detail = COALESCE($4, detail), updated_at = now()
          WHERE notification_id = $1 AND kind = $2 RETURNING item_id)
       ${ANNOUNCE('changed', 5)}`,
      [notificationId, kind, status, detail ?? null, FEED_CHANNEL],
    );
  }

  /** `updateForNotification` for many notifications in one statement. */
  async updateForNotifications(
    manager: EntityManager,
    changes: readonly {
      notificationId: string;
      kind: FeedKind;
      status: FeedStatus;
      detail?: string;
    }[],
  ): Promise<void> {
    if (changes.length === 0) return;
    await manager.query(
      `WITH changed AS (
         UPDATE feed_items f SET status = u.new_status, detail = COALESCE(u.new_detail, f.detail), updated_at = now()
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(nid, item_kind, new_status, new_detail)
          WHERE f.notification_id = u.nid AND f.kind = u.item_kind RETURNING f.item_id)
       ${ANNOUNCE('changed', 5)}`,
      [
        changes.map((c) => c.notificationId),
        changes.map((c) => c.kind),
        changes.map((c) => c.status),
        changes.map((c) => c.detail ?? null),
        FEED_CHANNEL,
      ],
    );
  }

  /** Closes the open items of a kind on a case (e.g. the assessment once the case moves on). */
  async closeOpen(
    manager: EntityManager,
    caseId: string,
    kinds: readonly FeedKind[],
    status: FeedStatus,
  ): Promise<void> {
    await manager.query(
      `WITH closed AS (
         UPDATE feed_items SET status = $3, updated_at = now()
          WHERE case_id = $1 AND kind = ANY($2::text[]) AND status IN ('new', 'pending', 'acknowledged', 'overdue')
          RETURNING item_id)
       ${ANNOUNCE('closed', 4)}`,
      [caseId, kinds, status, FEED_CHANNEL],
    );
  }

  /** `closeOpen` for several cases (each with its kinds) in one statement. */
  async closeOpenMany(
    manager: EntityManager,
    closes: readonly { caseId: string; kinds: readonly FeedKind[] }[],
    status: FeedStatus,
  ): Promise<void> {
    const pairs = closes.flatMap((c) => c.kinds.map((kind) => [c.caseId, kind] as const));
    if (pairs.length === 0) return;
    await manager.query(
      `WITH closed AS (
         UPDATE feed_items f SET status = $3, updated_at = now()
           FROM unnest($1::text[], $2::text[]) AS c(case_id, kind)
          WHERE f.case_id = c.case_id AND f.kind = c.kind
            AND f.status IN ('new', 'pending', 'acknowledged', 'overdue')
          RETURNING f.item_id)
       ${ANNOUNCE('closed', 4)}`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1]), status, FEED_CHANNEL],
    );
  }

  /** Sets the open items of a kind on a case that these events added to `status`, with `detail`. */
  async closeOpenOfSources(
    manager: EntityManager,
    caseId: string,
    kind: FeedKind,
    sourceEventIds: readonly string[],
    status: FeedStatus,
    detail: string,
  ): Promise<void> {
    if (sourceEventIds.length === 0) return;
    await manager.query(
      `WITH closed AS (
         UPDATE feed_items SET status = $4, detail = $5, updated_at = now()
          WHERE case_id = $1 AND kind = $2 AND source_event_id = ANY($3::text[])
            AND status IN ('new', 'pending', 'acknowledged', 'overdue')
          RETURNING item_id)
       ${ANNOUNCE('closed', 6)}`,
      [caseId, kind, sourceEventIds, status, detail, FEED_CHANNEL],
    );
  }

  /** Which of these cases have a new or acknowledged item of each kind: `<caseId> <kind>` keys. */
  async openOf(
    manager: EntityManager,
    caseIds: readonly string[],
    kinds: readonly FeedKind[],
  ): Promise<Set<string>> {
    if (caseIds.length === 0 || kinds.length === 0) return new Set();
    const rows: { case_id: string; kind: string }[] = await manager.query(
      `SELECT DISTINCT case_id, kind FROM feed_items
        WHERE case_id = ANY($1::text[]) AND kind = ANY($2::text[]) AND status IN ('new', 'acknowledged')`,
      [caseIds, kinds],
    );
    return new Set(rows.map((r) => openKey(r.case_id, r.kind)));
  }

  async acknowledge(manager: EntityManager, itemId: string, by: string): Promise<FeedItem | null> {
    const rows: FeedItemRow[] = await returningRows<FeedItemRow>(
      manager,
      `UPDATE feed_items
          SET acknowledged_at = COALESCE(acknowledged_at, now()),
              acknowledged_by = COALESCE(acknowledged_by, $2),
              status = CASE WHEN status = 'new' THEN 'acknowledged' ELSE status END,
              updated_at = now()
        WHERE item_id = $1
        RETURNING ${COLUMNS}`,
      [itemId, by],
    );
    const row = rows[0];
    if (!row) return null;
    await this.announce(manager, [row.item_id]);
    return toFeedItem(row);
  }

  async byId(manager: EntityManager, itemId: string): Promise<FeedItem | null> {
    const rows: FeedItemRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM feed_items WHERE item_id = $1`,
      [itemId],
    );
    return rows[0] ? toFeedItem(rows[0]) : null;
  }

  /**
   * The items with these ids (those that exist), in no particular order, each with the case
   * managers whose caseload holds its member (`owners`, for the caseload rule of the stream).
   */
  async byIdsWithOwners(
    manager: EntityManager,
    itemIds: readonly string[],
  ): Promise<(FeedItem & { owners: string[] })[]> {
    if (itemIds.length === 0) return [];
    const rows: (FeedItemRow & { owners: string[] })[] = await manager.query(
      `SELECT ${COLUMNS},
              ARRAY(SELECT DISTINCT c.case_manager_id FROM ${CASES_TABLE} c
                     WHERE c.member_id = feed_items.member_id AND c.case_manager_id IS NOT NULL
                       AND c.status = ANY($2::text[])) AS owners
         FROM feed_items WHERE item_id = ANY($1::text[])`,
      [itemIds, [...OPEN_CASE_STATUSES]],
    );
    return rows.map((row) => ({ ...toFeedItem(row), owners: row.owners }));
  }

  /** One page of the items the principal may see, newest first. */
  async page(
    manager: EntityManager,
    principal: Principal,
    query: FeedQuery,
  ): Promise<{ items: FeedItem[]; nextCursor: string | null }> {
    const select = manager.createQueryBuilder().from('feed_items', 'f');
    for (const column of COLUMN_NAMES) select.addSelect(`f.${column}`, column);
    if (!seesAllMembers(principal)) {
      if (!hasRole(principal, 'case-manager')) return { items: [], nextCursor: null };
      const caseload: Record<string, unknown> = {};
      const bind = (value: unknown): string => {
        const name = `caseload${Object.keys(caseload).length}`;
        caseload[name] = value;
        return `:${name}`;
      };
      select
        .andWhere(`f.audience = 'case-manager'`)
        .andWhere(caseloadCondition(CASES_TABLE, 'f.member_id', principal.id, bind), caseload);
    }
    if (query.kind) select.andWhere('f.kind = :kind', { kind: query.kind });
    if (query.status) select.andWhere('f.status = :status', { status: query.status });
    if (query.memberId) select.andWhere('f.member_id = :memberId', { memberId: query.memberId });
    if (query.dueBefore)
      select.andWhere('f.due_by < CAST(:dueBefore AS timestamptz)', { dueBefore: query.dueBefore });
    if (query.cursor)
      select.andWhere('f.seq < CAST(:cursor AS bigint)', { cursor: decodeCursor(query.cursor) });
    const rows = await select
      .orderBy('f.seq', 'DESC')
      .limit(query.limit + 1)
      .getRawMany<FeedItemRow>();
    const more = rows.length > query.limit;
    const items = (more ? rows.slice(0, query.limit) : rows).map(toFeedItem);
    const last = items[items.length - 1];
    return { items, nextCursor: more && last ? encodeCursor(last.seq) : null };
  }

  private async announce(manager: EntityManager, itemIds: readonly string[]): Promise<void> {
    for (const id of itemIds) {
      await manager.query(`SELECT pg_notify($1, $2)`, [FEED_CHANNEL, id]);
    }
  }
}
