import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Channel } from '../../src/channels/channel.entity.js';
import {
  DEMO_PAGE_ID,
  DEMO_X_ACCOUNT,
  type PlayedPlatforms,
  startDemoPlatforms,
} from '../../src/demo/demo-platforms.js';
import { DemoTrafficService } from '../../src/demo/demo-traffic.service.js';
import { DemoService } from '../../src/demo/demo.service.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { createHttpApp } from '../../src/http-app.js';
import { DEMO_USERS } from '../../src/demo/demo-organisation.js';
import { deliveries, eventually } from '../support/channel-factories.js';
import { createTestDatabase, dropTestDatabase } from '../support/database.js';
import { startTestApp, testConfig } from '../support/test-app.js';

describe('demo: played Facebook and X, traffic through the real webhooks', () => {
  let app: INestApplication;
  let config: AppConfig;
  let platforms: PlayedPlatforms;
  let databaseUrl: string;
  let baseUrl: string;
  let organisationId: string;

  beforeAll(async () => {
    const demo = await startDemoPlatforms(testConfig({ DEMO: 'true' }));
    config = demo.config;
    platforms = demo.platforms;
    databaseUrl = await createTestDatabase();
    app = await createHttpApp({ ...config, databaseUrl }, databaseUrl, false);
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
    organisationId = await app.get(DemoService).seed();
  });
  afterAll(async () => {
    app.get(DemoTrafficService).stop();
    await app.close();
    await platforms.close();
    await dropTestDatabase(databaseUrl);
  });

  it('points the clients at the fakes and fills in the secrets the platforms would hold', () => {
    expect(config.facebook.graphUrl).toBe(platforms.graph!.url);
    expect(config.twitter.apiUrl).toBe(platforms.x!.url);
    expect(config.facebook.graphUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v25\.0$/);
    for (const value of [
      config.facebook.appSecret,
      config.facebook.verifyToken,
      config.twitter.consumerSecret,
    ]) {
      expect(value).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    }
  });

  it('makes the played page and account channels of the demo organisation, which the fakes accept', async () => {
    const channels = await app
      .get(DataSource)
      .getRepository(Channel)
      .find({ order: { platform: 'ASC' } });
    expect(channels.map((channel) => [channel.platform, channel.externalId, channel.organisationId])).toEqual(
      [
        ['facebook', DEMO_PAGE_ID, organisationId],
        ['twitter', DEMO_X_ACCOUNT.id, organisationId],
      ],
    );
    await app.get(DemoService).seed();
    expect(await app.get(DataSource).getRepository(Channel).count()).toBe(2);

    const http = request(app.getHttpServer() as Server);
    const admin = DEMO_USERS[0];
    const login = await http
      .post('/api/auth/login')
      .send({ email: admin.email, password: admin.password })
      .expect(200);
    const token = (login.body as { accessToken: string }).accessToken;
    for (const channel of channels) {
      const checked = await http
        .post(`/api/channels/${channel.id}/check`)
        .auth(token, { type: 'bearer' })
        .expect(200);
      expect(checked.body).toMatchObject({ status: 'active', alert: null });
    }
    expect(platforms.graph!.callsTo('GET', `/${DEMO_PAGE_ID}/subscribed_apps`)).toHaveLength(1);
    expect(platforms.x!.callsTo('GET', '/2/users/me')).toHaveLength(1);
  });

  it('sends French messages from the training data, signed, through the webhooks, to the demo organisation', async () => {
    const traffic = app.get(DemoTrafficService);
    expect(traffic.running).toBe(false);
    traffic.start(baseUrl, { everyMs: 20 });
    // Until both platforms have spoken and a Facebook text carries an accent.
    const stored = await eventually(async () => {
      const rows = await deliveries({ dataSource: app.get(DataSource) } as never);
      const platforms = new Set(rows.map((row) => row.platform));
      const accented = rows.some((row) => row.platform === 'facebook' && /\\u00e[0-9a-f]/.test(row.body));
      return rows.length >= 6 && platforms.size === 2 && accented && rows;
    }, 'stored deliveries of both platforms');
    traffic.stop();
    expect(stored.every((row) => row.organisation_id === organisationId)).toBe(true);
    expect(new Set(stored.map((row) => row.platform))).toEqual(new Set(['facebook', 'twitter']));
    // Meta's serialisation: French accents travel as \u escapes, never raw.
    expect(stored.filter((row) => row.platform === 'facebook').every((row) => !/[é-ü]/.test(row.body))).toBe(
      true,
    );
  });
});

describe('outside demo mode', () => {
  it('plays nothing and sends nothing', async () => {
    const t = await startTestApp();
    try {
      expect(t.config.playedPlatforms).toEqual({ facebook: false, twitter: false });
      expect(t.config.facebook.graphUrl).toBe('https://graph.facebook.com/v25.0');
      expect(t.app.get(DemoTrafficService).running).toBe(false);
    } finally {
      await t.close();
    }
  });
});
