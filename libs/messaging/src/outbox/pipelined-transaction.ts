import { QueryFailedError, type DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { asError } from '@careflow/contracts';

/** The node-postgres client under a TypeORM query runner (what its `connect()` resolves to). */
interface PgClient {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; command: string }>;
}

/** TypeORM's transaction state of a query runner, set here instead of by `startTransaction`. */
interface TransactionState {
  isTransactionActive: boolean;
  transactionDepth: number;
}

/** A transaction opened by `inPipelinedTransaction`. */
export interface PipelinedTransaction {
  /** Joins the transaction (TypeORM sees it as active, so nested work uses savepoints). */
  readonly manager: EntityManager;
  /**
   * Runs the transaction's last statement with COMMIT right behind it, one round trip for both,
   * and answers the statement's rows. Rejects (and the transaction is rolled back) when the
   * statement fails or the commit does not commit.
   */
  commitWith<T>(sql: string, params: readonly unknown[]): Promise<T[]>;
}

/**
 * Runs `work` in one transaction with two round trips fewer than TypeORM's `transaction`: BEGIN is
 * written without waiting for its answer, so it reaches PostgreSQL with the first statement, and
 * the last statement may carry the COMMIT (`commitWith`); otherwise COMMIT follows `work`. With
 * the pool's clients in pipeline mode (`extra.pipeline`, see the platform's data source) a
 * statement written behind another does not wait for the other's answer; without it, node-postgres
 * sends them one after the other, which is correct, only not faster. Rolled back when `work` or
 * the commit fails.
 */
export async function inPipelinedTransaction<T>(
  dataSource: DataSource,
  work: (transaction: PipelinedTransaction) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  let ended = false;
  try {
    const client = (await runner.connect()) as PgClient;
    // Written now: the work's first statement follows it on the wire.
    const begun = client.query('BEGIN');
    begun.catch(() => undefined);
    setTransactionState(runner, true);
    const commit = async (statement?: { sql: string; params: unknown[] }): Promise<unknown[]> => {
      const answer = statement ? client.query(statement.sql, statement.params) : undefined;
      const committed = client.query('COMMIT');
      committed.catch(() => undefined);
      ended = true;
      await begun;
      let rows: unknown[] = [];
      if (answer) {
        try {
          rows = (await answer).rows;
        } catch (error) {
          // The transaction is aborted: the COMMIT written behind the statement rolls it back.
          await committed.catch(() => undefined);
          runner.connection.logger.logQueryError(asError(error), statement!.sql, [], runner);
          throw new QueryFailedError(statement!.sql, statement!.params, asError(error));
        }
      }
      // COMMIT of a transaction an earlier (swallowed) error aborted answers ROLLBACK.
      if ((await committed).command !== 'COMMIT')
        throw new Error('the transaction was rolled back at commit (an earlier statement failed)');
      return rows;
    };
    const value = await work({
      manager: runner.manager,
      commitWith: async <R>(sql: string, params: readonly unknown[]) =>
        (await commit({ sql, params: [...params] })) as R[],
    });
    if (!ended) await commit();
    return value;
  } catch (error) {
    if (!ended) await runner.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    setTransactionState(runner, false);
    await runner.release();
  }
}

function setTransactionState(runner: QueryRunner, active: boolean): void {
  const state = runner as unknown as TransactionState;
  state.isTransactionActive = active;
  state.transactionDepth = active ? 1 : 0;
}
