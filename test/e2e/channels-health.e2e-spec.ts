import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { RECONCILE_CHANNELS } from '../../src/channels/channel-health.service.js';
import { Channel } from '../../src/channels/channel.entity.js';
import { JobsService } from '../../src/jobs/jobs.service.js';
import { OutboxMail } from '../../src/mail/outbox-mail.entity.js';
import { GRAPH_ERRORS, GraphApiFake } from '../fakes/graph-api.fake.js';
import { XApiFake } from '../fakes/x-api.fake.js';
import { SmtpCapture } from '../fakes/smtp-capture.js';
import { createChannel, eventually, PLATFORM_ENV } from '../support/channel-factories.js';
import { createTeam, createUser } from '../support/factories.js';
import { startTestApp, TestApp } from '../support/test-app.js';

describe('channel health: daily check, alerts, one email per breakage', () => {
  let t: TestApp;
  let graph: GraphApiFake;
  let x: XApiFake;
  let smtp: SmtpCapture;

  beforeAll(async () => {
    graph = await GraphApiFake.start({ appId: PLATFORM_ENV.FACEBOOK_APP_ID });
    x = await XApiFake.start();
    smtp = await SmtpCapture.start();
    t = await startTestApp({
      ...PLATFORM_ENV,
      FACEBOOK_GRAPH_URL: graph.url,
      TWITTER_API_URL: x.url,
      SMTP_URL: smtp.url,
      PUBLIC_URL: 'https://eguichet.valdorme.example',
    });
  });
  beforeEach(async () => {
    await t.reset();
    graph.reset();
    x.reset();
    smtp.reset();
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([graph.close(), x.close(), smtp.close()]);
  });

  const channelRow = (id: string) => t.dataSource.getRepository(Channel).findOneByOrFail({ id });
  const check = (token: string, id: string) =>
    t.http.post(`/api/channels/${id}/check`).auth(token, { type: 'bearer' });

  it('finds a subscribed page healthy', async () => {
    const { organisation, tokens } = await createTeam(t);
    const page = await createChannel(t, organisation.id);
    const response = await check(tokens.admin, page.id).expect(200);
    expect(response.body).toMatchObject({ status: 'active', alert: null, checkedAt: expect.any(String) });
    expect(graph.calls).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: `/${page.externalId}/subscribed_apps`,
        accessToken: page.token,
      }),
    ]);
  });

  it('re-subscribes an unsubscribed page and clears the alert when that works', async () => {
    const { organisation, tokens } = await createTeam(t);
    const page = await createChannel(t, organisation.id);
    graph.unsubscribe(page.externalId);
    const response = await check(tokens.admin, page.id).expect(200);
    expect(response.body).toMatchObject({ status: 'active', alert: null });
    expect(graph.callsTo('POST', `/${page.externalId}/subscribed_apps`)).toHaveLength(1);
    expect(graph.isSubscribed(page.externalId)).toBe(true);
  });

  it('raises an alert when re-subscribing fails, and clears it once it works', async () => {
    const { organisation, tokens } = await createTeam(t);
    const page = await createChannel(t, organisation.id, { name: 'Mairie de Brissac' });
    graph.unsubscribe(page.externalId);
    graph.injectError(
      { code: 200, message: '(#200) Permissions error' },
      { method: 'POST', path: `/${page.externalId}/subscribed_apps`, times: 1 },
    );
    const response = await check(tokens.admin, page.id).expect(200);
    expect(response.body).toMatchObject({
      status: 'unsubscribed',
      alert: { text: expect.stringMatching(/désabonnée/) },
    });
    const alerts = await t.http.get('/api/channels/alerts').auth(tokens.cm, { type: 'bearer' }).expect(200);
    expect(alerts.body).toEqual([
      expect.objectContaining({
        channelId: page.id,
        status: 'unsubscribed',
        name: 'Mairie de Brissac',
        text: expect.stringMatching(/réabonnement a échoué/),
      }),
    ]);
    // Only a refused token is worth an email.
    expect(await t.dataSource.getRepository(OutboxMail).count()).toBe(0);

    await check(tokens.admin, page.id).expect(200);
    expect(await channelRow(page.id)).toMatchObject({ status: 'active', alert: null });
  });

  it('checks every active page and X account in the daily job, scheduled once across instances', async () => {
    const { organisation } = await createTeam(t);
    const healthy = await createChannel(t, organisation.id);
    const lost = await createChannel(t, organisation.id);
    const off = await createChannel(t, organisation.id, { active: false });
    const revoked = await createChannel(t, organisation.id, {
      platform: 'twitter',
      externalId: x.account.id,
    });
    graph.unsubscribe(lost.externalId);
    graph.unsubscribe(off.externalId);
    x.refuseToken(revoked.token);
    const [schedule] = await t.dataSource.query<{ cron: string; timezone: string }[]>(
      'SELECT cron, timezone FROM pgboss.schedule WHERE name = $1',
      [RECONCILE_CHANNELS],
    );
    expect(schedule).toEqual({ cron: '15 4 * * *', timezone: 'Europe/Paris' });

    await t.app.get(JobsService).send(RECONCILE_CHANNELS, {});
    await eventually(
      async () =>
        (await channelRow(lost.id)).checkedAt &&
        (await channelRow(healthy.id)).checkedAt &&
        (await channelRow(revoked.id)).status === 'broken',
      'daily check',
    );
    expect(graph.isSubscribed(lost.externalId)).toBe(true);
    expect(x.calls).toEqual([expect.objectContaining({ path: '/2/users/me' })]);
    const [mail] = await smtp.waitForMessages(1);
    expect(mail.parsed.subject).toMatch(/^\[e-guichet\] X : /);
    expect(graph.isSubscribed(off.externalId)).toBe(false);
    expect(graph.calls.some((call) => call.path.startsWith(`/${off.externalId}/`))).toBe(false);
  });

  it('marks a channel whose token is refused broken, shows the alert, and emails the admins once', async () => {
    const { organisation, tokens, users } = await createTeam(t);
    const secondAdmin = await createUser(t.dataSource, organisation.id, 'admin');
    await createUser(t.dataSource, organisation.id, 'admin', { active: false });
    const page = await createChannel(t, organisation.id, { name: 'Département du Val-d’Orme' });
    graph.refuseToken(page.token);

    for (let i = 0; i < 3; i++) await check(tokens.admin, page.id).expect(200);
    await t.app.get(JobsService).send(RECONCILE_CHANNELS, {});
    await eventually(
      async () => graph.calls.filter((call) => call.accessToken === page.token).length >= 4,
      'the daily check to try the page',
    );

    const view = await t.http
      .get(`/api/channels/${page.id}`)
      .auth(tokens.admin, { type: 'bearer' })
      .expect(200);
    expect(view.body).toMatchObject({ status: 'broken', alert: { text: expect.stringMatching(/jeton/) } });
    const alerts = await t.http
      .get('/api/channels/alerts')
      .auth(tokens.admin, { type: 'bearer' })
      .expect(200);
    expect((alerts.body as { text: string }[])[0].text).toMatch(
      /Facebook a refusé le jeton d’accès de la page \(code 190\)/,
    );

    const mails = await t.dataSource.getRepository(OutboxMail).find();
    expect(mails).toHaveLength(1);
    const [message] = await smtp.waitForMessages(1);
    expect(message.envelopeTo.sort()).toEqual([users.admin.email, secondAdmin.email].sort());
    expect(message.parsed.subject).toBe(
      '[e-guichet] Facebook : « Département du Val-d’Orme » est déconnecté',
    );
    expect(message.parsed.text).toContain('Renseignez un nouveau jeton');
    expect(message.parsed.text).toContain(`https://eguichet.valdorme.example/api/channels/${page.id}`);
    expect(message.parsed.text).not.toContain(page.token);
    await eventually(
      async () =>
        (await t.dataSource.getRepository(OutboxMail).findOneByOrFail({ id: mails[0].id })).status === 'sent',
      'sent',
    );
    expect(smtp.messages).toHaveLength(1);

    // A new token mends it; a later refusal is a new breakage, worth a new email.
    await t.http
      .patch(`/api/channels/${page.id}`)
      .auth(tokens.admin, { type: 'bearer' })
      .send({ accessToken: 'new-page-token' })
      .expect(200);
    await check(tokens.admin, page.id).expect(200);
    expect(await channelRow(page.id)).toMatchObject({ status: 'active', alert: null });
    graph.refuseToken('new-page-token');
    await check(tokens.admin, page.id).expect(200);
    await smtp.waitForMessages(2);
    expect(await t.dataSource.getRepository(OutboxMail).count()).toBe(2);
  });

  it('checks an X account with its token: right account active; refused token broken, one email', async () => {
    const { organisation, tokens } = await createTeam(t);
    const account = await createChannel(t, organisation.id, {
      platform: 'twitter',
      externalId: x.account.id,
    });
    const checked = await check(tokens.admin, account.id).expect(200);
    expect(checked.body).toMatchObject({ status: 'active' });
    expect(x.calls[0]).toMatchObject({ path: '/2/users/me', auth: { kind: 'bearer', token: account.token } });

    const other = await createChannel(t, organisation.id, { platform: 'twitter' });
    const mismatch = await check(tokens.admin, other.id).expect(200);
    expect(mismatch.body).toMatchObject({
      status: 'broken',
      alert: { text: expect.stringMatching(/@CD_ValdOrme/) },
    });

    x.refuseToken(account.token);
    await check(tokens.admin, account.id).expect(200);
    await check(tokens.admin, account.id).expect(200);
    expect(await channelRow(account.id)).toMatchObject({ status: 'broken' });
    const mails = await t.dataSource.getRepository(OutboxMail).find({ order: { createdAt: 'ASC' } });
    expect(mails.map((mail) => mail.subject)).toEqual([
      '[e-guichet] X : « Compte de test » est déconnecté',
      '[e-guichet] X : « Compte de test » est déconnecté',
    ]);
    expect(mails[1].text).toMatch(/X a refusé le jeton d’accès du compte \(HTTP 401\)/);
  });

  it('answers 503 when the platform cannot be reached, changing nothing', async () => {
    const { organisation, tokens } = await createTeam(t);
    const page = await createChannel(t, organisation.id);
    graph.injectError(GRAPH_ERRORS.temporary, { times: 1 });
    const response = await check(tokens.admin, page.id).expect(503);
    expect(response.body).toMatchObject({ statusCode: 503 });
    expect(await channelRow(page.id)).toMatchObject({ status: 'active', alert: null });
  });
});
