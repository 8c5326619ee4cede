import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Channel } from '../../src/channels/channel.entity.js';
import {
  expectedCrcResponse,
  facebookBatch,
  facebookComment,
  facebookEnvelope,
  facebookFeedEntry,
  facebookVerificationQuery,
  messengerText,
  messengerUnknownEvent,
  metaJson,
  signedFacebookDelivery,
  signedXDelivery,
  SignedDelivery,
  xaaMention,
  xMention,
  xRevoke,
  xUnknownEvent,
} from '../fakes/platform-senders.js';
import { createChannel, deliveries, eventually, PLATFORM_ENV } from '../support/channel-factories.js';
import { createOrganisation, createTeam, createUser, login } from '../support/factories.js';
import { startTestApp, TestApp } from '../support/test-app.js';

describe('webhooks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(PLATFORM_ENV);
  });
  beforeEach(() => t.reset());
  afterAll(() => t.close());

  const post = (delivery: SignedDelivery) =>
    t.http.post(delivery.path).set(delivery.headers).send(delivery.body);
  const fb = (payload: unknown, options = {}) =>
    signedFacebookDelivery(payload, PLATFORM_ENV.FACEBOOK_APP_SECRET, options);
  const x = (payload: unknown, options = {}) =>
    signedXDelivery(payload, PLATFORM_ENV.TWITTER_CONSUMER_SECRET, options);

  async function page() {
    const organisation = await createOrganisation(t.dataSource);
    const channel = await createChannel(t, organisation.id, { platform: 'facebook' });
    return { organisation, channel };
  }

  describe('handshakes', () => {
    it('answers Meta’s verification with the challenge as plain text', async () => {
      const response = await t.http
        .get('/webhooks/facebook')
        .query(facebookVerificationQuery(PLATFORM_ENV.FACEBOOK_VERIFY_TOKEN, '1158201444'))
        .expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      expect(response.text).toBe('1158201444');
    });

    it('answers the documented verification request', async () => {
      const response = await t.http
        .get(
          `/webhooks/facebook?hub.verify_token=${PLATFORM_ENV.FACEBOOK_VERIFY_TOKEN}&hub.challenge=CHALLENGE_ACCEPTED&hub.mode=subscribe`,
        )
        .expect(200);
      expect(response.text).toBe('CHALLENGE_ACCEPTED');
    });

    it.each([
      ['a wrong token', { 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong', 'hub.challenge': '1' }],
      [
        'another mode',
        { 'hub.mode': 'unsubscribe', 'hub.verify_token': 'test-verify-token', 'hub.challenge': '1' },
      ],
      ['no parameters', {}],
    ])('refuses a verification with %s (403)', async (_, query) => {
      const response = await t.http.get('/webhooks/facebook').query(query).expect(403);
      expect(response.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    });

    it('answers X’s CRC with the HMAC of the token', async () => {
      const response = await t.http
        .get('/webhooks/twitter')
        .query({ crc_token: 'challenge_string' })
        .expect(200);
      expect(response.body).toEqual({
        response_token: 'sha256=583uAmerwtjpykYEAEm+CEIRm6dOywK4QKRr0ha/Pd4=',
      });
      expect(response.body).toEqual(
        expectedCrcResponse('challenge_string', PLATFORM_ENV.TWITTER_CONSUMER_SECRET),
      );
    });

    it('refuses a CRC without crc_token (400)', async () => {
      const response = await t.http.get('/webhooks/twitter').expect(400);
      expect(response.body).toMatchObject({ statusCode: 400 });
      await t.http.get('/webhooks/twitter').query({ crc_token: '' }).expect(400);
    });
  });

  describe('Facebook deliveries', () => {
    it('stores a signed delivery with its organisation, exact bytes and signature headers, then answers 200', async () => {
      const { organisation, channel } = await page();
      const { payload } = facebookComment({
        pageId: channel.externalId,
        message: 'Nid-de-poule rue de l’Église / près de l’école',
      });
      const delivery = fb(payload);
      expect(delivery.body).toContain('\\u2019');
      expect(delivery.body).toContain('\\/');
      await post(delivery).expect(200);
      const [stored, ...others] = await deliveries(t);
      expect(others).toHaveLength(0);
      expect(stored).toMatchObject({
        organisation_id: organisation.id,
        channel_id: channel.id,
        channel_external_id: channel.externalId,
        platform: 'facebook',
        source: 'webhook',
        body: delivery.body,
      });
      expect(stored.headers['x-hub-signature-256']).toBe(delivery.headers['x-hub-signature-256']);
      expect(Object.keys(stored.headers)).not.toContain('authorization');
    });

    it('accepts the legacy sha1 signature alone', async () => {
      const { channel } = await page();
      await post(fb(messengerText({ pageId: channel.externalId }).payload, { sha256: false })).expect(200);
      expect(await deliveries(t)).toHaveLength(1);
    });

    describe('bad input changes nothing', () => {
      it('refuses a missing signature (401)', async () => {
        const { channel } = await page();
        const response = await post(
          fb(messengerText({ pageId: channel.externalId }).payload, { sha256: false, sha1: false }),
        ).expect(401);
        expect(response.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
        expect(await deliveries(t)).toHaveLength(0);
      });

      it('refuses a wrong signature (401): another secret, or a bad sha256 with a good sha1', async () => {
        const { channel } = await page();
        const payload = messengerText({ pageId: channel.externalId }).payload;
        await post(fb(payload, { secret: 'not-the-app-secret' })).expect(401);
        const mixed = fb(payload);
        mixed.headers['x-hub-signature-256'] = `sha256=${'0'.repeat(64)}`;
        await post(mixed).expect(401);
        expect(await deliveries(t)).toHaveLength(0);
      });

      it('refuses a signature over different bytes (401): the decoded UTF-8 form, re-serialised JSON', async () => {
        const { channel } = await page();
        const { payload } = facebookComment({ pageId: channel.externalId, message: 'Café fermé' });
        const escaped = metaJson(payload);
        await post(fb(payload, { signBody: JSON.stringify(payload) })).expect(401);
        await post(fb(payload, { rawBody: JSON.stringify(payload), signBody: escaped })).expect(401);
        await post(fb(payload, { rawBody: `${escaped}\n`, signBody: escaped })).expect(401);
        expect(await deliveries(t)).toHaveLength(0);
      });

      it('checks the signature before parsing: unsigned garbage is 401, signed garbage 400', async () => {
        await post(fb(null, { rawBody: '{"object":"page","entry":[', sha256: false, sha1: false })).expect(
          401,
        );
        await post(fb(null, { rawBody: '{"object":"page","entry":[', secret: 'wrong' })).expect(401);
        const response = await post(fb(null, { rawBody: '{"object":"page","entry":[' })).expect(400);
        expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
        await post(fb(null, { rawBody: '' })).expect(400);
        expect(await deliveries(t)).toHaveLength(0);
      });

      it('refuses a body over 1 MiB (413), signed or not', async () => {
        const { channel } = await page();
        const big = facebookComment({ pageId: channel.externalId, message: 'x'.repeat(1024 * 1024) }).payload;
        const response = await post(fb(big)).expect(413);
        expect(response.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
        await post(fb(big, { sha256: false, sha1: false })).expect(413);
        expect(await deliveries(t)).toHaveLength(0);
      });
    });

    describe('odd but signed input: stored, 200', () => {
      it('stores a wrong object type (for the normaliser to ignore)', async () => {
        const { channel } = await page();
        await post(fb(facebookEnvelope([facebookFeedEntry(channel.externalId, [])], 'instagram'))).expect(
          200,
        );
        expect(await deliveries(t)).toHaveLength(1);
      });

      it('stores an entry without id as unroutable', async () => {
        const entry = facebookFeedEntry('0', [{ field: 'feed', value: { item: 'comment', verb: 'add' } }]);
        delete entry.id;
        await post(fb(facebookEnvelope([entry]))).expect(200);
        const [stored] = await deliveries(t);
        expect(stored).toMatchObject({
          organisation_id: null,
          channel_external_id: null,
          status: 'unroutable',
        });
      });

      it('stores a change with an unknown field or item, and a Messenger event of no known kind', async () => {
        const { organisation, channel } = await page();
        await post(
          fb(
            facebookEnvelope([
              facebookFeedEntry(channel.externalId, [
                { field: 'ratings', value: { item: 'rating', verb: 'add' } },
              ]),
            ]),
          ),
        ).expect(200);
        await post(
          fb(
            facebookEnvelope([
              facebookFeedEntry(channel.externalId, [
                { field: 'feed', value: { item: 'hologram', verb: 'add' } },
              ]),
            ]),
          ),
        ).expect(200);
        await post(fb(messengerUnknownEvent({ pageId: channel.externalId }))).expect(200);
        const stored = await deliveries(t);
        expect(stored).toHaveLength(3);
        expect(stored.every((row) => row.organisation_id === organisation.id)).toBe(true);
      });

      it('stores a JSON body that is not an envelope as unroutable', async () => {
        await post(fb([1, 2, 3])).expect(200);
        await post(fb('page')).expect(200);
        expect((await deliveries(t)).map((row) => row.status)).toEqual(['unroutable', 'unroutable']);
      });
    });

    it('splits a batch by page: one stored delivery per page, each with its organisation; unknown pages unroutable', async () => {
      const first = await page();
      const second = await page();
      const batch = facebookBatch(
        facebookComment({ pageId: first.channel.externalId }).payload,
        messengerText({ pageId: second.channel.externalId }).payload,
        facebookComment({ pageId: first.channel.externalId }).payload,
        facebookComment({ pageId: '999999999999999' }).payload,
      );
      const delivery = fb(batch);
      await post(delivery).expect(200);
      const stored = await deliveries(t);
      expect(stored.map((row) => [row.channel_external_id, row.organisation_id]).sort()).toEqual(
        [
          [first.channel.externalId, first.organisation.id],
          [second.channel.externalId, second.organisation.id],
          ['999999999999999', null],
        ].sort(),
      );
      expect(new Set(stored.map((row) => row.body))).toEqual(new Set([delivery.body]));
    });

    it('does not route to a switched-off channel', async () => {
      const { channel } = await page();
      await t.dataSource.getRepository(Channel).update({ id: channel.id }, { active: false });
      await post(fb(messengerText({ pageId: channel.externalId }).payload)).expect(200);
      const [stored] = await deliveries(t);
      expect(stored).toMatchObject({ organisation_id: null, status: 'unroutable' });
    });

    it('stores the same delivery once, sent twice or ten times in parallel', async () => {
      const { channel } = await page();
      const delivery = fb(facebookComment({ pageId: channel.externalId }).payload);
      await post(delivery).expect(200);
      await post(delivery).expect(200);
      expect(await deliveries(t)).toHaveLength(1);

      const parallel = fb(messengerText({ pageId: channel.externalId }).payload);
      const answers = await Promise.all(Array.from({ length: 10 }, () => post(parallel)));
      expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
      const rows = await deliveries(t);
      expect(rows.filter((row) => row.body === parallel.body)).toHaveLength(1);
      expect(rows).toHaveLength(2);
    });
  });

  it('counts deliveries by platform and outcome in /metrics', async () => {
    const { channel } = await page();
    await post(fb(messengerText({ pageId: channel.externalId }).payload)).expect(200);
    await post(fb(messengerText({ pageId: channel.externalId }).payload, { secret: 'wrong' })).expect(401);
    const metrics = await t.http.get('/metrics').expect(200);
    expect(metrics.text).toMatch(/webhook_deliveries_total\{platform="facebook",outcome="stored"\} [1-9]/);
    expect(metrics.text).toMatch(
      /webhook_deliveries_total\{platform="facebook",outcome="unauthorized"\} [1-9]/,
    );
  });

  describe('answers like every route (served ahead of Express)', () => {
    it('keeps a harmless X-Request-Id, makes one otherwise, and counts the route in /metrics', async () => {
      const { channel } = await page();
      const delivery = fb(messengerText({ pageId: channel.externalId }).payload);
      const kept = await post(delivery).set('X-Request-Id', 'meta-delivery-0001').expect(200);
      expect(kept.headers['x-request-id']).toBe('meta-delivery-0001');
      expect(kept.headers['content-type']).toMatch(/^application\/json/);
      expect(kept.body).toEqual({ status: 'received' });
      const made = await post(delivery).set('X-Request-Id', 'no spaces please').expect(200);
      expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const metrics = await t.http.get('/metrics').expect(200);
      expect(metrics.text).toMatch(
        /http_requests_total\{method="POST",route="\/webhooks\/facebook",status="200"\} 2/,
      );
    });

    it('matches the path as Express does: any case, a trailing slash, a query string', async () => {
      const { channel } = await page();
      const delivery = fb(messengerText({ pageId: channel.externalId }).payload);
      await t.http
        .post('/Webhooks/Facebook/?from=meta')
        .set(delivery.headers)
        .send(delivery.body)
        .expect(200);
      expect(await deliveries(t)).toHaveLength(1);
    });

    it('refuses a compressed body (415) without storing it', async () => {
      const { channel } = await page();
      const delivery = fb(messengerText({ pageId: channel.externalId }).payload);
      const response = await post(delivery).set('Content-Encoding', 'gzip').expect(415);
      expect(response.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
      expect(await deliveries(t)).toHaveLength(0);
    });

    it('leaves other methods and paths to the framework', async () => {
      const response = await t.http.put('/webhooks/facebook').send({}).expect(404);
      expect(response.body).toMatchObject({ statusCode: 404 });
      await t.http.post('/webhooks/instagram').send({}).expect(404);
    });

    it('documents both delivery routes', async () => {
      const response = await t.http.get('/docs-json').expect(200);
      const paths = (response.body as { paths: Record<string, Record<string, { responses: object }>> }).paths;
      for (const path of ['/webhooks/facebook', '/webhooks/twitter']) {
        expect(Object.keys(paths[path].post.responses)).toEqual(
          expect.arrayContaining(['200', '400', '401', '413', '503']),
        );
        expect(paths[path].get).toBeDefined();
      }
    });
  });

  describe('unroutable deliveries', () => {
    it('are stored, answered 200, and listed for the platform operator only', async () => {
      const unknown = facebookComment({ pageId: '123456789012345', message: 'Bonjour' }).payload;
      await post(fb(unknown)).expect(200);
      await post(x(xMention({ forUserId: '42' }).payload)).expect(200);
      const team = await createTeam(t);
      const operator = await createUser(t.dataSource, team.organisation.id, 'admin', { operator: true });
      const token = await login(t, operator.email);
      const list = await t.http.get('/api/intake/unroutable').auth(token, { type: 'bearer' }).expect(200);
      const body = list.body as { items: { platform: string; channelExternalId: string; excerpt: string }[] };
      expect(body.items.map((item) => [item.platform, item.channelExternalId])).toEqual([
        ['twitter', '42'],
        ['facebook', '123456789012345'],
      ]);
      const paged = await t.http
        .get('/api/intake/unroutable?limit=1')
        .auth(token, { type: 'bearer' })
        .expect(200);
      const next = (paged.body as { nextCursor: string }).nextCursor;
      expect(next).toEqual(expect.any(String));
      const rest = await t.http
        .get('/api/intake/unroutable')
        .query({ limit: 1, cursor: next })
        .auth(token, { type: 'bearer' })
        .expect(200);
      expect((rest.body as { items: { platform: string }[] }).items.map((item) => item.platform)).toEqual([
        'facebook',
      ]);
      await t.http.get('/api/intake/unroutable').auth(team.tokens.admin, { type: 'bearer' }).expect(403);
      await t.http.get('/api/intake/unroutable').expect(401);
    });
  });

  describe('X deliveries', () => {
    async function account() {
      const organisation = await createOrganisation(t.dataSource);
      const channel = await createChannel(t, organisation.id, { platform: 'twitter' });
      return { organisation, channel };
    }

    it('stores an Account Activity delivery for the account, exact bytes', async () => {
      const { organisation, channel } = await account();
      const delivery = x(
        xMention({ forUserId: channel.externalId, text: '@CD_ValdOrme la route est coupée à Brézé 🚧' })
          .payload,
      );
      await post(delivery).expect(200);
      const [stored] = await deliveries(t);
      expect(stored).toMatchObject({
        organisation_id: organisation.id,
        channel_id: channel.id,
        platform: 'twitter',
        body: delivery.body,
      });
      expect(stored.headers['x-twitter-webhooks-signature']).toBe(
        delivery.headers['x-twitter-webhooks-signature'],
      );
    });

    it('routes an X Activity API delivery by its filter', async () => {
      const { organisation, channel } = await account();
      await post(x(xaaMention({ forUserId: channel.externalId }).payload)).expect(200);
      const [stored] = await deliveries(t);
      expect(stored.organisation_id).toBe(organisation.id);
    });

    it('stores a delivery with an unknown event key (200)', async () => {
      const { organisation, channel } = await account();
      await post(x(xUnknownEvent({ forUserId: channel.externalId }))).expect(200);
      expect((await deliveries(t))[0].organisation_id).toBe(organisation.id);
    });

    it('refuses missing and wrong signatures (401), signatures over other bytes (401), and signed garbage (400)', async () => {
      const { channel } = await account();
      const payload = xMention({ forUserId: channel.externalId }).payload;
      await post(x(payload, { unsigned: true })).expect(401);
      await post(x(payload, { secret: 'other' })).expect(401);
      await post(x(payload, { signBody: JSON.stringify(payload, null, 1) })).expect(401);
      const hex = x(payload);
      hex.headers['x-twitter-webhooks-signature'] =
        'sha256=' +
        Buffer.from(hex.headers['x-twitter-webhooks-signature'].slice(7), 'base64').toString('hex');
      await post(hex).expect(401);
      await post(x(null, { rawBody: '{"for_user_id":' })).expect(400);
      await post(x(null, { rawBody: '{"for_user_id":', unsigned: true })).expect(401);
      await post(x({ for_user_id: channel.externalId, pad: 'y'.repeat(1024 * 1024) })).expect(413);
      expect(await deliveries(t)).toHaveLength(0);
    });

    it('stores the same delivery once, ten times in parallel', async () => {
      const { channel } = await account();
      const delivery = x(xMention({ forUserId: channel.externalId }).payload);
      const answers = await Promise.all(Array.from({ length: 10 }, () => post(delivery)));
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
      expect(await deliveries(t)).toHaveLength(1);
    });

    it('marks the account broken when it revokes the app', async () => {
      const team = await createTeam(t);
      const channel = await createChannel(t, team.organisation.id, { platform: 'twitter' });
      await post(x(xRevoke({ userId: channel.externalId }))).expect(200);
      const stored = await eventually(
        async () =>
          (await t.dataSource.getRepository(Channel).findOneByOrFail({ id: channel.id })).status === 'broken',
        'broken channel',
      );
      expect(stored).toBe(true);
      const alerts = await t.http
        .get('/api/channels/alerts')
        .auth(team.tokens.admin, { type: 'bearer' })
        .expect(200);
      expect((alerts.body as { text: string }[])[0].text).toMatch(/révoqué/);
    });
  });
});
