import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { join } from 'node:path';
import { migrations } from '../migrations/index.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { startEmbeddedDatabase } from './database/embedded-database.js';
import { LOCKS, withAdvisoryLock } from './database/advisory-lock.js';
import { runMigrations } from './database/migrate.js';
import { DemoService } from './demo/demo.service.js';
import { entities } from './entities.js';
import { createHttpApp, jsonLogger } from './http-app.js';
import { OrganisationsService } from './organisations/organisations.service.js';
import { DataSource } from 'typeorm';

const DEFAULT_ORGANISATION = { name: 'Organisation par défaut', slug: 'default' };

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  Logger.overrideLogger(jsonLogger(config));
  const logger = new Logger('Main');
  const embedded = config.databaseUrl ? undefined : await startEmbeddedDatabase(join(config.dataDir, 'pg'));
  const databaseUrl = config.databaseUrl ?? embedded!.url;
  if (embedded) logger.log(`Embedded PostgreSQL in ${join(config.dataDir, 'pg')}`);

  const applied = await runMigrations(dataSourceOptions(databaseUrl, entities, migrations));
  if (applied.length) logger.log(`Migrations applied: ${applied.join(', ')}`);

  const app = await createHttpApp(config, databaseUrl);
  await withAdvisoryLock(app.get(DataSource), LOCKS.seeding, async () => {
    if (config.demo) {
      await app.get(DemoService).seed();
    } else if (config.admin) {
      const organisation = await app.get(OrganisationsService).ensure(DEFAULT_ORGANISATION);
      await app.get(OrganisationsService).ensureOperator(config.admin, organisation.id);
    }
  });
  await app.listen(config.port);
  logger.log(`Listening on ${await app.getUrl()}`);
  if (config.demo) app.get(DemoService).printLogins();

  const stop = async (signal: string) => {
    logger.log(`${signal}: finishing requests in flight`);
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
