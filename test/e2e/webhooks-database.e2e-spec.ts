import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import {
  facebookComment,
  signedFacebookDelivery,
  signedXDelivery,
  xMention,
} from '../fakes/platform-senders.js';
import { createChannel, deliveries, PLATFORM_ENV } from '../support/channel-factories.js';
import { createOrganisation } from '../support/factories.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/**
 * The database goes away for a moment: connections to it are refused and the open ones cut, as when
 * PostgreSQL restarts or fails over. A platform must then get a 5xx (so it sends again), never a
 * 200 for a delivery that was not stored.
 */
describe('webhooks while the database is down', () => {
  let t: TestApp;
  let admin: pg.Client;
  let database: string;

  beforeAll(async () => {
    t = await startTestApp(PLATFORM_ENV);
    database = new URL(t.databaseUrl).pathname.slice(1);
    admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_SERVER_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
    await admin.end();
    await t.close();
  });

  async function takeDown(): Promise<void> {
    await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
  }

  async function bringBack(): Promise<void> {
    await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
  }

  it('answers 5xx while deliveries cannot be stored, and 200 once they can (stored once)', async () => {
    const organisation = await createOrganisation(t.dataSource);
    const page = await createChannel(t, organisation.id);
    const account = await createChannel(t, organisation.id, { platform: 'twitter' });
    // Warm the channel lookups first: the database goes down between routing and storing.
    const warm = signedFacebookDelivery(
      facebookComment({ pageId: page.externalId }).payload,
      PLATFORM_ENV.FACEBOOK_APP_SECRET,
    );
    await t.http.post(warm.path).set(warm.headers).send(warm.body).expect(200);
    const warmX = signedXDelivery(
      xMention({ forUserId: account.externalId }).payload,
      PLATFORM_ENV.TWITTER_CONSUMER_SECRET,
    );
    await t.http.post(warmX.path).set(warmX.headers).send(warmX.body).expect(200);

    const facebook = signedFacebookDelivery(
      facebookComment({ pageId: page.externalId }).payload,
      PLATFORM_ENV.FACEBOOK_APP_SECRET,
    );
    const x = signedXDelivery(
      xMention({ forUserId: account.externalId }).payload,
      PLATFORM_ENV.TWITTER_CONSUMER_SECRET,
    );
    const unknownPage = signedFacebookDelivery(
      facebookComment({ pageId: '987654321098765' }).payload,
      PLATFORM_ENV.FACEBOOK_APP_SECRET,
    );

    await takeDown();
    try {
      for (const delivery of [facebook, x, unknownPage, facebook]) {
        const response = await t.http.post(delivery.path).set(delivery.headers).send(delivery.body);
        expect(response.status).toBeGreaterThanOrEqual(500);
        expect(response.body).toMatchObject({ statusCode: response.status });
        expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(js|ts)/);
      }
    } finally {
      await bringBack();
    }

    // The platforms send again: now stored, once.
    for (const delivery of [facebook, x, unknownPage, facebook]) {
      await t.http.post(delivery.path).set(delivery.headers).send(delivery.body).expect(200);
    }
    const stored = await deliveries(t);
    expect(stored.map((row) => row.body).sort()).toEqual(
      [warm.body, warmX.body, facebook.body, x.body, unknownPage.body].sort(),
    );
  });
});
