import { QueryFailedError, type DataSource } from 'typeorm';
import { inPipelinedTransaction } from './pipelined-transaction';

/** A pg client that records what was written and answers only when told (as the network does). */
function fakeDatabase(failing: ReadonlySet<string> = new Set(), commitAnswers = 'COMMIT') {
  const written: string[] = [];
  const pending: (() => void)[] = [];
  const client = {
    query(text: string) {
      written.push(text);
      return new Promise((resolve, reject) => {
        pending.push(() =>
          failing.has(text)
            ? reject(new Error(`${text} failed`))
            : resolve({ rows: [{ text }], command: text === 'COMMIT' ? commitAnswers : text }),
        );
      });
    },
  };
  const runner = {
    isTransactionActive: false,
    transactionDepth: 0,
    released: false,
    manager: {
      query: (text: string) => client.query(text).then((r) => (r as { rows: unknown[] }).rows),
    },
    connection: { logger: { logQueryError: () => undefined } },
    connect: () => Promise.resolve(client),
    query: (text: string) => client.query(text),
    release() {
      this.released = true;
      return Promise.resolve();
    },
  };
  const dataSource = { createQueryRunner: () => runner } as unknown as DataSource;
  /** Answers everything written so far, in order, until nothing waits. */
  const answerAll = async () => {
    for (;;) {
      await new Promise((r) => setImmediate(r));
      const next = pending.shift();
      if (!next) return;
      next();
    }
  };
  return { written, runner, dataSource, answerAll };
}

describe('inPipelinedTransaction', () => {
  it('writes BEGIN and the first statement before either is answered, and COMMIT with the last', async () => {
    const db = fakeDatabase();
    const done = inPipelinedTransaction(db.dataSource, async (tx) => {
      expect(db.runner.isTransactionActive).toBe(true);
      void tx.manager.query('SELECT 1');
      // Both written while no answer came back yet.
      expect(db.written).toEqual(['BEGIN', 'SELECT 1']);
      return tx.commitWith('INSERT 1', []);
    });
    await db.answerAll();
    await expect(done).resolves.toEqual([{ text: 'INSERT 1' }]);
    expect(db.written).toEqual(['BEGIN', 'SELECT 1', 'INSERT 1', 'COMMIT']);
    expect(db.runner.isTransactionActive).toBe(false);
    expect(db.runner.released).toBe(true);
  });

  it('commits after the work when no statement carried the commit', async () => {
    const db = fakeDatabase();
    const done = inPipelinedTransaction(db.dataSource, () => Promise.resolve('value'));
    await db.answerAll();
    await expect(done).resolves.toBe('value');
    expect(db.written).toEqual(['BEGIN', 'COMMIT']);
  });

  it('rolls back when the work fails', async () => {
    const db = fakeDatabase();
    const done = expect(
      inPipelinedTransaction(db.dataSource, () => Promise.reject(new Error('handler'))),
    ).rejects.toThrow('handler');
    await db.answerAll();
    await done;
    expect(db.written).toEqual(['BEGIN', 'ROLLBACK']);
    expect(db.runner.released).toBe(true);
  });

  it('fails with the statement error when the last statement fails (its COMMIT rolls back)', async () => {
    const db = fakeDatabase(new Set(['INSERT 1']), 'ROLLBACK');
    const done = expect(
      inPipelinedTransaction(db.dataSource, (tx) => tx.commitWith('INSERT 1', [])),
    ).rejects.toBeInstanceOf(QueryFailedError);
    await db.answerAll();
    await done;
    expect(db.written).toEqual(['BEGIN', 'INSERT 1', 'COMMIT']);
  });

  it('fails when COMMIT answers ROLLBACK (an earlier error was swallowed)', async () => {
    const db = fakeDatabase(new Set(), 'ROLLBACK');
    const done = expect(
      inPipelinedTransaction(db.dataSource, (tx) => tx.commitWith('INSERT 1', [])),
    ).rejects.toThrow('rolled back at commit');
    await db.answerAll();
    await done;
  });
});
