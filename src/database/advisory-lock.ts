import type { DataSource } from 'typeorm';

/** Fixed keys: every instance of the service takes the same lock for the same start-up step. */
export const LOCKS = { migrations: 7_340_213, seeding: 7_340_214 } as const;

/** Runs `work` while holding a PostgreSQL session advisory lock, so instances starting together take turns. */
export async function withAdvisoryLock<T>(
  dataSource: DataSource,
  key: number,
  work: () => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [key]);
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [key]);
    }
  } finally {
    await runner.release();
  }
}
