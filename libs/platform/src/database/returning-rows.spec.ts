import type { EntityManager } from 'typeorm';
import { returningRows, rowsOf } from './returning-rows';

describe('returningRows', () => {
  const managerAnswering = (answer: unknown) =>
    ({ query: () => Promise.resolve(answer) }) as unknown as EntityManager;

  it("unwraps TypeORM's [rows, count] answer to UPDATE … RETURNING", async () => {
    const rows = [{ id: 'a' }, { id: 'b' }];
    await expect(returningRows(managerAnswering([rows, 2]), 'UPDATE …', [])).resolves.toEqual(rows);
    expect(rowsOf([[], 0])).toEqual([]);
  });

  it('passes the rows of SELECT and INSERT … RETURNING through', async () => {
    const rows = [{ id: 'a' }, { id: 'b' }];
    await expect(returningRows(managerAnswering(rows), 'INSERT …', [])).resolves.toEqual(rows);
    // Two rows whose second is a number are still rows, not [rows, count].
    expect(rowsOf([{ id: 'a' }, 3])).toEqual([{ id: 'a' }, 3]);
  });
});
