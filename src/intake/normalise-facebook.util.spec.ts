import { describe, expect, it } from '@jest/globals';
import { normaliseFacebook } from './normalise-facebook.util.js';

const PAGE = '100473908465587';

const commentValue = (overrides: Record<string, unknown> = {}) => ({
  from: { id: '3844961895548656', name: 'Jeanne Habitante' },
  post: {
    status_type: 'mobile_status_update',
    is_published: true,
    permalink_url: 'https://www.facebook.com/exemple/posts/150691160110528',
    id: `${PAGE}_150691160110528`,
  },
  message: 'Les poubelles de la rue des Ormes ne sont pas ramassées',
  post_id: `${PAGE}_150691160110528`,
  comment_id: '150691160110528_150691260110518',
  created_time: 1603845970,
  item: 'comment',
  parent_id: `${PAGE}_150691160110528`,
  verb: 'add',
  ...overrides,
});

const feed = (...values: object[]) => ({
  object: 'page',
  entry: [{ id: PAGE, time: 1603845975, changes: values.map((value) => ({ field: 'feed', value })) }],
});

const messaging = (...events: object[]) => ({
  object: 'page',
  entry: [{ id: PAGE, time: 1458692752478, messaging: events }],
});

describe('normaliseFacebook: feed', () => {
  it('reads a new comment (sample 1): ids, author, text, seconds, thread parts', () => {
    const { events, ignored } = normaliseFacebook(feed(commentValue()), PAGE);
    expect(ignored).toEqual([]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      platform: 'facebook',
      kind: 'comment',
      action: 'add',
      externalId: '150691160110528_150691260110518',
      dedupeKey: '150691160110528_150691260110518',
      author: { platformId: '3844961895548656', name: 'Jeanne Habitante', handle: null },
      text: 'Les poubelles de la rue des Ormes ne sont pas ramassées',
      own: false,
      postExternalId: `${PAGE}_150691160110528`,
      rootExternalId: '150691160110528_150691260110518',
      permalink: 'https://www.facebook.com/exemple/posts/150691160110528',
    });
    expect(events[0].at.toISOString()).toBe('2020-10-28T00:46:10.000Z');
  });

  it('puts a reply under its root comment (sample 2)', () => {
    const reply = commentValue({
      comment_id: '150691160110528_150691323443845',
      parent_id: '150691160110528_150691260110518',
      created_time: 1603845991,
    });
    const [event] = normaliseFacebook(feed(reply), PAGE).events;
    expect(event.rootExternalId).toBe('150691160110528_150691260110518');
    expect(event.parentExternalId).toBe('150691160110528_150691260110518');
  });

  it('reads a visitor post (sample 3) as a post', () => {
    const body = {
      entry: [
        {
          changes: [
            {
              field: 'feed',
              value: {
                from: { id: '555', name: 'Cendrillon' },
                item: 'post',
                post_id: `${PAGE}_777`,
                verb: 'add',
                created_time: 1520544814,
                is_hidden: false,
                message: 'Bonjour, la route est fermée ?',
              },
            },
          ],
          id: PAGE,
          time: 1520544816,
        },
      ],
      object: 'page',
    };
    const [event] = normaliseFacebook(body, PAGE).events;
    expect(event).toMatchObject({
      kind: 'post',
      externalId: `${PAGE}_777`,
      own: false,
      rootExternalId: null,
    });
    expect(event.at.getTime()).toBe(1520544814000);
  });

  it("recognises the page's own status post and own comment (from.id is the page)", () => {
    const status = {
      item: 'status',
      post_id: `${PAGE}_444`,
      verb: 'add',
      published: 1,
      created_time: 1615407988,
      message: 'Exemple de publication.',
      from: { name: 'La Page', id: PAGE },
    };
    const ownComment = commentValue({ from: { id: PAGE, name: 'La Page' }, comment_id: 'x_1' });
    const events = normaliseFacebook(feed(status, ownComment), PAGE).events;
    expect(events.map((e) => [e.kind, e.own])).toEqual([
      ['post', true],
      ['comment', true],
    ]);
  });

  it('reads edits with the time in their dedupe key, removals without text, hides by the page as moderation', () => {
    const body = feed(
      commentValue({ verb: 'edited', message: 'Texte corrigé', created_time: 1603846000 }),
      commentValue({ verb: 'remove', message: undefined }),
      commentValue({ verb: 'hide', from: { id: PAGE, name: 'La Page' } }),
      commentValue({ verb: 'unhide', from: { id: PAGE, name: 'La Page' } }),
    );
    const events = normaliseFacebook(body, PAGE).events;
    expect(events.map((e) => e.action)).toEqual(['edit', 'remove', 'hide', 'unhide']);
    expect(events[0]).toMatchObject({
      text: 'Texte corrigé',
      dedupeKey: '150691160110528_150691260110518:edited:1603846000',
    });
    expect(events[1].text).toBeNull();
    expect(events[2].own).toBe(false);
    expect(events[2].at.getTime()).toBe(1603845975000);
    expect(new Set(events.map((e) => e.dedupeKey)).size).toBe(4);
  });

  it('ignores reactions and shares, and records unknown fields, items and verbs', () => {
    const body = {
      object: 'page',
      entry: [
        {
          id: PAGE,
          time: 1,
          changes: [
            { field: 'feed', value: { item: 'reaction', verb: 'add', reaction_type: 'like', post_id: 'p' } },
            { field: 'feed', value: { item: 'share', verb: 'add', post_id: 'p' } },
            { field: 'mention', value: { post_id: 'p' } },
            { field: 'feed', value: { item: 'hologram', verb: 'add' } },
            { field: 'feed', value: { ...commentValue(), verb: 'teleport' } },
            { field: 'feed', value: { ...commentValue(), comment_id: undefined } },
          ],
        },
      ],
    };
    const result = normaliseFacebook(body, PAGE);
    expect(result.events).toEqual([]);
    expect(result.ignored).toEqual([
      'feed reaction',
      'feed share',
      'field mention',
      'feed item hologram',
      'feed comment verb teleport',
      'feed comment without comment_id',
    ]);
  });

  it('reads only the entries of its page from a batched delivery (sample 9)', () => {
    const body = {
      object: 'page',
      entry: [
        {
          id: '111',
          time: 1700000010,
          changes: [
            {
              field: 'feed',
              value: {
                item: 'comment',
                verb: 'add',
                post_id: '111_222',
                comment_id: '222_333',
                parent_id: '111_222',
                from: { id: '9001', name: 'A' },
                message: 'Nid-de-poule',
                created_time: 1700000001,
              },
            },
            {
              field: 'feed',
              value: {
                item: 'comment',
                verb: 'edited',
                post_id: '111_222',
                comment_id: '222_334',
                parent_id: '111_222',
                from: { id: '9002', name: 'B' },
                message: 'Lampadaire (modifié)',
                created_time: 1700000002,
              },
            },
          ],
        },
        {
          id: '444',
          time: 1700000010,
          changes: [
            {
              field: 'feed',
              value: {
                item: 'post',
                verb: 'add',
                post_id: '444_555',
                from: { id: '9003', name: 'C' },
                message: 'Tags',
                created_time: 1700000003,
              },
            },
          ],
        },
      ],
    };
    expect(normaliseFacebook(body, '111').events.map((e) => e.externalId)).toEqual(['222_333', '222_334']);
    expect(normaliseFacebook(body, '444').events.map((e) => e.externalId)).toEqual(['444_555']);
    expect(normaliseFacebook(body, '999').events).toEqual([]);
  });

  it('records an entry without id and a wrong object type', () => {
    expect(normaliseFacebook({ object: 'page', entry: [{ time: 1, changes: [] }] }, PAGE).ignored).toEqual([
      'entry 0 without id',
    ]);
    expect(normaliseFacebook({ object: 'instagram', entry: [] }, PAGE)).toEqual({
      events: [],
      ignored: ['object instagram'],
    });
    expect(normaliseFacebook([1, 2], PAGE).ignored).toEqual(['body is not a JSON object']);
  });

  it('keeps photo and video comments as links', () => {
    const [event] = normaliseFacebook(
      feed(
        commentValue({
          message: undefined,
          photo: 'https://scontent.example/p.jpg',
          video: 'javascript:alert(1)',
        }),
      ),
      PAGE,
    ).events;
    expect(event.text).toBe('');
    expect(event.attachments).toEqual([{ type: 'image', url: 'https://scontent.example/p.jpg' }]);
  });

  it('reads milliseconds in a seconds field as milliseconds (group_feed)', () => {
    const [event] = normaliseFacebook(feed(commentValue({ created_time: 1700000001234 })), PAGE).events;
    expect(event.at.getTime()).toBe(1700000001234);
  });

  it('drops NUL characters PostgreSQL cannot store', () => {
    const [event] = normaliseFacebook(feed(commentValue({ message: 'a\u0000b' })), PAGE).events;
    expect(event.text).toBe('ab');
  });
});

describe('normaliseFacebook: Messenger', () => {
  const text = {
    sender: { id: '6780462125377510' },
    recipient: { id: PAGE },
    timestamp: 1458692752478,
    message: { mid: 'mid.1457764197618:41d102a3e1ae206a38', text: 'bonjour !' },
  };

  it('reads a text message (sample 6): mid, PSID, milliseconds', () => {
    const [event] = normaliseFacebook(messaging(text), PAGE).events;
    expect(event).toMatchObject({
      kind: 'message',
      action: 'add',
      externalId: 'mid.1457764197618:41d102a3e1ae206a38',
      dedupeKey: 'mid.1457764197618:41d102a3e1ae206a38',
      author: { platformId: '6780462125377510', name: null, handle: null },
      residentId: '6780462125377510',
      text: 'bonjour !',
      own: false,
    });
    expect(event.at.getTime()).toBe(1458692752478);
  });

  it('keeps attachments as links (sample 7) and a location as a map link', () => {
    const event = {
      ...text,
      message: {
        mid: 'm_1',
        attachments: [
          { type: 'image', payload: { url: 'https://cdn.example/image.png' } },
          { type: 'location', payload: { coordinates: { lat: 47.47, long: -0.55 } } },
          { type: 'fallback', payload: { title: 'sans lien' } },
        ],
      },
    };
    const [normalised] = normaliseFacebook(messaging(event), PAGE).events;
    expect(normalised.text).toBe('');
    expect(normalised.attachments).toEqual([
      { type: 'image', url: 'https://cdn.example/image.png' },
      { type: 'location', url: 'https://www.openstreetmap.org/?mlat=47.47&mlon=-0.55' },
    ]);
  });

  it('recognises an echo (sample 8) as our own, in the conversation with the recipient', () => {
    const echo = {
      sender: { id: PAGE },
      recipient: { id: '6780462125377510' },
      timestamp: 1457764197627,
      message: { is_echo: true, app_id: 1517776481860111, metadata: 'x', mid: 'm_echo' },
    };
    const [event] = normaliseFacebook(messaging(echo), PAGE).events;
    expect(event).toMatchObject({ own: true, residentId: '6780462125377510', externalId: 'm_echo' });
  });

  it('reads standby[] like messaging[]', () => {
    const body = { object: 'page', entry: [{ id: PAGE, time: 1, standby: [text] }] };
    expect(normaliseFacebook(body, PAGE).events).toHaveLength(1);
  });

  it('ignores deliveries, reads and events with neither message nor a known event, and says so', () => {
    const result = normaliseFacebook(
      messaging(
        {
          sender: { id: '1' },
          recipient: { id: PAGE },
          timestamp: 1,
          delivery: { mids: ['m'], watermark: 1 },
        },
        { sender: { id: '1' }, recipient: { id: PAGE }, timestamp: 1, read: { watermark: 1 } },
        { sender: { id: '1' }, recipient: { id: PAGE }, timestamp: 1, teleport: {} },
        { sender: { id: '1' }, recipient: { id: PAGE }, timestamp: 1, message: { text: 'sans mid' } },
      ),
      PAGE,
    );
    expect(result.events).toEqual([]);
    expect(result.ignored).toEqual([
      'messaging delivery',
      'messaging read',
      'messaging event without message (sender, recipient, timestamp, teleport)',
      'messaging message without mid',
    ]);
  });

  it('reads a message edit as an edit of that mid', () => {
    const [event] = normaliseFacebook(
      messaging({
        sender: { id: '42' },
        recipient: { id: PAGE },
        timestamp: 1700000000000,
        message_edit: { mid: 'm_1', text: 'corrigé', num_edit: 1 },
      }),
      PAGE,
    ).events;
    expect(event).toMatchObject({
      action: 'edit',
      externalId: 'm_1',
      text: 'corrigé',
      dedupeKey: 'm_1:edit:1',
      residentId: '42',
    });
  });
});
