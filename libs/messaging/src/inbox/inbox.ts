import type { EntityManager } from 'typeorm';
import type { ConsumedEvent } from '../cloudevents/consumed-event';

/**
 * Records the ids of the events a transaction handles and returns the ones seen for the first
 * time. Run inside the handler's transaction: a rollback forgets the claim, a commit makes the
 * effects and the claim durable together, so a redelivered id has the effect of one delivery.
 */
export async function claimFirstDeliveries<T extends ConsumedEvent>(
  manager: EntityManager,
  events: readonly T[],
): Promise<T[]> {
  if (events.length === 0) return [];
  // Answers only the ids delivered before (almost always none), not every id claimed: a chunk's
  // thousand rows would be parsed for nothing.
  const rows: { event_id: string }[] = await manager.query(
    `WITH claimed AS (
       INSERT INTO inbox_events (event_id, topic)
       SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT (event_id) DO NOTHING
       RETURNING event_id)
     SELECT DISTINCT e.event_id FROM unnest($1::text[]) AS e(event_id)
      WHERE NOT EXISTS (SELECT 1 FROM claimed c WHERE c.event_id = e.event_id)`,
    [events.map((e) => e.id), events.map((e) => e.topic)],
  );
  if (rows.length === 0) return firstOccurrences(events);
  const seenBefore = new Set(rows.map((r) => r.event_id));
  return firstOccurrences(events.filter((e) => !seenBefore.has(e.id)));
}

/** The events with each id once: the same id twice in one batch is one delivery. */
export function firstOccurrences<T extends ConsumedEvent>(events: readonly T[]): T[] {
  const taken = new Set<string>();
  return events.filter((e) => {
    if (taken.has(e.id)) return false;
    taken.add(e.id);
    return true;
  });
}
