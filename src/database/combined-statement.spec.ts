import { describe, expect, it } from '@jest/globals';
import { combinedStatement } from './combined-statement.js';

describe('combinedStatement', () => {
  it('runs extras as CTEs of the main statement, their parameters after its own', () => {
    const combined = combinedStatement({ text: 'SELECT $1, $2', values: ['a', 'b'] }, [
      { text: 'INSERT INTO t VALUES ($1, $2)', values: [1, 2] },
      { text: ' UPDATE u SET x = $1 ', values: [true] },
    ]);
    expect(combined.text).toBe(
      'WITH combined_1 AS (INSERT INTO t VALUES ($3, $4)),\ncombined_2 AS (UPDATE u SET x = $5)\nSELECT $1, $2',
    );
    expect(combined.values).toEqual(['a', 'b', 1, 2, true]);
  });

  it("joins a main statement's own WITH", () => {
    const combined = combinedStatement({ text: 'WITH a AS (SELECT $1) SELECT * FROM a', values: [1] }, [
      { text: 'WITH d AS (SELECT $1 AS v) INSERT INTO t SELECT v FROM d', values: [2] },
    ]);
    expect(combined.text).toBe(
      'WITH combined_1 AS (WITH d AS (SELECT $2 AS v) INSERT INTO t SELECT v FROM d),\na AS (SELECT $1) SELECT * FROM a',
    );
  });

  it('renumbers two-digit parameters whole', () => {
    const main = { text: 'SELECT 1', values: Array.from({ length: 9 }, (_, i) => i) };
    expect(
      combinedStatement(main, [{ text: 'DELETE FROM t WHERE a = $1 OR b = $10', values: [] }]).text,
    ).toContain('a = $10 OR b = $19');
  });

  it('leaves a statement without extras as it is', () => {
    const main = { text: 'SELECT $1', values: [1] };
    expect(combinedStatement(main, [])).toBe(main);
  });
});
