import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Channel } from '../../src/channels/channel.entity.js';
import { MentionsPollService } from '../../src/channels/twitter/mentions-poll.service.js';
import { X_ERRORS, XApiFake } from '../fakes/x-api.fake.js';
import { DEFAULT_RESIDENT, xV2Tweet } from '../fakes/x-payloads.js';
import { createChannel, deliveries, eventually, PLATFORM_ENV } from '../support/channel-factories.js';
import { createOrganisation } from '../support/factories.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const OLD = '1800000000000000000';

/** The schedule: with TWITTER_POLL_SECONDS, accounts are polled without anyone asking. */
describe('X mentions polling on a schedule', () => {
  let t: TestApp;
  let x: XApiFake;

  beforeAll(async () => {
    x = await XApiFake.start();
    t = await startTestApp({ ...PLATFORM_ENV, TWITTER_API_URL: x.url, TWITTER_POLL_SECONDS: '1' });
  });
  beforeEach(async () => {
    x.reset();
    await t.reset();
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
});

/** The same polls, run one at a time by the test: what each poll does, without waiting for a schedule. */
describe('X mentions polling, one poll at a time', () => {
  let t: TestApp;
  let x: XApiFake;
  let polls: MentionsPollService;

  beforeAll(async () => {
    x = await XApiFake.start();
    t = await startTestApp({ ...PLATFORM_ENV, TWITTER_API_URL: x.url });
    polls = t.app.get(MentionsPollService);
  });
  beforeEach(async () => {
    x.reset();
    await t.reset();
  });
  afterAll(async () => {
    await t.close();
    await x.close();
  });

  function mentions(count: number, from = 1900000000000000000n) {
    const tweets = Array.from({ length: count }, (_, i) =>
      xV2Tweet({ accountId: x.account.id, id: String(from + BigInt(i)), text: `@CD_ValdOrme message ${i}` }),
    );
    x.addMentions(tweets, [DEFAULT_RESIDENT]);
    return tweets;
  }

  const channelRow = (id: string) => t.dataSource.getRepository(Channel).findOneByOrFail({ id });
  const mentionCalls = () => x.callsTo('GET', `/2/users/${x.account.id}/mentions`);

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

  it('keeps the cursor when a page fails, and reads the same pages again (stored once)', async () => {
    const tweets = mentions(150);
    x.injectError(X_ERRORS.serverError, {
      times: 1,
      when: (call) => call.query.pagination_token !== undefined,
    });
    const { organisation, channel } = await account();

    expect(await polls.poll(organisation.id, channel.id)).toEqual({ pages: 1, advancedTo: null });
    expect((await channelRow(channel.id)).lastPolledId).toBe(OLD);
    const newest = tweets.at(-1)!.id;
    expect(await polls.poll(organisation.id, channel.id)).toEqual({ pages: 2, advancedTo: newest });
    expect((await channelRow(channel.id)).lastPolledId).toBe(newest);

    expect(
      mentionCalls().map((call) => [call.query.since_id, call.query.pagination_token === undefined]),
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
    const { organisation, channel } = await account({ lastPolledId: null });
    expect(await polls.poll(organisation.id, channel.id)).toEqual({
      pages: 1,
      advancedTo: tweets.at(-1)!.id,
    });
    expect(mentionCalls()[0].query.since_id).toBeUndefined();
    const stored = await deliveries(t);
    expect(stored).toHaveLength(1);
    expect((JSON.parse(stored[0].body) as { data: unknown[] }).data).toHaveLength(100);
  });

  it('waits until x-rate-limit-reset after a 429, without moving the cursor', async () => {
    mentions(3);
    x.injectError(X_ERRORS.rateLimited(600), { times: 1 });
    const { organisation, channel } = await account();

    expect(await polls.poll(organisation.id, channel.id)).toEqual({ pages: 0, advancedTo: null });
    const paused = (await channelRow(channel.id)).pollNotBefore!;
    expect((paused.getTime() - Date.now()) / 1000).toBeGreaterThan(300);
    expect((paused.getTime() - Date.now()) / 1000).toBeLessThanOrEqual(601);
    // A poll during the pause does not reach X.
    expect(await polls.poll(organisation.id, channel.id)).toEqual({ pages: 0, advancedTo: null });
    expect(mentionCalls()).toHaveLength(1);
    expect((await channelRow(channel.id)).lastPolledId).toBe(OLD);
    expect(await deliveries(t)).toHaveLength(0);
  });

  it('stops polling an account whose token is refused: broken, with an alert', async () => {
    mentions(3);
    x.injectError(X_ERRORS.unauthorized);
    const { organisation, channel } = await account();

    await polls.poll(organisation.id, channel.id);
    const broken = await channelRow(channel.id);
    expect(broken.status).toBe('broken');
    expect(broken.alert).toMatch(/X a refusé le jeton/);
    expect(await polls.poll(organisation.id, channel.id)).toEqual({ pages: 0, advancedTo: null });
    expect(mentionCalls()).toHaveLength(1);
  });
});
