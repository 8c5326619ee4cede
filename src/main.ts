import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { migrations } from '../migrations/index.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { startEmbeddedDatabase } from './database/embedded-database.js';
import { LOCKS, withAdvisoryLock } from './database/advisory-lock.js';
import { runMigrations } from './database/migrate.js';
import { ChannelsService } from './channels/channels.service.js';
import { startDemoPlatforms } from './demo/demo-platforms.js';
import { DemoTrafficService } from './demo/demo-traffic.service.js';
import { DemoService } from './demo/demo.service.js';
import { entities } from './entities.js';
import { createHttpApp, jsonLogger } from './http-app.js';
import { OrganisationsService } from './organisations/organisations.service.js';
import { DataSource } from 'typeorm';

const DEFAULT_ORGANISATION = { name: 'Organisation par défaut', slug: 'default' };

async function main(): Promise<void> {
  const loaded = loadConfig(process.env);
  Logger.overrideLogger(jsonLogger(loaded));
  // Demo mode: Facebook and X played on loopback, the configuration pointed at them.
  const played = loaded.demo ? await startDemoPlatforms(loaded) : undefined;
  const config = played?.config ?? loaded;
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
    } else if (config.admin || config.facebook.pageId || config.twitter.userId) {
      const organisation = await app.get(OrganisationsService).ensure(DEFAULT_ORGANISATION);
      if (config.admin) await app.get(OrganisationsService).ensureOperator(config.admin, organisation.id);
      await app.get(ChannelsService).ensureFromEnvironment(organisation.id);
    }
  });
  await app.listen(config.port);
  logger.log(`Listening on ${await app.getUrl()}`);
  if (config.demo) {
    app.get(DemoService).printLogins();
    const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
    app.get(DemoTrafficService).start(`http://127.0.0.1:${port}`);
  }

  const stop = async (signal: string) => {
    logger.log(`${signal}: finishing requests in flight`);
    await app.close();
    await played?.platforms.close();
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
