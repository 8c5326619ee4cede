import { DataSource, DataSourceOptions } from 'typeorm';
import { LOCKS, withAdvisoryLock } from './advisory-lock.js';

/**
 * Applies pending migrations while holding a PostgreSQL advisory lock, so that several instances
 * starting together migrate once and all come up.
 */
export async function runMigrations(options: DataSourceOptions): Promise<string[]> {
  const dataSource = new DataSource({ ...options, extra: { max: 2 } });
  await dataSource.initialize();
  try {
    return await withAdvisoryLock(dataSource, LOCKS.migrations, async () => {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    });
  } finally {
    await dataSource.destroy();
  }
}
