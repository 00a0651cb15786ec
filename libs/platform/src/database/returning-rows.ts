import type { EntityManager } from 'typeorm';

/**
 * The rows of a statement with RETURNING. On PostgreSQL TypeORM answers `[rows, affectedCount]`
 * for UPDATE and DELETE and the rows alone for SELECT and INSERT; this gives the rows either way.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}

/** Runs `sql` (an UPDATE, DELETE or INSERT … RETURNING) and answers its rows. */
export async function returningRows<T>(
  manager: EntityManager,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  return rowsOf<T>(await manager.query(sql, params));
}
