import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { GraphClient } from '../../src/channels/facebook/graph.client.js';
import { PlatformError } from '../../src/channels/platform-error.js';
import { XClient } from '../../src/channels/twitter/x.client.js';
import { GRAPH_ERRORS, GraphApiFake } from '../fakes/graph-api.fake.js';
import { X_ERRORS, XApiFake } from '../fakes/x-api.fake.js';
import { xV2Tweet } from '../fakes/x-payloads.js';
import { PLATFORM_ENV } from '../support/channel-factories.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const TOKEN = 'EAAB-page-token-secret';

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as Error).message).not.toContain(TOKEN);
    return error as PlatformError;
  }
  throw new Error('expected the call to fail');
}

describe('platform clients against the fakes', () => {
  let t: TestApp;
  let graphFake: GraphApiFake;
  let xFake: XApiFake;
  let graph: GraphClient;
  let x: XClient;

  beforeAll(async () => {
    graphFake = await GraphApiFake.start({ appId: PLATFORM_ENV.FACEBOOK_APP_ID });
    xFake = await XApiFake.start({
      oauth: {
        consumerKey: PLATFORM_ENV.TWITTER_CONSUMER_KEY,
        consumerSecret: PLATFORM_ENV.TWITTER_CONSUMER_SECRET,
        tokenSecrets: { 'oauth-token': 'oauth-token-secret' },
      },
    });
    t = await startTestApp({
      ...PLATFORM_ENV,
      FACEBOOK_GRAPH_URL: graphFake.url,
      TWITTER_API_URL: xFake.url,
    });
    graph = t.app.get(GraphClient);
    x = t.app.get(XClient);
  });
  beforeEach(() => {
    graphFake.reset();
    xFake.reset();
  });
  afterAll(async () => {
    await t.close();
    await graphFake.close();
    await xFake.close();
  });

  describe('GraphClient', () => {
    it('lists, loses and restores the page’s subscription, with the token as access_token', async () => {
      expect((await graph.subscribedApps(TOKEN, '111')).map((app) => app.id)).toEqual([
        PLATFORM_ENV.FACEBOOK_APP_ID,
      ]);
      graphFake.unsubscribe('111');
      expect(await graph.subscribedApps(TOKEN, '111')).toEqual([]);
      expect(await graph.subscribe(TOKEN, '111')).toBe(true);
      expect(await graph.subscribedApps(TOKEN, '111')).toHaveLength(1);
      const [get, , post] = graphFake.calls;
      expect(get).toMatchObject({ method: 'GET', path: '/111/subscribed_apps', accessToken: TOKEN });
      expect(get.query.access_token).toBe(TOKEN);
      expect(post).toMatchObject({ method: 'POST', path: '/111/subscribed_apps' });
      expect(post.body).toMatchObject({ subscribed_fields: 'feed,messages', access_token: TOKEN });
      expect(post.query.access_token).toBeUndefined();
    });

    it('replies under a comment, comments a post, and sends Messenger messages and private replies', async () => {
      const reply = await graph.commentReply(
        TOKEN,
        '222_333',
        'Bonjour, c’est transmis au service des routes.',
      );
      expect(reply.id).toMatch(/^333_\d+$/);
      const comment = await graph.postComment(TOKEN, '111_222', 'Les travaux commencent lundi.');
      expect(comment.id).toMatch(/^222_\d+$/);
      expect(graphFake.comments.map((c) => [c.parentId, c.message])).toEqual([
        ['222_333', 'Bonjour, c’est transmis au service des routes.'],
        ['111_222', 'Les travaux commencent lundi.'],
      ]);
      const sent = await graph.sendMessage(
        TOKEN,
        '111',
        { id: '6780462125377510' },
        'Bonjour !',
        'ticket-42',
      );
      expect(sent).toEqual({ recipientId: '6780462125377510', messageId: expect.stringMatching(/^m_/) });
      expect(graphFake.messages[0]).toMatchObject({
        pageId: '111',
        messagingType: 'RESPONSE',
        message: { text: 'Bonjour !', metadata: 'ticket-42' },
      });
      await graph.sendMessage(TOKEN, '111', { comment_id: '222_333' }, 'En privé');
      const again = await failure(graph.sendMessage(TOKEN, '111', { comment_id: '222_333' }, 'Encore'));
      expect(again).toMatchObject({ retryable: false, tokenRefused: false, code: 10900 });
    });

    it.each([
      [
        'an expired token (190)',
        GRAPH_ERRORS.tokenExpired,
        { tokenRefused: true, retryable: false, code: 190, subcode: 463 },
      ],
      [
        'an app rate limit (4)',
        GRAPH_ERRORS.appRateLimit,
        { retryable: true, rateLimited: true, retryAfterSeconds: 60 },
      ],
      [
        'a page rate limit (32)',
        GRAPH_ERRORS.pageRateLimit,
        { retryable: true, rateLimited: true, retryAfterSeconds: 720 },
      ],
      ['a custom rate limit (613)', GRAPH_ERRORS.customRateLimit, { retryable: true, rateLimited: true }],
      [
        'a closed window (10)',
        GRAPH_ERRORS.outsideWindow,
        { retryable: false, windowClosed: true, code: 10 },
      ],
      [
        'an invalid parameter (100)',
        GRAPH_ERRORS.invalidParameter,
        { retryable: false, tokenRefused: false },
      ],
      ['a duplicate post (506)', GRAPH_ERRORS.duplicatePost, { retryable: false, duplicate: true }],
      ['a temporary failure (2)', GRAPH_ERRORS.temporary, { retryable: true, tokenRefused: false }],
    ])('reports %s as the fake injects it', async (_, error, expected) => {
      graphFake.injectError(error, { path: /\/comments$/, times: 1 });
      const caught = await failure(graph.commentReply(TOKEN, '222_333', 'Bonjour'));
      expect(caught).toMatchObject({ platform: 'facebook', status: 400, ...expected });
      // Only the next matching call failed.
      await graph.commentReply(TOKEN, '222_333', 'Bonjour');
    });

    it('reports a refused token on every call with it', async () => {
      graphFake.refuseToken(TOKEN);
      expect(await failure(graph.subscribedApps(TOKEN, '111'))).toMatchObject({ tokenRefused: true });
      expect(await failure(graph.subscribe(TOKEN, '111'))).toMatchObject({ tokenRefused: true });
    });

    it('reports an unreachable Graph API as retryable, without the token in the message', async () => {
      const closed = await GraphApiFake.start();
      await closed.close();
      const config = { ...t.config, facebook: { ...t.config.facebook, graphUrl: closed.url } };
      const offline = new GraphClient(config);
      const caught = await failure(offline.subscribedApps(TOKEN, '111'));
      expect(caught).toMatchObject({ retryable: true, tokenRefused: false });
    });

    it('refuses an id that is not one before calling', async () => {
      await failure(graph.commentReply(TOKEN, '../me/accounts', 'x'));
      expect(graphFake.calls).toHaveLength(0);
    });
  });

  describe('XClient', () => {
    const bearer = { accessToken: TOKEN };

    it('reads its account and pages mentions with since_id and pagination_token', async () => {
      expect(await x.me(bearer)).toMatchObject({ id: xFake.account.id, username: 'CD_ValdOrme' });
      const tweets = Array.from({ length: 7 }, (_, i) =>
        xV2Tweet({ accountId: xFake.account.id, id: String(1900000000000000000n + BigInt(i)) }),
      );
      xFake.addMentions(tweets, [
        { id: tweets[0].author_id, name: 'Samuel Habitant', username: 'samhabitant' },
      ]);
      const first = await x.mentions(bearer, xFake.account.id, {
        sinceId: '1900000000000000000',
        maxResults: 5,
      });
      expect(first.body.data!.map((tweet) => tweet.id)).toEqual(
        ['6', '5', '4', '3', '2'].map((n) => `190000000000000000${n}`),
      );
      expect(first.body.meta).toMatchObject({ newest_id: '1900000000000000006', result_count: 5 });
      expect(first.rawBody.toString()).toContain('"newest_id":"1900000000000000006"');
      expect(first.rateLimit).toMatchObject({ limit: 300, remaining: 299 });
      const second = await x.mentions(bearer, xFake.account.id, {
        sinceId: '1900000000000000000',
        paginationToken: first.body.meta!.next_token,
        maxResults: 5,
      });
      expect(second.body.data!.map((tweet) => tweet.id)).toEqual(['1900000000000000001']);
      expect(second.body.meta).toMatchObject({ result_count: 1 });
      expect(second.body.meta!.next_token).toBeUndefined();
      const calls = xFake.callsTo('GET', /mentions$/);
      expect(calls[0].query).toMatchObject({ since_id: '1900000000000000000', max_results: '5' });
      expect(calls[0].query['tweet.fields']).toContain('author_id');
      expect(calls[1].query.pagination_token).toBe(first.body.meta!.next_token);
      expect(calls[0].auth).toEqual({ kind: 'bearer', token: TOKEN });
    });

    it('posts a reply and a DM; a duplicate is a 403 never to retry', async () => {
      const tweet = await x.createTweet(
        bearer,
        'Bonjour, c’est transmis. EG-2026-000001',
        '1924465506158878979',
      );
      expect(tweet).toEqual({
        id: expect.stringMatching(/^\d+$/),
        text: 'Bonjour, c’est transmis. EG-2026-000001',
      });
      expect(xFake.tweets[0]).toMatchObject({ inReplyTo: '1924465506158878979' });
      const duplicate = await failure(x.createTweet(bearer, 'Bonjour, c’est transmis. EG-2026-000001'));
      expect(duplicate).toMatchObject({
        status: 403,
        duplicate: true,
        retryable: false,
        tokenRefused: false,
      });
      const dm = await x.sendDm(bearer, '3001969357', 'Bonjour en privé');
      expect(dm.dmEventId).toMatch(/^\d+$/);
      expect(xFake.dms[0]).toMatchObject({ participantId: '3001969357', text: 'Bonjour en privé' });
    });

    it('reports a refused token (401), rate limits with their reset (429, both shapes), and 5xx', async () => {
      xFake.injectError(X_ERRORS.unauthorized, { times: 1 });
      expect(await failure(x.me(bearer))).toMatchObject({
        status: 401,
        tokenRefused: true,
        retryable: false,
      });

      xFake.injectError(X_ERRORS.rateLimited(30), { times: 1 });
      const limited = await failure(x.mentions(bearer, xFake.account.id));
      expect(limited).toMatchObject({ status: 429, retryable: true, rateLimited: true });
      expect(limited.retryAfterSeconds).toBeGreaterThanOrEqual(29);
      expect(limited.retryAfterSeconds).toBeLessThanOrEqual(31);

      xFake.injectError(X_ERRORS.rateLimitedV1(90), { times: 1 });
      const v1 = await failure(x.createTweet(bearer, 'Texte'));
      expect(v1).toMatchObject({ code: 88, retryable: true });
      expect(v1.retryAfterSeconds).toBeGreaterThanOrEqual(89);

      xFake.injectError(X_ERRORS.serverError, { times: 1 });
      expect(await failure(x.sendDm(bearer, '1', 'x'))).toMatchObject({ status: 503, retryable: true });

      xFake.injectError(X_ERRORS.notSummoned, { times: 1 });
      expect(await failure(x.createTweet(bearer, 'Réponse', '1'))).toMatchObject({
        status: 403,
        retryable: false,
      });
    });

    it('signs with OAuth 1.0a when the account has an access secret, and the fake checks the signature', async () => {
      const oauth = { accessToken: 'oauth-token', accessSecret: 'oauth-token-secret' };
      await x.mentions(oauth, xFake.account.id, { sinceId: '1' });
      await x.createTweet(oauth, 'Signé en OAuth 1.0a');
      expect(xFake.calls.map((call) => call.auth)).toEqual([
        expect.objectContaining({
          kind: 'oauth1',
          token: 'oauth-token',
          consumerKey: 'test_consumer_key',
          signatureValid: true,
        }),
        expect.objectContaining({ kind: 'oauth1', signatureValid: true }),
      ]);
      const wrong = await failure(x.me({ accessToken: 'oauth-token', accessSecret: 'not-the-secret' }));
      expect(wrong).toMatchObject({ tokenRefused: true });
    });
  });
});
