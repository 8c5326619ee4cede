import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { EmbeddedDatabase } from '../../src/database/embedded-database.js';

declare global {
  var embeddedTestDatabase: EmbeddedDatabase | undefined;
}

type EmbeddedModule = typeof import('../../src/database/embedded-database.js');
// Jest loads this file outside its module resolver: the source is named by its real file name.
const load = <T>(path: string) => import(path) as Promise<T>;

/**
 * One PostgreSQL server for the run: DATABASE_URL's when set, else an embedded one, as on a fresh
 * machine. The first test file builds the template database from the real migrations
 * (test/support/database.ts); a template left by an earlier run is dropped here.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const { startEmbeddedDatabase } = await load<EmbeddedModule>('../../src/database/embedded-database.ts');
    globalThis.embeddedTestDatabase = await startEmbeddedDatabase(
      mkdtempSync(join(tmpdir(), 'eguichet-test-pg-')),
      {
        persistent: false,
      },
    );
    serverUrl = globalThis.embeddedTestDatabase.url;
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS eguichet_test_template WITH (FORCE)');
  await admin.query('DROP DATABASE IF EXISTS eguichet_test_template_building WITH (FORCE)');
  await admin.end();
  process.env.TEST_DATABASE_SERVER_URL = serverUrl;
}
