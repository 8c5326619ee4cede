import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { withDatabase } from '../../src/database/embedded-database.js';
import { runMigrations } from '../../src/database/migrate.js';
import { entities } from '../../src/entities.js';

export const TEMPLATE_DATABASE = 'eguichet_test_template';

/** A fresh database with every migration applied, cloned from the run's template (fast). */
export async function createTestDatabase(): Promise<string> {
  const server = process.env.TEST_DATABASE_SERVER_URL;
  if (!server) throw new Error('TEST_DATABASE_SERVER_URL is unset: run the tests through jest');
  // Random: Jest resets module state between files, and a file that failed may have left its database.
  const name = `eguichet_test_w${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await ensureTemplate(admin, server);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  return withDatabase(server, name);
}

/** The first test file to get here builds the template; the others wait on the lock, then find it. */
async function ensureTemplate(admin: pg.Client, server: string): Promise<void> {
  await admin.query('SELECT pg_advisory_lock(4242)');
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      TEMPLATE_DATABASE,
    ]);
    if (rowCount) return;
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}_building`);
    await runMigrations(
      dataSourceOptions(withDatabase(server, `${TEMPLATE_DATABASE}_building`), entities, migrations),
    );
    await admin.query(`ALTER DATABASE ${TEMPLATE_DATABASE}_building RENAME TO ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.query('SELECT pg_advisory_unlock(4242)');
  }
}

/** Empties every table but the migrations' between tests; refuses a database not named for tests. */
export async function emptyDatabase(dataSource: DataSource): Promise<void> {
  const [{ name }] = await dataSource.query<{ name: string }[]>('SELECT current_database() AS name');
  if (!name.includes('test')) throw new Error(`Refusing to empty ${name}: not a test database`);
  const tables = await dataSource.query<{ table_name: string }[]>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations'`,
  );
  if (tables.length === 0) return;
  const truncate = `TRUNCATE ${tables.map((t) => `"${t.table_name}"`).join(', ')} RESTART IDENTITY CASCADE`;
  // The app's background jobs may hold locks while TRUNCATE takes every table. PostgreSQL cancels one
  // side of a deadlock it sees (40P01); one it cannot see (a processing transaction waiting for the
  // ticket counter's own connection, queued behind TRUNCATE) ends with the lock timeout (55P03). Either
  // way the job goes on, and emptying again, a moment later, succeeds.
  for (let attempt = 1; ; attempt++) {
    try {
      await dataSource.transaction(async (manager) => {
        await manager.query("SET LOCAL lock_timeout = '2s'");
        await manager.query(truncate);
      });
      return;
    } catch (error) {
      const code = (error as { driverError?: { code?: string } }).driverError?.code;
      if (!['40P01', '55P03'].includes(code ?? '') || attempt >= 8) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

export async function dropTestDatabase(url: string): Promise<void> {
  const server = process.env.TEST_DATABASE_SERVER_URL!;
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
