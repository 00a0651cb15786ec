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
  /** False when the row did not exist before this transaction. */
  existed: boolean;
  criteriaMet: CcmCriterionId[];
  eligible: boolean;
  evaluation: StoredEvaluation | null;
}

export interface ProfileWrite {
  memberId: string;
  /** Null: the profile itself did not change (only the evaluation). */
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
 * Loads and locks the profiles of `memberIds` for this transaction. With `create`, missing rows
 * are inserted first (empty), so concurrent transactions touching the same new member serialize
 * instead of overwriting each other. Rows are locked in member-id order to avoid deadlocks.
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
  let created = new Set<string>();
  if (create) {
    const inserted: { member_id: string }[] = await manager.query(
      `INSERT INTO clinical_profiles (member_id, profile)
       SELECT m, jsonb_build_object('memberId', m) FROM unnest($1::text[]) AS m
       ON CONFLICT (member_id) DO NOTHING
       RETURNING member_id`,
      [sorted],
    );
    created = new Set(inserted.map((r) => r.member_id));
  }
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
  return new Map(
    rows.map((r) => [
      r.member_id,
      {
        memberId: r.member_id,
        profile:
          created.has(r.member_id) || !('schemaVersion' in r.profile)
            ? emptyClinicalProfile(r.member_id)
            : r.profile,
        existed: !created.has(r.member_id),
        criteriaMet: r.criteria_met,
        eligible: r.eligible,
        evaluation: r.evaluation,
      },
    ]),
  );
}

/** Writes profiles and their latest evaluation in one statement. */
export async function writeProfiles(
  manager: EntityManager,
  writes: readonly ProfileWrite[],
): Promise<void> {
  if (writes.length === 0) return;
  // One JSON document for the whole chunk: no per-element text[] escaping of large JSON strings.
  await manager.query(
    `UPDATE clinical_profiles p
        SET profile = coalesce(u.profile, p.profile),
            events_applied = p.events_applied + u.events_applied,
            criteria_met = ARRAY(SELECT jsonb_array_elements_text(u.evaluation -> 'criteriaMet')),
            eligible = (u.evaluation ->> 'eligible')::boolean,
            evaluation = u.evaluation,
            evaluated_at = now(),
            updated_at = now()
       FROM jsonb_to_recordset($1::jsonb)
         AS u(member_id text, profile jsonb, events_applied int, evaluation jsonb)
      WHERE p.member_id = u.member_id`,
    [
      JSON.stringify(
        writes.map((w) => ({
          member_id: w.memberId,
          profile: w.profile,
          events_applied: w.eventsApplied,
          evaluation: w.evaluation,
        })),
      ),
    ],
  );
}
