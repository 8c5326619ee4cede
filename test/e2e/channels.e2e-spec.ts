import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Channel } from '../../src/channels/channel.entity.js';
import { ChannelsService } from '../../src/channels/channels.service.js';
import { SecretBox } from '../../src/common/secret-box.js';
import { Organisation } from '../../src/organisations/organisation.entity.js';
import { createTeam } from '../support/factories.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const PAGE_TOKEN = 'EAAB-page-token-very-secret-123';

describe('channels API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      FACEBOOK_PAGE_ID: '100473908465587',
      FACEBOOK_PAGE_TOKEN: 'env-page-token',
      TWITTER_USER_ID: '2244994945',
      TWITTER_ACCESS_TOKEN: 'env-x-token',
      TWITTER_ACCESS_SECRET: 'env-x-secret',
    });
  });
  beforeEach(() => t.reset());
  afterAll(() => t.close());

  const rawChannel = async (id: string) =>
    (
      await t.dataSource.query<
        { access_token: string; access_secret: string | null; secret_key_id: string }[]
      >('SELECT access_token, access_secret, secret_key_id FROM channel WHERE id = $1', [id])
    )[0];

  it('lets an admin connect a page: token sealed at rest, never returned', async () => {
    const { tokens } = await createTeam(t);
    const created = await t.http
      .post('/api/channels')
      .auth(tokens.admin, { type: 'bearer' })
      .send({ platform: 'facebook', externalId: '111111111111111', name: 'Mairie', accessToken: PAGE_TOKEN })
      .expect(201);
    const view = created.body as Record<string, unknown>;
    expect(view).toMatchObject({
      platform: 'facebook',
      externalId: '111111111111111',
      name: 'Mairie',
      status: 'active',
      active: true,
      alert: null,
      hasAccessToken: true,
      hasAccessSecret: false,
    });
    expect(JSON.stringify(view)).not.toContain(PAGE_TOKEN);
    expect(Object.keys(view)).not.toEqual(expect.arrayContaining(['accessToken']));

    const raw = await rawChannel(view.id as string);
    expect(raw.access_token).not.toContain(PAGE_TOKEN);
    expect(raw.access_token).toMatch(/^v1\./);
    const box = new SecretBox(t.config.encryptionKey);
    expect(raw.secret_key_id).toBe(box.keyId);
    expect(box.open(raw.access_token)).toBe(PAGE_TOKEN);

    for (const path of ['/api/channels', `/api/channels/${view.id as string}`]) {
      const read = await t.http.get(path).auth(tokens.admin, { type: 'bearer' }).expect(200);
      expect(JSON.stringify(read.body)).not.toContain(PAGE_TOKEN);
    }
    const audit = await t.http.get('/api/audit').auth(tokens.admin, { type: 'bearer' }).expect(200);
    expect(JSON.stringify(audit.body)).not.toContain(PAGE_TOKEN);
  });

  it('seals an X account’s token and OAuth secret', async () => {
    const { tokens } = await createTeam(t);
    const created = await t.http
      .post('/api/channels')
      .auth(tokens.admin, { type: 'bearer' })
      .send({
        platform: 'twitter',
        externalId: '1111111111111111111',
        name: 'Compte X',
        accessToken: 'x-token',
        accessSecret: 'x-secret-value',
      })
      .expect(201);
    expect(created.body).toMatchObject({ hasAccessToken: true, hasAccessSecret: true });
    const raw = await rawChannel((created.body as { id: string }).id);
    expect(raw.access_secret).not.toContain('x-secret-value');
    expect(new SecretBox(t.config.encryptionKey).open(raw.access_secret!)).toBe('x-secret-value');
  });

  it('refuses a page already connected, in this organisation or another (409), changing nothing', async () => {
    const ours = await createTeam(t);
    const theirs = await createTeam(t);
    const body = { platform: 'facebook', externalId: '222222222222222', name: 'Page', accessToken: 'a' };
    await t.http.post('/api/channels').auth(ours.tokens.admin, { type: 'bearer' }).send(body).expect(201);
    await t.http.post('/api/channels').auth(ours.tokens.admin, { type: 'bearer' }).send(body).expect(409);
    await t.http.post('/api/channels').auth(theirs.tokens.admin, { type: 'bearer' }).send(body).expect(409);
    expect(await t.dataSource.getRepository(Channel).count()).toBe(1);
    // The same id on the other platform is another channel.
    await t.http
      .post('/api/channels')
      .auth(ours.tokens.admin, { type: 'bearer' })
      .send({ ...body, platform: 'twitter' })
      .expect(201);
  });

  it.each([
    ['an unknown platform', { platform: 'myspace' }],
    ['a non-numeric id', { externalId: 'mairie' }],
    ['no token', { accessToken: undefined }],
    ['an empty name', { name: '' }],
    ['an extra field', { organisationId: '00000000-0000-4000-8000-000000000000' }],
    ['a secret for a Facebook page', { accessSecret: 's' }],
    ['a status', { status: 'active' }],
  ])('refuses %s (400), changing nothing', async (_, change) => {
    const { tokens } = await createTeam(t);
    await t.http
      .post('/api/channels')
      .auth(tokens.admin, { type: 'bearer' })
      .send({
        platform: 'facebook',
        externalId: '333333333333333',
        name: 'Page',
        accessToken: 'a',
        ...change,
      })
      .expect(400);
    expect(await t.dataSource.getRepository(Channel).count()).toBe(0);
  });

  it('keeps channels to admins (cm may read alerts), and answers another organisation’s channel 404', async () => {
    const ours = await createTeam(t);
    const theirs = await createTeam(t);
    const created = await t.http
      .post('/api/channels')
      .auth(theirs.tokens.admin, { type: 'bearer' })
      .send({ platform: 'facebook', externalId: '444444444444444', name: 'Leur page', accessToken: 'a' })
      .expect(201);
    const id = (created.body as { id: string }).id;
    for (const role of ['cm', 'agent', 'official'] as const) {
      await t.http.get('/api/channels').auth(ours.tokens[role], { type: 'bearer' }).expect(403);
      await t.http
        .post('/api/channels')
        .auth(ours.tokens[role], { type: 'bearer' })
        .send({ platform: 'facebook', externalId: '555555555555555', name: 'P', accessToken: 'a' })
        .expect(403);
    }
    await t.http.get('/api/channels/alerts').auth(ours.tokens.cm, { type: 'bearer' }).expect(200);
    await t.http.get('/api/channels/alerts').auth(ours.tokens.agent, { type: 'bearer' }).expect(403);
    await t.http.get('/api/channels').expect(401);

    await t.http.get(`/api/channels/${id}`).auth(ours.tokens.admin, { type: 'bearer' }).expect(404);
    await t.http
      .patch(`/api/channels/${id}`)
      .auth(ours.tokens.admin, { type: 'bearer' })
      .send({ name: 'Piratée', accessToken: 'stolen' })
      .expect(404);
    await t.http.post(`/api/channels/${id}/check`).auth(ours.tokens.admin, { type: 'bearer' }).expect(404);
    const list = await t.http.get('/api/channels').auth(ours.tokens.admin, { type: 'bearer' }).expect(200);
    expect(list.body).toEqual([]);
    const theirView = await t.http
      .get(`/api/channels/${id}`)
      .auth(theirs.tokens.admin, { type: 'bearer' })
      .expect(200);
    expect((theirView.body as { name: string }).name).toBe('Leur page');
    expect(new SecretBox(t.config.encryptionKey).open((await rawChannel(id)).access_token)).toBe('a');
  });

  it('updates name, token and active; a new token clears a broken status', async () => {
    const { tokens, organisation } = await createTeam(t);
    const created = await t.http
      .post('/api/channels')
      .auth(tokens.admin, { type: 'bearer' })
      .send({ platform: 'facebook', externalId: '666666666666666', name: 'Page', accessToken: 'old' })
      .expect(201);
    const id = (created.body as { id: string }).id;
    await t.dataSource
      .getRepository(Channel)
      .update(
        { id, organisationId: organisation.id },
        { status: 'broken', alert: 'Jeton refusé', alertedAt: new Date() },
      );
    const alerts = await t.http
      .get('/api/channels/alerts')
      .auth(tokens.admin, { type: 'bearer' })
      .expect(200);
    expect(alerts.body).toEqual([
      expect.objectContaining({
        channelId: id,
        status: 'broken',
        text: 'Jeton refusé',
        platform: 'facebook',
      }),
    ]);

    const renamed = await t.http
      .patch(`/api/channels/${id}`)
      .auth(tokens.admin, { type: 'bearer' })
      .send({ name: 'Mairie', active: false })
      .expect(200);
    expect(renamed.body).toMatchObject({ name: 'Mairie', active: false, status: 'broken' });

    const fixed = await t.http
      .patch(`/api/channels/${id}`)
      .auth(tokens.admin, { type: 'bearer' })
      .send({ accessToken: 'new-token' })
      .expect(200);
    expect(fixed.body).toMatchObject({ status: 'active', alert: null });
    expect(JSON.stringify(fixed.body)).not.toContain('new-token');
    expect(new SecretBox(t.config.encryptionKey).open((await rawChannel(id)).access_token)).toBe('new-token');
    await t.http.get('/api/channels/alerts').auth(tokens.admin, { type: 'bearer' }).expect(200, []);

    await t.http
      .patch(`/api/channels/${id}`)
      .auth(tokens.admin, { type: 'bearer' })
      .send({ platform: 'twitter' })
      .expect(400);
    await t.http
      .patch(`/api/channels/${id}`)
      .auth(tokens.admin, { type: 'bearer' })
      .send({ accessSecret: 's' })
      .expect(400);
    await t.http
      .patch('/api/channels/not-a-uuid')
      .auth(tokens.admin, { type: 'bearer' })
      .send({ name: 'x' })
      .expect(400);
  });

  it('makes the environment’s page and account channels of the given organisation, idempotently', async () => {
    const { organisation } = await createTeam(t);
    const channels = t.app.get(ChannelsService);
    await channels.ensureFromEnvironment(organisation.id);
    await channels.ensureFromEnvironment(organisation.id);
    const rows = await t.dataSource.getRepository(Channel).find({ order: { platform: 'ASC' } });
    expect(rows.map((row) => [row.platform, row.externalId, row.organisationId])).toEqual([
      ['facebook', '100473908465587', organisation.id],
      ['twitter', '2244994945', organisation.id],
    ]);
    const box = new SecretBox(t.config.encryptionKey);
    expect(box.open(rows[0].accessToken!)).toBe('env-page-token');
    expect(box.open(rows[1].accessSecret!)).toBe('env-x-secret');

    // A token changed elsewhere is replaced by the environment's at the next start.
    await t.dataSource.getRepository(Channel).update({ id: rows[0].id }, { accessToken: box.seal('other') });
    await channels.ensureFromEnvironment(organisation.id);
    const again = await t.dataSource.getRepository(Channel).findOneByOrFail({ id: rows[0].id });
    expect(box.open(again.accessToken!)).toBe('env-page-token');

    // Another organisation does not take them over.
    const other = await t.dataSource
      .getRepository(Organisation)
      .save({ name: 'Autre', slug: 'autre', territory: [], signature: null });
    await channels.ensureFromEnvironment(other.id);
    expect(await t.dataSource.getRepository(Channel).countBy({ organisationId: other.id })).toBe(0);
  });

  it('documents the channel routes', async () => {
    const response = await t.http.get('/docs-json').expect(200);
    const paths = (response.body as { paths: Record<string, Record<string, { responses: object }>> }).paths;
    expect(Object.keys(paths['/api/channels'].post.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '409']),
    );
    expect(paths['/webhooks/facebook'].post).toBeDefined();
    expect(paths['/webhooks/twitter'].get).toBeDefined();
  });
});
