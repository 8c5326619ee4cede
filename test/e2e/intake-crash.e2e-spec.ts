import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { entities } from '../../src/entities.js';
import {
  facebookComment,
  messengerText,
  sendDelivery,
  signedFacebookDelivery,
} from '../fakes/platform-senders.js';
import { startService, type ServiceProcess } from '../support/child/service-process.js';
import { createTestDatabase, dropTestDatabase } from '../support/database.js';
import { createOrganisation } from '../support/factories.js';
import { createChannel, eventually, INTAKE_ENV } from '../support/ticket-factories.js';

describe('intake: a process killed after acknowledging', () => {
  let databaseUrl: string;
  let dataSource: DataSource;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    dataSource = new DataSource(dataSourceOptions(databaseUrl, entities, migrations));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await service?.kill();
    await dataSource.destroy();
    await dropTestDatabase(databaseUrl);
  });

  const count = async (table: string, organisationId: string) =>
    Number(
      (
        await dataSource.query<{ n: string }[]>(
          `SELECT count(*) AS n FROM "${table}" WHERE organisation_id = $1`,
          [organisationId],
        )
      )[0].n,
    );

  it('turns what it acknowledged into tickets after a restart (SIGKILL after the 200, before processing)', async () => {
    const organisation = await createOrganisation(dataSource);
    const page = await createChannel(dataSource, organisation.id, 'facebook');
    const env = {
      DATABASE_URL: databaseUrl,
      DEMO: 'false',
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      JWT_SECRET: randomBytes(32).toString('hex'),
      FACEBOOK_APP_SECRET: INTAKE_ENV.FACEBOOK_APP_SECRET,
    };
    service = await startService(env);

    // Processing cannot finish while this lock is held: the deliveries are acknowledged, not processed.
    const blocker = dataSource.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    await blocker.query('LOCK TABLE contact IN SHARE ROW EXCLUSIVE MODE');
    try {
      for (const payload of [
        facebookComment({ pageId: page.externalId }).payload,
        messengerText({ pageId: page.externalId }).payload,
      ]) {
        const answer = await sendDelivery(
          service.url,
          signedFacebookDelivery(payload, INTAKE_ENV.FACEBOOK_APP_SECRET),
        );
        expect(answer.status).toBe(200);
      }
      await service.kill();
      expect(await count('delivery', organisation.id)).toBe(2);
      expect(await count('ticket', organisation.id)).toBe(0);
    } finally {
      await blocker.rollbackTransaction();
      await blocker.release();
    }

    service = await startService(env);
    await eventually(
      async () => (await count('ticket', organisation.id)) === 2,
      'the tickets after the restart',
    );
    expect(await count('message', organisation.id)).toBe(2);
    const [{ statuses }] = await dataSource.query<{ statuses: string[] }[]>(
      'SELECT array_agg(DISTINCT status) AS statuses FROM delivery WHERE organisation_id = $1',
      [organisation.id],
    );
    expect(statuses).toEqual(['processed']);
  });
});
