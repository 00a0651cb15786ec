import type { EntityManager } from 'typeorm';

/**
 * Serialises, until the end of the caller's transaction, the work of all transactions on the
 * same members. Events of one member arrive on several topics whose partitions are consumed
 * concurrently (a case change and a coverage change, say): whichever transaction locks second
 * sees what the first committed, so neither decides on a view that misses the other. Keys are
 * taken in sorted order so two transactions never deadlock.
 */
export async function lockMembers(
  manager: EntityManager,
  scope: string,
  memberIds: readonly string[],
): Promise<void> {
  if (memberIds.length === 0) return;
  await manager.query(
    `SELECT pg_advisory_xact_lock(k) FROM (
       SELECT DISTINCT hashtext($1 || ':member:' || m) AS k
         FROM unnest($2::text[]) AS m ORDER BY k) AS keys`,
    [scope, memberIds],
  );
}
