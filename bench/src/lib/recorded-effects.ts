import { Client } from 'pg';

/**
 * What the services' own tables recorded of the inputs whose outputs a benchmark did not see: the
 * second witness that tells an input never handled from one handled whose output went missing.
 */
export interface RecordedEffects {
  /**
   * Clinical event ids in case-management's inbox: the transaction that folded the event into its
   * member's profile and put the member's evaluation in the outbox committed.
   */
  readonly clinicalProcessed: ReadonlySet<string>;
  /** PA request ids routing stored a decision for. */
  readonly paDecided: ReadonlySet<string>;
  /** PA request ids routing holds until their coverage arrives: no decision is due yet. */
  readonly paHeld: ReadonlySet<string>;
  /** Rows in case-management's inbox per clinical topic (every event it processed this run). */
  readonly clinicalInboxRows: ReadonlyMap<string, number>;
}

/** Reads the effects of `clinicalIds` and `requestIds` from the benchmark database. */
export async function recordedEffects(
  databaseUrl: string,
  clinicalTopics: readonly string[],
  clinicalIds: readonly string[],
  requestIds: readonly string[],
): Promise<RecordedEffects> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const ids = async (sql: string, values: unknown[]): Promise<Set<string>> =>
      new Set((await client.query<{ id: string }>(sql, values)).rows.map((r) => r.id));
    const clinicalProcessed = await ids(
      'SELECT event_id AS id FROM case_management.inbox_events WHERE event_id = ANY($1::text[])',
      [clinicalIds],
    );
    const paDecided = await ids(
      'SELECT request_id AS id FROM authorization_routing.routing_decisions WHERE request_id = ANY($1::text[])',
      [requestIds],
    );
    const paHeld = await ids(
      'SELECT request_id AS id FROM authorization_routing.pending_requests WHERE request_id = ANY($1::text[])',
      [requestIds],
    );
    const counts = await client.query<{ topic: string; n: string }>(
      'SELECT topic, count(*) AS n FROM case_management.inbox_events WHERE topic = ANY($1::text[]) GROUP BY topic',
      [clinicalTopics],
    );
    return {
      clinicalProcessed,
      paDecided,
      paHeld,
      clinicalInboxRows: new Map(counts.rows.map((r) => [r.topic, Number(r.n)])),
    };
  } finally {
    await client.end();
  }
}
