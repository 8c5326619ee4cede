import { describe, expect, it } from '@jest/globals';
import { conversationOf, normaliseTwitter } from './normalise-twitter.util.js';

const ACCOUNT = '2244994945';

const mention = (overrides: Record<string, unknown> = {}) => ({
  created_at: 'Mon May 19 14:01:46 +0000 2025',
  id: 1924465506158879000,
  id_str: '1924465506158878979',
  text: '@ExampleCouncil le lampadaire du chemin du Moulin est éteint depuis une semaine',
  display_text_range: [16, 80],
  truncated: false,
  in_reply_to_status_id_str: '1924400000000000000',
  in_reply_to_user_id_str: ACCOUNT,
  user: { id: 6253282, id_str: '6253282', name: 'Sam Habitant', screen_name: 'samhabitant' },
  entities: { hashtags: [], urls: [], user_mentions: [] },
  ...overrides,
});

describe('normaliseTwitter: Account Activity', () => {
  it('reads a mention (sample 11): *_str ids, display text, v1.1 date, reply parent', () => {
    const { events, ignored } = normaliseTwitter(
      { for_user_id: ACCOUNT, user_has_blocked: 'false', tweet_create_events: [mention()] },
      ACCOUNT,
      'webhook',
    );
    expect(ignored).toEqual([]);
    expect(events[0]).toMatchObject({
      platform: 'twitter',
      kind: 'mention',
      action: 'add',
      externalId: '1924465506158878979',
      dedupeKey: '1924465506158878979',
      author: { platformId: '6253282', name: 'Sam Habitant', handle: 'samhabitant' },
      text: 'le lampadaire du chemin du Moulin est éteint depuis une semaine',
      own: false,
      parentExternalId: '1924400000000000000',
      permalink: 'https://x.com/samhabitant/status/1924465506158878979',
    });
    expect(events[0].at.toISOString()).toBe('2025-05-19T14:01:46.000Z');
  });

  it('reads the full text of a longform post (extended_tweet)', () => {
    const full = `@ExampleCouncil ${'très '.repeat(60)}long`;
    const [event] = normaliseTwitter(
      {
        for_user_id: ACCOUNT,
        tweet_create_events: [
          mention({
            text: full.slice(0, 140),
            truncated: true,
            display_text_range: [16, 140],
            extended_tweet: { full_text: full, display_text_range: [16, Array.from(full).length] },
          }),
        ],
      },
      ACCOUNT,
      'webhook',
    ).events;
    expect(event.text).toBe(full.slice(16));
  });

  it('counts display ranges in code points, not UTF-16 units', () => {
    const [event] = normaliseTwitter(
      {
        for_user_id: ACCOUNT,
        tweet_create_events: [mention({ text: '😀 @a bonjour', display_text_range: [5, 12] })],
      },
      ACCOUNT,
      'webhook',
    ).events;
    expect(event.text).toBe('bonjour');
  });

  it("recognises the account's own tweet (user.id_str == for_user_id) and ignores retweets", () => {
    const { events, ignored } = normaliseTwitter(
      {
        for_user_id: ACCOUNT,
        tweet_create_events: [
          mention({ user: { id_str: ACCOUNT, name: 'Conseil', screen_name: 'ExampleCouncil' } }),
          mention({ id_str: '5', retweeted_status: { id_str: '4' } }),
        ],
      },
      ACCOUNT,
      'webhook',
    );
    expect(events.map((e) => e.own)).toEqual([true]);
    expect(ignored).toEqual(['retweet']);
  });

  it('keeps media as links', () => {
    const [event] = normaliseTwitter(
      {
        for_user_id: ACCOUNT,
        tweet_create_events: [
          mention({
            extended_entities: {
              media: [{ type: 'photo', media_url_https: 'https://pbs.twimg.com/media/x.jpg' }],
            },
          }),
        ],
      },
      ACCOUNT,
      'webhook',
    ).events;
    expect(event.attachments).toEqual([{ type: 'photo', url: 'https://pbs.twimg.com/media/x.jpg' }]);
  });

  const dm = {
    for_user_id: '4337869213',
    direct_message_events: [
      {
        type: 'message_create',
        id: '954491830116155396',
        created_timestamp: '1516403560557',
        message_create: {
          target: { recipient_id: '4337869213' },
          sender_id: '3001969357',
          source_app_id: '13090192',
          message_data: {
            text: 'Bonjour !',
            entities: { hashtags: [], symbols: [], user_mentions: [], urls: [] },
          },
        },
      },
    ],
    apps: { '13090192': { id: '13090192', name: 'App' } },
    users: {
      '3001969357': { id: '3001969357', name: 'Jordan Brinks', screen_name: 'furiouscamper' },
      '4337869213': { id: '4337869213', name: 'Harrison Test', screen_name: 'Harris_0ff' },
    },
  };

  it('reads a DM (sample 10): event id, ms string, users map, conversation', () => {
    const [event] = normaliseTwitter(dm, '4337869213', 'webhook').events;
    expect(event).toMatchObject({
      kind: 'dm',
      externalId: '954491830116155396',
      dedupeKey: '954491830116155396',
      author: { platformId: '3001969357', name: 'Jordan Brinks', handle: 'furiouscamper' },
      residentId: '3001969357',
      conversationId: '3001969357-4337869213',
      text: 'Bonjour !',
      own: false,
    });
    expect(event.at.getTime()).toBe(1516403560557);
  });

  it('recognises a DM the account sent (sender_id == for_user_id), in the same conversation', () => {
    const sent = structuredClone(dm);
    sent.direct_message_events[0].message_create.sender_id = '4337869213';
    sent.direct_message_events[0].message_create.target.recipient_id = '3001969357';
    const [event] = normaliseTwitter(sent, '4337869213', 'webhook').events;
    expect(event).toMatchObject({
      own: true,
      residentId: '3001969357',
      conversationId: '3001969357-4337869213',
    });
  });

  it('reads a deletion as a removal, ignores likes and revocations, records unknown keys', () => {
    const deleted = normaliseTwitter(
      {
        for_user_id: ACCOUNT,
        tweet_delete_events: [
          { status: { id: '1045405559317569537', user_id: '1' }, timestamp_ms: '1432228155593' },
        ],
      },
      ACCOUNT,
      'webhook',
    );
    expect(deleted.events[0]).toMatchObject({ action: 'remove', externalId: '1045405559317569537' });
    expect(deleted.events[0].at.getTime()).toBe(1432228155593);
    const quiet = normaliseTwitter(
      {
        for_user_id: ACCOUNT,
        favorite_events: [{ id: 'a' }],
        user_event: { revoke: {} },
        teleport_events: [],
      },
      ACCOUNT,
      'webhook',
    );
    expect(quiet.events).toEqual([]);
    expect(quiet.ignored).toEqual(['favorite_events', 'user_event', 'unknown key teleport_events']);
  });

  it("reads nothing of another account's delivery", () => {
    const result = normaliseTwitter(
      { for_user_id: '1', tweet_create_events: [mention()] },
      ACCOUNT,
      'webhook',
    );
    expect(result.events).toEqual([]);
    expect(result.ignored).toHaveLength(1);
  });

  it('records a payload it does not know', () => {
    expect(normaliseTwitter({ hello: 1 }, ACCOUNT, 'webhook').ignored).toEqual(['unknown payload (hello)']);
  });
});

describe('normaliseTwitter: X Activity', () => {
  const envelope = (eventType: string, payload: object, includes: object = {}) => ({
    data: {
      event_uuid: '1',
      filter: { user_id: '1111111111111111111' },
      event_type: eventType,
      tag: 't',
      payload,
      includes,
    },
  });

  it('reads post.mention.create (sample 15) with its author from includes', () => {
    const [event] = normaliseTwitter(
      envelope(
        'post.mention.create',
        {
          created_at: '2026-07-24T21:23:23.000Z',
          conversation_id: '2080765813578191303',
          display_text_range: [0, 16],
          text: 'hey @ExampleUser',
          author_id: '2222222222222222222',
          id: '2080765813578191303',
        },
        { users: [{ id: '2222222222222222222', username: 'OtherUser', name: 'Other User' }] },
      ),
      '1111111111111111111',
      'webhook',
    ).events;
    expect(event).toMatchObject({
      kind: 'mention',
      externalId: '2080765813578191303',
      author: { platformId: '2222222222222222222', name: 'Other User', handle: 'OtherUser' },
      text: 'hey @ExampleUser',
      postExternalId: '2080765813578191303',
      own: false,
    });
    expect(event.at.toISOString()).toBe('2026-07-24T21:23:23.000Z');
  });

  it('reads post.reply.create (sample 16): display text without the leading mention, replied-to post', () => {
    const [event] = normaliseTwitter(
      envelope('post.reply.create', {
        id: '3',
        author_id: '2222',
        conversation_id: '1',
        in_reply_to_user_id: '1111111111111111111',
        referenced_tweets: [{ type: 'replied_to', id: '2' }],
        text: '@ExampleUser Great post — thanks for sharing!',
        display_text_range: [13, 45],
        created_at: '2026-07-24T21:23:23.000Z',
      }),
      '1111111111111111111',
      'webhook',
    ).events;
    expect(event).toMatchObject({
      text: 'Great post — thanks for sharing!',
      parentExternalId: '2',
      postExternalId: '1',
    });
  });

  it('reads dm.received (sample 17) with users.<id>.data', () => {
    const [event] = normaliseTwitter(
      envelope('dm.received', {
        direct_message_events: [
          {
            type: 'message_create',
            id: '2080765901528535096',
            created_timestamp: '1784928224372',
            message_create: {
              target: { recipient_id: '1111111111111111111' },
              sender_id: '2222222222222222222',
              message_data: { text: 'hello!' },
            },
          },
        ],
        users: {
          '2222222222222222222': { data: { id: '2222222222222222222', name: 'Autre', username: 'autre' } },
        },
      }),
      '1111111111111111111',
      'webhook',
    ).events;
    expect(event).toMatchObject({
      kind: 'dm',
      externalId: '2080765901528535096',
      author: { name: 'Autre', handle: 'autre' },
      conversationId: '1111111111111111111-2222222222222222222',
    });
  });

  it('records event types it does not handle and events for another account', () => {
    const result = normaliseTwitter(
      envelope('profile.update.bio', { id: 1 }),
      '1111111111111111111',
      'webhook',
    );
    expect(result.ignored).toEqual(['event profile.update.bio']);
    expect(
      normaliseTwitter(envelope('post.mention.create', { id: '1', author_id: '2' }), '9', 'webhook').ignored,
    ).toEqual(['post.mention.create for another account']);
  });
});

describe('normaliseTwitter: mentions poll', () => {
  it('reads a page of GET /2/users/:id/mentions, own posts recognised', () => {
    const page = {
      data: [
        {
          id: '1301573587187331074',
          text: 'Hey @Conseil, la route est bloquée',
          author_id: '1234567890',
          created_at: '2024-01-15T10:30:00.000Z',
          conversation_id: '1301573587187331074',
        },
        {
          id: '1301573587187331075',
          text: '@x merci',
          author_id: ACCOUNT,
          created_at: '2024-01-15T10:31:00.000Z',
        },
      ],
      includes: { users: [{ id: '1234567890', username: 'developer', name: 'Dev Person' }] },
      meta: { newest_id: '1301573587187331075', result_count: 2 },
    };
    const { events } = normaliseTwitter(page, ACCOUNT, 'poll');
    expect(events.map((e) => [e.externalId, e.own, e.author?.handle])).toEqual([
      ['1301573587187331074', false, 'developer'],
      ['1301573587187331075', true, null],
    ]);
  });

  it('reads an empty poll as nothing', () => {
    expect(normaliseTwitter({ meta: { result_count: 0 } }, ACCOUNT, 'poll')).toEqual({
      events: [],
      ignored: [],
    });
  });
});

describe('conversationOf', () => {
  it('puts the numerically smaller id first, whatever the order', () => {
    expect(conversationOf('9', '10')).toBe('9-10');
    expect(conversationOf('10', '9')).toBe('9-10');
  });
});
