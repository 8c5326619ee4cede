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
/** A test app on the fake X API, emptied between tests, with helpers to add mentions and accounts. */
function pollingBed(env: Record<string, string> = {}) {
  const bed = {} as { t: TestApp; x: XApiFake };
  beforeAll(async () => {
    bed.x = await XApiFake.start();
    bed.t = await startTestApp({ ...PLATFORM_ENV, TWITTER_API_URL: bed.x.url, ...env });
  });
  beforeEach(async () => {
    bed.x.reset();
    await bed.t.reset();
  });
  afterAll(async () => {
    await bed.t.close();
    await bed.x.close();
  });
  return {
    get t() {
      return bed.t;
    },
    get x() {
      return bed.x;
    },
    /** `count` mentions with increasing ids above OLD, newest last. */
    mentions(count: number, from = 1900000000000000000n) {
      const tweets = Array.from({ length: count }, (_, i) =>
        xV2Tweet({
          accountId: bed.x.account.id,
          id: String(from + BigInt(i)),
          text: `@CD_ValdOrme message ${i}`,
        }),
      );
      bed.x.addMentions(tweets, [DEFAULT_RESIDENT]);
      return tweets;
    },
    channelRow: (id: string) => bed.t.dataSource.getRepository(Channel).findOneByOrFail({ id }),
    mentionCalls: () => bed.x.callsTo('GET', `/2/users/${bed.x.account.id}/mentions`),
    async account(overrides: Parameters<typeof createChannel>[2] = {}) {
      const organisation = await createOrganisation(bed.t.dataSource);
      const channel = await createChannel(bed.t, organisation.id, {
        platform: 'twitter',
        externalId: bed.x.account.id,
        lastPolledId: OLD,
        ...overrides,
      });
      return { organisation, channel };
    },
  };
}

describe('X mentions polling on a schedule', () => {
  const bed = pollingBed({ TWITTER_POLL_SECONDS: '1' });
  const { mentions, channelRow, account } = bed;
  /** This test's calls: a poll of the previous test may still be finishing. */
  const mentionCalls = (token: string) => bed.mentionCalls().filter((call) => call.auth.token === token);

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

    const stored = await deliveries(bed.t);
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
    expect(await deliveries(bed.t)).toHaveLength(3);
  });
});

/** The same polls, run one at a time by the test: what each poll does, without waiting for a schedule. */
describe('X mentions polling, one poll at a time', () => {
  const bed = pollingBed();
  const { mentions, channelRow, mentionCalls, account } = bed;
  const polls = () => bed.t.app.get(MentionsPollService);

  it('keeps the cursor when a page fails, and reads the same pages again (stored once)', async () => {
    const tweets = mentions(150);
    bed.x.injectError(X_ERRORS.serverError, {
      times: 1,
      when: (call) => call.query.pagination_token !== undefined,
    });
    const { organisation, channel } = await account();

    expect(await polls().poll(organisation.id, channel.id)).toEqual({ pages: 1, advancedTo: null });
    expect((await channelRow(channel.id)).lastPolledId).toBe(OLD);
    const newest = tweets.at(-1)!.id;
    expect(await polls().poll(organisation.id, channel.id)).toEqual({ pages: 2, advancedTo: newest });
    expect((await channelRow(channel.id)).lastPolledId).toBe(newest);

    expect(
      mentionCalls().map((call) => [call.query.since_id, call.query.pagination_token === undefined]),
    ).toEqual([
      [OLD, true],
      [OLD, false],
      [OLD, true],
      [OLD, false],
    ]);
    expect(await deliveries(bed.t)).toHaveLength(2);
  });

  it('reads only the newest page on a first poll, not the backlog', async () => {
    const tweets = mentions(150);
    const { organisation, channel } = await account({ lastPolledId: null });
    expect(await polls().poll(organisation.id, channel.id)).toEqual({
      pages: 1,
      advancedTo: tweets.at(-1)!.id,
    });
    expect(mentionCalls()[0].query.since_id).toBeUndefined();
    const stored = await deliveries(bed.t);
    expect(stored).toHaveLength(1);
    expect((JSON.parse(stored[0].body) as { data: unknown[] }).data).toHaveLength(100);
  });

  it('waits until x-rate-limit-reset after a 429, without moving the cursor', async () => {
    mentions(3);
    bed.x.injectError(X_ERRORS.rateLimited(600), { times: 1 });
    const { organisation, channel } = await account();

    expect(await polls().poll(organisation.id, channel.id)).toEqual({ pages: 0, advancedTo: null });
    const paused = (await channelRow(channel.id)).pollNotBefore!;
    expect((paused.getTime() - Date.now()) / 1000).toBeGreaterThan(300);
    expect((paused.getTime() - Date.now()) / 1000).toBeLessThanOrEqual(601);
    // A poll during the pause does not reach X.
    expect(await polls().poll(organisation.id, channel.id)).toEqual({ pages: 0, advancedTo: null });
    expect(mentionCalls()).toHaveLength(1);
    expect((await channelRow(channel.id)).lastPolledId).toBe(OLD);
    expect(await deliveries(bed.t)).toHaveLength(0);
  });

  it('stops polling an account whose token is refused: broken, with an alert', async () => {
    mentions(3);
    bed.x.injectError(X_ERRORS.unauthorized);
    const { organisation, channel } = await account();

    await polls().poll(organisation.id, channel.id);
    const broken = await channelRow(channel.id);
    expect(broken.status).toBe('broken');
    expect(broken.alert).toMatch(/X a refusé le jeton/);
    expect(await polls().poll(organisation.id, channel.id)).toEqual({ pages: 0, advancedTo: null });
    expect(mentionCalls()).toHaveLength(1);
  });
});
