import type { EntityManager } from 'typeorm';

/**
 * The rows of a statement with RETURNING. TypeORM answers `[rows, affectedCount]` for UPDATE and
 * DELETE and the rows alone for SELECT and INSERT; this gives the rows either way.
 */
export async function returningRows<T>(
  manager: EntityManager,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  const result: unknown = await manager.query(sql, params);
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
