import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '../../src/config/app-config.js';
import { createHttpApp } from '../../src/http-app.js';
import { createTestDatabase, dropTestDatabase, emptyDatabase } from './database.js';

/** Cheap scrypt parameters: the tests check behaviour, not the cost of guessing. */
export const TEST_PASSWORD_COST = { N: 1024, r: 8, p: 1 };

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  dataSource: DataSource;
  config: AppConfig;
  databaseUrl: string;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export function testConfig(env: Record<string, string> = {}): AppConfig {
  const config = loadConfig(
    {
      DATABASE_URL: 'postgres://unused-here/replaced-per-test',
      DEMO: 'false',
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'error',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'eguichet-data-')),
      ...env,
    },
    process.cwd(),
  );
  return { ...config, passwordCost: TEST_PASSWORD_COST };
}

/** The real application on a database of its own, talking HTTP through supertest. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = testConfig(env);
  const databaseUrl = await createTestDatabase();
  const app = await createHttpApp({ ...config, databaseUrl }, databaseUrl, false);
  await app.init();
  const dataSource = app.get(DataSource);
  return {
    app,
    http: request(app.getHttpServer() as Server),
    dataSource,
    config,
    databaseUrl,
    reset: () => emptyDatabase(dataSource),
    close: async () => {
      await app.close();
      await dropTestDatabase(databaseUrl);
    },
  };
}
