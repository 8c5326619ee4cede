import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { AppConfig, loadConfig } from '../../src/config/app-config.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import {
  EmbeddedDatabase,
  startEmbeddedDatabase,
  withDatabase,
} from '../../src/database/embedded-database.js';
import { runMigrations } from '../../src/database/migrate.js';
import { entities } from '../../src/entities.js';
import { createHttpApp } from '../../src/http-app.js';

let server: { url: string; embedded?: EmbeddedDatabase; dir?: string } | undefined;
let databases = 0;

/** The run's PostgreSQL: DATABASE_URL's server when set, else one embedded server for all scenarios. */
export async function databaseServer(): Promise<string> {
  if (!server) {
    if (process.env.DATABASE_URL) {
      server = { url: process.env.DATABASE_URL };
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'eguichet-bench-pg-'));
      const embedded = await startEmbeddedDatabase(dir, { persistent: false });
      server = { url: embedded.url, embedded, dir };
    }
  }
  return server.url;
}

export async function stopDatabaseServer(): Promise<void> {
  await server?.embedded?.stop();
  if (server?.dir) rmSync(server.dir, { recursive: true, force: true });
  server = undefined;
}

/** A migrated database of its own for one scenario. */
export async function benchDatabase(): Promise<string> {
  const url = await databaseServer();
  const name = `eguichet_bench_${process.pid}_${databases++}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const databaseUrl = withDatabase(url, name);
  await runMigrations(dataSourceOptions(databaseUrl, entities, migrations));
  return databaseUrl;
}

export interface BenchApp {
  app: INestApplication;
  url: string;
  dataSource: DataSource;
  config: AppConfig;
  databaseUrl: string;
}

/** The production application, listening on loopback, as `npm run start:prod` runs it. */
export async function startBenchApp(env: Record<string, string> = {}): Promise<BenchApp> {
  const databaseUrl = await benchDatabase();
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    DEMO: 'false',
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'error',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'eguichet-bench-data-')),
    ...env,
  });
  const app = await createHttpApp(config, databaseUrl, false);
  await app.listen(0, '127.0.0.1');
  return {
    app,
    url: (await app.getUrl()).replace('[::1]', '127.0.0.1'),
    dataSource: app.get(DataSource),
    config,
    databaseUrl,
  };
}

export interface LoadResult {
  throughput: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** Closed-loop load with autocannon: `connections` clients sending back to back for `seconds`. */
export async function load(options: autocannon.Options): Promise<LoadResult> {
  const result = await autocannon({ connections: 64, duration: 10, ...options });
  return {
    throughput: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
