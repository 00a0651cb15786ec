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
  covered: boolean;
  eligible: boolean;
  policyVersion: string;
  published: boolean;
}

export interface StoredProfile {
  memberId: string;
  profile: ClinicalProfile;
  /** False: the member has no row yet (an empty profile); `writeProfiles` creates it. */
  existed: boolean;
  criteriaMet: CcmCriterionId[];
  eligible: boolean;
  evaluation: StoredEvaluation | null;
}

export interface ProfileWrite {
  memberId: string;
  /** False: the member had no row when this transaction looked, so the write creates it. */
  existed: boolean;
  /** Null: the profile itself did not change (only the evaluation); never null when creating. */
  profile: ClinicalProfile | null;
  eventsApplied: number;
  evaluation: StoredEvaluation;
}

interface ProfileRow {
  member_id: string;
  profile: ClinicalProfile;
  criteria_met: CcmCriterionId[];
  eligible: boolean;
  evaluation: StoredEvaluation | null;
}

/**
 * Loads and locks the stored profiles of `memberIds` for this transaction, in member-id order so
 * that transactions locking overlapping members cannot deadlock. With `create`, a member without
 * a row is answered too, as an empty profile (`existed: false`): its row is created by
 * `writeProfiles` at the end of the transaction, in one insert with its final content, rather than
 * inserted empty here and then updated (two row versions, a row lock and a wait on every
 * transaction that touches the same new member for the whole of this one).
 * `withEvaluation: false` leaves the stored evaluation (its evidence is the largest column) unread:
 * the clinical event path compares only `criteria_met` and `eligible`; a list reads it for those
 * members only (the monthly review needs it for members it does not re-evaluate).
 */
export async function lockProfiles(
  manager: EntityManager,
  memberIds: readonly string[],
  {
    create,
    withEvaluation = true,
  }: { create: boolean; withEvaluation?: boolean | readonly string[] },
): Promise<Map<string, StoredProfile>> {
  const sorted = [...new Set(memberIds)].sort();
  if (sorted.length === 0) return new Map();
  const evaluationColumn =
    withEvaluation === true
      ? 'evaluation'
      : withEvaluation === false || withEvaluation.length === 0
        ? 'NULL::jsonb AS evaluation'
        : 'CASE WHEN member_id = ANY($2::text[]) THEN evaluation END AS evaluation';
  const rows: ProfileRow[] = await manager.query(
    `SELECT member_id, profile, criteria_met, eligible, ${evaluationColumn}
       FROM clinical_profiles WHERE member_id = ANY($1::text[])
      ORDER BY member_id FOR UPDATE`,
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
        existed: true,
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
        existed: false,
        criteriaMet: [],
        eligible: false,
        evaluation: null,
      },
    );
  }
  return all;
}

/**
 * Writes profiles and their latest evaluation in one statement: updates the rows this transaction
 * locked and creates the missing ones. Answers the members whose row another transaction created
 * after this one looked (it waits for that transaction to end): nothing was written for them, and
 * they must be locked and folded again from what that transaction stored.
 */
export async function writeProfiles(
  manager: EntityManager,
  writes: readonly ProfileWrite[],
): Promise<Set<string>> {
  if (writes.length === 0) return new Set();
  // Rows are created in member-id order, as they are locked, so two creators cannot deadlock.
  const ordered = [...writes].sort((a, b) =>
    a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0,
  );
  // One JSON document for the whole chunk: no per-element text[] escaping of large JSON strings.
  const created: { member_id: string }[] = await manager.query(
    `WITH u AS MATERIALIZED (
       SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS u(member_id text, existed boolean, profile jsonb, events_applied int, evaluation jsonb)),
     updated AS (
       UPDATE clinical_profiles p
          SET profile = coalesce(u.profile, p.profile),
              events_applied = p.events_applied + u.events_applied,
              criteria_met = ARRAY(SELECT jsonb_array_elements_text(u.evaluation -> 'criteriaMet')),
              eligible = (u.evaluation ->> 'eligible')::boolean,
              evaluation = u.evaluation,
              evaluated_at = now(),
              updated_at = now()
         FROM u
        WHERE u.existed AND p.member_id = u.member_id)
     INSERT INTO clinical_profiles
            (member_id, profile, events_applied, criteria_met, eligible, evaluation, evaluated_at)
     SELECT u.member_id, u.profile, u.events_applied,
            ARRAY(SELECT jsonb_array_elements_text(u.evaluation -> 'criteriaMet')),
            (u.evaluation ->> 'eligible')::boolean, u.evaluation, now()
       FROM u WHERE NOT u.existed ORDER BY u.member_id
     ON CONFLICT (member_id) DO NOTHING
     RETURNING member_id`,
    [
      JSON.stringify(
        ordered.map((w) => ({
          member_id: w.memberId,
          existed: w.existed,
          profile: w.profile,
          events_applied: w.eventsApplied,
          evaluation: w.evaluation,
        })),
      ),
    ],
  );
  const createdIds = new Set(created.map((r) => r.member_id));
  return new Set(
    ordered.filter((w) => !w.existed && !createdIds.has(w.memberId)).map((w) => w.memberId),
  );
}
