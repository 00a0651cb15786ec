import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { emptyClinicalProfile, type ClinicalProfile } from '@careflow/ccm-criteria';
import type { CcmCriterionId, CriterionEvidence } from '@careflow/contracts';

/** The latest evaluation of a member as stored beside the profile (and shown on a case). */
export interface StoredEvaluation {
  evaluationId: string;
  asOf: string;
  trigger: { source: string; eventId: string | null };
  criteriaMet: CcmCriterionId[];
  evidence: CriterionEvidence[];
  /** Coverage in force on `asOf`; null: not looked up, since no criterion is met. */
  covered: boolean | null;
  eligible: boolean;
  policyVersion: string;
  published: boolean;
}

export interface StoredProfile {
  memberId: string;
  profile: ClinicalProfile;
  /**
   * The row version read (its `xmin`): `write` writes only over that version. Null: the
   * member has no row yet (an empty profile), and `write` creates it.
   */
  version: string | null;
  criteriaMet: CcmCriterionId[];
  eligible: boolean;
  evaluation: StoredEvaluation | null;
}

export interface ProfileWrite {
  memberId: string;
  /** The row version the write was computed from; null creates the row. */
  version: string | null;
  /** Null: the profile itself did not change (only the evaluation); never null when creating. */
  profile: ClinicalProfile | null;
  eventsApplied: number;
  evaluation: StoredEvaluation;
}

/** A member's latest evaluation with how much of their data it has seen (for HTTP). */
export interface LatestEvaluation {
  evaluation: StoredEvaluation | null;
  eventsApplied: number;
  evaluatedAt: Date | null;
}

interface ProfileRow {
  member_id: string;
  version: string;
  profile: ClinicalProfile;
  criteria_met: CcmCriterionId[];
  eligible: boolean;
  evaluation: StoredEvaluation | null;
}

const LOCKING = {
  none: '',
  wait: ' FOR UPDATE',
  'skip-locked': ' FOR UPDATE SKIP LOCKED',
} as const;

/**
 * Each member's clinical profile with their latest evaluation (`clinical_profiles`): the only place
 * their SQL lives. Every method joins the caller's transaction (its `EntityManager`).
 */
@Injectable()
export class ClinicalProfileRepository {
  /**
   * Reads the stored profiles of `memberIds` with each row's version. With `lock: 'wait'` the rows
   * are also locked for this transaction (in member-id order, so that lockers of overlapping members
   * cannot deadlock); `'skip-locked'` leaves out the rows another transaction holds right now.
   * Unlocked, `write` writes a row only if it still has the version read, and answers the
   * members it could not write, to be read and settled again. The clinical path reads without
   * locking: a member is rarely in two concurrent chunks, and a row lock is one more WAL record per
   * member. With `create`, a member without a row is answered too, as an empty profile
   * (`version: null`): its row is created by `write` in one insert with its content, rather
   * than inserted empty here and then updated.
   * `withEvaluation: false` leaves the stored evaluation (its evidence is the largest column) unread:
   * the clinical event path compares only `criteria_met` and `eligible`; a list reads it for those
   * members only (the monthly review needs it for members it does not re-evaluate).
   */
  async read(
    manager: EntityManager,
    memberIds: readonly string[],
    {
      create,
      lock,
      withEvaluation = true,
    }: {
      create: boolean;
      lock: 'none' | 'wait' | 'skip-locked';
      withEvaluation?: boolean | readonly string[];
    },
  ): Promise<Map<string, StoredProfile>> {
    const sorted = [...new Set(memberIds)].sort();
    if (sorted.length === 0) return new Map();
    const evaluationColumn =
      withEvaluation === true
        ? 'evaluation'
        : withEvaluation === false || withEvaluation.length === 0
          ? 'NULL::json AS evaluation'
          : 'CASE WHEN member_id = ANY($2::text[]) THEN evaluation END AS evaluation';
    const rows: ProfileRow[] = await manager.query(
      `SELECT member_id, xmin::text AS version, profile, criteria_met, eligible, ${evaluationColumn}
       FROM clinical_profiles WHERE member_id = ANY($1::text[])
      ORDER BY member_id${LOCKING[lock]}`,
      typeof withEvaluation === 'boolean' || withEvaluation.length === 0
        ? [sorted]
        : [sorted, withEvaluation],
    );
    const stored = new Map<string, StoredProfile>(
      rows.map((r) => [
        r.member_id,
        {
          memberId: r.member_id,
          // A row without a schema version was created before there was anything to fold.
          profile: 'schemaVersion' in r.profile ? r.profile : emptyClinicalProfile(r.member_id),
          version: r.version,
          criteriaMet: r.criteria_met,
          eligible: r.eligible,
          evaluation: r.evaluation,
        },
      ]),
    );
    if (!create) return stored;
    const all = new Map<string, StoredProfile>();
    for (const memberId of sorted) {
      all.set(
        memberId,
        stored.get(memberId) ?? {
          memberId,
          profile: emptyClinicalProfile(memberId),
          version: null,
          criteriaMet: [],
          eligible: false,
          evaluation: null,
        },
      );
    }
    return all;
  }

  /**
   * Locks the stored profiles of `memberIds` until the transaction ends, in member-id order: the
   * order in which `write` takes them. For a caller that then handles its members one at a
   * time (referrals): taking each row as its turn came, it could hold one member while waiting for a
   * clinical chunk that holds another and waits for the first. A member without a row gets one
   * first (empty, in the same order): creating a row takes it, as a clinical chunk's insert does.
   */
  async lock(manager: EntityManager, memberIds: readonly string[]): Promise<void> {
    const distinct = [...new Set(memberIds)];
    if (distinct.length < 2) return; // one member's rows cannot be taken in two orders
    await manager.query(
      `INSERT INTO clinical_profiles (member_id, profile)
     SELECT m, '{}'::json FROM unnest($1::text[]) AS m ORDER BY m
     ON CONFLICT (member_id) DO NOTHING`,
      [distinct],
    );
    await manager.query(
      `SELECT 1 FROM clinical_profiles WHERE member_id = ANY($1::text[]) ORDER BY member_id FOR UPDATE`,
      [distinct],
    );
  }

  /**
   * Writes profiles and their latest evaluation in one statement: updates each row that still has
   * the version it was read at, and creates the rows read as missing. Answers the members it did not
   * write: another transaction changed or created their row after this one read it (the statement
   * waits for that transaction to end). Nothing was written for them; they must be read and settled
   * again from what that transaction stored.
   */
  async write(manager: EntityManager, writes: readonly ProfileWrite[]): Promise<Set<string>> {
    if (writes.length === 0) return new Set();
    // Rows are written in member-id order, sorted by the statement itself (on a table of any size
    // the update joins through the primary key, visiting `u` in that order), so two writers take
    // their row locks in the same order. Should a plan ever differ, PostgreSQL detects the deadlock
    // and the consumer retries the chunk.
    // One JSON document for the whole chunk: no per-element text[] escaping of large JSON strings.
    // The statement answers the members not written (almost always none), not the thousand written.
    // `json`, not `jsonb`: each profile and evaluation is stored as the text sent (see the migration
    // StoredDocumentsAsJson1732000001001).
    const lost: { member_id: string }[] = await manager.query(
      `WITH u AS MATERIALIZED (
       SELECT * FROM json_to_recordset($1::json)
         AS u(member_id text, version text, profile json, events_applied int, evaluation json,
              criteria_met text[], eligible boolean)),
     updated AS (
       UPDATE clinical_profiles p
          SET profile = coalesce(u.profile, p.profile),
              events_applied = p.events_applied + u.events_applied,
              criteria_met = u.criteria_met,
              eligible = u.eligible,
              evaluation = u.evaluation,
              evaluated_at = now(),
              updated_at = now()
         FROM (SELECT * FROM u ORDER BY u.member_id) u
        WHERE u.version IS NOT NULL AND p.member_id = u.member_id AND p.xmin = u.version::xid
        RETURNING p.member_id),
     inserted AS (
       INSERT INTO clinical_profiles
              (member_id, profile, events_applied, criteria_met, eligible, evaluation, evaluated_at)
       SELECT u.member_id, u.profile, u.events_applied, u.criteria_met, u.eligible, u.evaluation,
              now()
         FROM u WHERE u.version IS NULL ORDER BY u.member_id
       ON CONFLICT (member_id) DO NOTHING
       RETURNING member_id)
     SELECT u.member_id FROM u
      WHERE NOT EXISTS (SELECT 1 FROM updated w WHERE w.member_id = u.member_id)
        AND NOT EXISTS (SELECT 1 FROM inserted w WHERE w.member_id = u.member_id)`,
      [
        JSON.stringify(
          writes.map((w) => ({
            member_id: w.memberId,
            version: w.version,
            profile: w.profile,
            events_applied: w.eventsApplied,
            evaluation: w.evaluation,
            // Typed columns of the recordset: no per-row subquery to pull them out of `evaluation`.
            criteria_met: w.evaluation.criteriaMet,
            eligible: w.evaluation.eligible,
          })),
        ),
      ],
    );
    return new Set(lost.map((r) => r.member_id));
  }

  /** A member's latest stored evaluation, or null when the member has no profile. */
  async latestEvaluation(
    manager: EntityManager,
    memberId: string,
  ): Promise<LatestEvaluation | null> {
    const rows: {
      evaluation: StoredEvaluation | null;
      events_applied: string;
      evaluated_at: Date | null;
    }[] = await manager.query(
      `SELECT evaluation, events_applied, evaluated_at FROM clinical_profiles WHERE member_id = $1`,
      [memberId],
    );
    const row = rows[0];
    return row
      ? {
          evaluation: row.evaluation,
          eventsApplied: Number(row.events_applied),
          evaluatedAt: row.evaluated_at,
        }
      : null;
  }
}
