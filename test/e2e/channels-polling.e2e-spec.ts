import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Channel } from '../../src/channels/channel.entity.js';
import { POLL_MENTIONS } from '../../src/channels/twitter/mentions-poll.service.js';
import { X_ERRORS, XApiFake } from '../fakes/x-api.fake.js';
import { DEFAULT_RESIDENT, xV2Tweet } from '../fakes/x-payloads.js';
import { createChannel, deliveries, eventually, PLATFORM_ENV } from '../support/channel-factories.js';
import { createOrganisation } from '../support/factories.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const OLD = '1800000000000000000';

describe('X mentions polling', () => {
  let t: TestApp;
  let x: XApiFake;

  beforeAll(async () => {
    x = await XApiFake.start();
    t = await startTestApp({ ...PLATFORM_ENV, TWITTER_API_URL: x.url, TWITTER_POLL_SECONDS: '1' });
  });
  beforeEach(async () => {
    x.reset();
    // Polls run in the background while the tables are emptied: retry if they collide.
    for (let attempt = 0; ; attempt++) {
      try {
        await t.reset();
        break;
      } catch (error) {
        if (attempt >= 5 || !/deadlock/.test((error as Error).message)) throw error;
      }
    }
  });
  afterAll(async () => {
    await t.close();
    await x.close();
  });

  /** `count` mentions with increasing ids above OLD, newest last. */
  function mentions(count: number, from = 1900000000000000000n) {
    const tweets = Array.from({ length: count }, (_, i) =>
      xV2Tweet({ accountId: x.account.id, id: String(from + BigInt(i)), text: `@CD_ValdOrme message ${i}` }),
    );
    x.addMentions(tweets, [DEFAULT_RESIDENT]);
    return tweets;
  }

  const channelRow = (id: string) => t.dataSource.getRepository(Channel).findOneByOrFail({ id });
  /** This test's calls: a poll of the previous test may still be finishing. */
  const mentionCalls = (token: string) =>
    x.callsTo('GET', `/2/users/${x.account.id}/mentions`).filter((call) => call.auth.token === token);

  async function account(overrides: Parameters<typeof createChannel>[2] = {}) {
    const organisation = await createOrganisation(t.dataSource);
    const channel = await createChannel(t, organisation.id, {
      platform: 'twitter',
      externalId: x.account.id,
      lastPolledId: OLD,
      ...overrides,
    });
    return { organisation, channel };
  }

  it('pages through every mention since lastPolledId, stores each page as polled, then advances', async () => {
    const tweets = mentions(250);
    const { organisation, channel } = await account();
    const newest = tweets.at(-1)!.id;
    await eventually(async () => (await channelRow(channel.id)).lastPolledId === newest, 'cursor to advance');

    const [first, second, third] = mentionCalls(channel.token);
    expect(first.query).toMatchObject({ since_id: OLD, max_results: '100' });
    expect(first.query.pagination_token).toBeUndefined();
    expect(second.query).toMatchObject({ since_id: OLD, pagination_token: expect.any(String) });
    expect(third.query).toMatchObject({ since_id: OLD, pagination_token: expect.any(String) });

    const stored = await deliveries(t);
    expect(stored).toHaveLength(3);
    for (const row of stored) {
      expect(row).toMatchObject({
        organisation_id: organisation.id,
        channel_id: channel.id,
        platform: 'twitter',
        source: 'poll',
      });
    }
    const ids = stored.flatMap((row) =>
      (JSON.parse(row.body) as { data: { id: string }[] }).data.map((tweet) => tweet.id),
    );
    expect(new Set(ids)).toEqual(new Set(tweets.map((tweet) => tweet.id)));

    // The next polls ask from the new cursor and store nothing more.
    await eventually(
      async () => mentionCalls(channel.token).some((call) => call.query.since_id === newest),
      'a poll from the new cursor',
    );
    expect(await deliveries(t)).toHaveLength(3);
  });

  it('keeps the cursor when a page fails, and reads the same pages again (stored once)', async () => {
    const tweets = mentions(150);
    x.injectError(X_ERRORS.serverError, {
      times: 1,
      when: (call) => call.query.pagination_token !== undefined,
    });
    const { channel } = await account();
    const newest = tweets.at(-1)!.id;
    await eventually(async () => (await channelRow(channel.id)).lastPolledId === newest, 'cursor to advance');
    const calls = mentionCalls(channel.token);
    // First poll: page 1, page 2 failed; second poll from the same cursor: pages 1 and 2.
    expect(
      calls.slice(0, 4).map((call) => [call.query.since_id, call.query.pagination_token === undefined]),
    ).toEqual([
      [OLD, true],
      [OLD, false],
      [OLD, true],
      [OLD, false],
    ]);
    expect(await deliveries(t)).toHaveLength(2);
  });

  it('reads only the newest page on a first poll, not the backlog', async () => {
    const tweets = mentions(150);
    const { channel } = await account({ lastPolledId: null });
    await eventually(
      async () => (await channelRow(channel.id)).lastPolledId === tweets.at(-1)!.id,
      'first poll',
    );
    expect(mentionCalls(channel.token)[0].query.since_id).toBeUndefined();
    const stored = await deliveries(t);
    expect(stored).toHaveLength(1);
    expect((JSON.parse(stored[0].body) as { data: unknown[] }).data).toHaveLength(100);
  });

  it('waits until x-rate-limit-reset after a 429, without moving the cursor', async () => {
    mentions(3);
    x.injectError(X_ERRORS.rateLimited(600), {
      times: 1,
      when: (call) => call.auth.token === 'token-limited',
    });
    const { channel } = await account({ accessToken: 'token-limited' });
    // The poll holds a 90-second lease; the 429 leaves the account paused until the reset.
    const paused = await eventually(async () => {
      const until = (await channelRow(channel.id)).pollNotBefore;
      return until && until.getTime() - Date.now() > 300_000 && until;
    }, 'pause');
    expect((paused.getTime() - Date.now()) / 1000).toBeLessThanOrEqual(601);
    const callsAtPause = mentionCalls(channel.token).length;
    // Later polls of this account run and stop at the pause: no call reaches X.
    const pausedAt = new Date();
    await eventually(async () => {
      const [row] = await t.dataSource.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM pgboss.job WHERE name = $1 AND singleton_key = $2 AND state = 'completed' AND completed_on > $3`,
        [POLL_MENTIONS, channel.id, pausedAt],
      );
      return Number(row.n) >= 2;
    }, 'two more polls');
    expect(mentionCalls(channel.token)).toHaveLength(callsAtPause);
    expect((await channelRow(channel.id)).lastPolledId).toBe(OLD);
    expect(await deliveries(t)).toHaveLength(0);
  });

  it('stops polling an account whose token is refused: broken, with an alert', async () => {
    mentions(3);
    const { channel } = await account();
    x.injectError(X_ERRORS.unauthorized, { when: (call) => call.auth.token === channel.token });
    const healthy = await account({ externalId: '1234567890123456789' });
    const broken = await eventually(async () => {
      const row = await channelRow(channel.id);
      return row.status === 'broken' && row;
    }, 'broken');
    expect(broken.alert).toMatch(/X a refusé le jeton/);
    const brokenAt = new Date();
    // Polls go on for the healthy account; none is offered for the broken one.
    const count = async (id: string) =>
      Number(
        (
          await t.dataSource.query<{ n: string }[]>(
            'SELECT count(*) AS n FROM pgboss.job WHERE name = $1 AND singleton_key = $2 AND created_on > $3',
            [POLL_MENTIONS, id, brokenAt],
          )
        )[0].n,
      );
    await eventually(async () => (await count(healthy.channel.id)) >= 3, 'polls of the healthy account');
    // One job may have been offered while the breakage was being recorded.
    expect(await count(channel.id)).toBeLessThanOrEqual(1);
  });
});
