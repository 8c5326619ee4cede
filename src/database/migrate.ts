import { DataSource, DataSourceOptions } from 'typeorm';

/** Any fixed number: every instance of the service takes the same lock before migrating. */
const MIGRATION_LOCK = 7_340_213;

/**
 * Applies pending migrations while holding a PostgreSQL advisory lock, so that several instances
 * starting together migrate once and all come up.
 */
export async function runMigrations(options: DataSourceOptions): Promise<string[]> {
  const dataSource = new DataSource({ ...options, extra: { max: 2 } });
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
}
