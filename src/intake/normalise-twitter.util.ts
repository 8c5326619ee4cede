import type { Attachment, EventAuthor, NormalisedDelivery, NormalisedEvent } from './normalised-event.js';
import { clean, codePointSlice, date, epoch, id, Json, list, record, text } from './payload.util.js';

/** Account Activity keys that are not events, and events we deliberately leave aside. */
const AAA_ENVELOPE = new Set(['for_user_id', 'users', 'apps', 'user_has_blocked', 'is_blocked_by', 'source']);
const AAA_QUIET = new Set([
  'favorite_events',
  'follow_events',
  'unfollow_events',
  'block_events',
  'unblock_events',
  'mute_events',
  'unmute_events',
  'direct_message_indicate_typing_events',
  'direct_message_mark_read_events',
  'user_event',
]);
const XAA_POSTS = new Set(['post.mention.create', 'post.reply.create', 'post.quote.create']);

/**
 * An X delivery for the account `accountId`: Account Activity (`for_user_id` and event arrays), X
 * Activity (`{data: {event_type, payload}}`), or, with `source: poll`, a page of
 * `GET /2/users/:id/mentions`.
 */
export function normaliseTwitter(
  body: unknown,
  accountId: string,
  source: 'webhook' | 'poll',
): NormalisedDelivery {
  const root = record(body);
  if (!root) return { events: [], ignored: ['body is not a JSON object'] };
  if (source === 'poll') return v2Posts(list(root.data), record(root.includes), accountId, 'poll');
  if ('for_user_id' in root) return accountActivity(root, accountId);
  if ('data' in root) return activity(root, accountId);
  return { events: [], ignored: [`unknown payload (${Object.keys(root).join(', ') || 'empty'})`] };
}

function accountActivity(root: Json, accountId: string): NormalisedDelivery {
  const result: NormalisedDelivery = { events: [], ignored: [] };
  if (id(root.for_user_id) !== accountId) {
    result.ignored.push(`for_user_id ${String(root.for_user_id)} is not the channel's account`);
    return result;
  }
  for (const key of Object.keys(root)) {
    if (AAA_ENVELOPE.has(key)) continue;
    if (key === 'tweet_create_events') {
      for (const tweet of list(root[key])) v1Tweet(record(tweet), accountId, result);
    } else if (key === 'direct_message_events') {
      for (const event of list(root[key]))
        directMessage(record(event), record(root.users), accountId, result);
    } else if (key === 'tweet_delete_events') {
      for (const event of list(root[key])) tweetDelete(record(event), accountId, result);
    } else if (AAA_QUIET.has(key)) {
      result.ignored.push(key);
    } else {
      result.ignored.push(`unknown key ${key}`);
    }
  }
  return result;
}

function activity(root: Json, accountId: string): NormalisedDelivery {
  const result: NormalisedDelivery = { events: [], ignored: [] };
  const items = Array.isArray(root.data) ? root.data : [root.data];
  for (const raw of items) {
    const data = record(raw);
    const type = text(data?.event_type);
    const payload = record(data?.payload);
    if (!data || !type || !payload) {
      result.ignored.push('activity event without event_type or payload');
      continue;
    }
    const filterUser = id(record(data.filter)?.user_id);
    if (filterUser && filterUser !== accountId) {
      result.ignored.push(`${type} for another account`);
      continue;
    }
    if (XAA_POSTS.has(type)) {
      const posts = v2Posts([payload], record(data.includes), accountId, 'webhook');
      result.events.push(...posts.events);
      result.ignored.push(...posts.ignored);
    } else if (type === 'dm.received' || type === 'dm.sent') {
      for (const event of list(payload.direct_message_events)) {
        directMessage(record(event), record(payload.users), accountId, result);
      }
    } else if (type === 'post.delete') {
      const postId = id(payload.id) ?? id(payload.post_id);
      if (postId)
        result.events.push(removal(postId, epoch(payload.timestamp_ms, 'ms') ?? new Date(), accountId));
      else result.ignored.push('post.delete without id');
    } else {
      result.ignored.push(`event ${type}`);
    }
  }
  return result;
}

/** A v1.1 Tweet (Account Activity). */
function v1Tweet(tweet: Json | undefined, accountId: string, result: NormalisedDelivery) {
  const tweetId = id(tweet?.id_str) ?? id(tweet?.id);
  const user = record(tweet?.user);
  const userId = id(user?.id_str) ?? id(user?.id);
  if (!tweet || !tweetId || !userId) {
    result.ignored.push('tweet without id or user');
    return;
  }
  if (tweet.retweeted_status) {
    result.ignored.push('retweet');
    return;
  }
  const extended = record(tweet.extended_tweet);
  const full = text(extended?.full_text) ?? text(tweet.full_text) ?? text(tweet.text) ?? '';
  const range = extended ? extended.display_text_range : tweet.display_text_range;
  const inReplyTo = id(tweet.in_reply_to_status_id_str) ?? null;
  result.events.push({
    ...tweetBase(accountId),
    externalId: tweetId,
    dedupeKey: tweetId,
    author: { platformId: userId, name: text(user?.name) ?? null, handle: text(user?.screen_name) ?? null },
    text: clean(codePointSlice(full, range)),
    attachments: v1Media(
      record(extended?.extended_entities) ?? record(tweet.extended_entities) ?? record(tweet.entities),
    ),
    at: epoch(tweet.timestamp_ms, 'ms') ?? date(tweet.created_at) ?? new Date(0),
    own: userId === accountId,
    postExternalId: null,
    parentExternalId: inReplyTo,
    permalink: `https://x.com/${text(user?.screen_name) ?? 'i'}/status/${tweetId}`,
  });
}

function v1Media(entities: Json | undefined): Attachment[] {
  const attachments: Attachment[] = [];
  for (const raw of list(entities?.media)) {
    const media = record(raw);
    const url = text(media?.media_url_https) ?? text(media?.expanded_url);
    if (url) attachments.push({ type: text(media?.type) ?? 'photo', url });
  }
  return attachments;
}

/** v2 Posts (X Activity payloads, mentions polling), with their `includes`. */
function v2Posts(
  posts: unknown[],
  includes: Json | undefined,
  accountId: string,
  source: string,
): NormalisedDelivery {
  const result: NormalisedDelivery = { events: [], ignored: [] };
  const users = new Map<string, Json>();
  for (const raw of list(includes?.users)) {
    const user = record(raw);
    const userId = id(user?.id);
    if (user && userId) users.set(userId, user);
  }
  const media = new Map<string, Json>();
  for (const raw of list(includes?.media)) {
    const item = record(raw);
    const key = id(item?.media_key);
    if (item && key) media.set(key, item);
  }
  for (const raw of posts) {
    const post = record(raw);
    const postId = id(post?.id);
    const authorId = id(post?.author_id);
    if (!post || !postId || !authorId) {
      result.ignored.push(`${source} post without id or author_id`);
      continue;
    }
    const user = users.get(authorId);
    const note = record(post.note_tweet);
    const full = text(note?.text) ?? text(post.text) ?? '';
    const replied = list(post.referenced_tweets)
      .map(record)
      .find((reference) => reference?.type === 'replied_to');
    const attachments: Attachment[] = [];
    for (const key of list(record(post.attachments)?.media_keys)) {
      const item = media.get(String(key));
      const url = text(item?.url) ?? text(item?.preview_image_url);
      if (url) attachments.push({ type: text(item?.type) ?? 'photo', url });
    }
    result.events.push({
      ...tweetBase(accountId),
      externalId: postId,
      dedupeKey: postId,
      author: { platformId: authorId, name: text(user?.name) ?? null, handle: text(user?.username) ?? null },
      text: clean(note ? full : codePointSlice(full, post.display_text_range)),
      attachments,
      at: date(post.created_at) ?? new Date(0),
      own: authorId === accountId,
      postExternalId: id(post.conversation_id) ?? null,
      parentExternalId: id(post.in_reply_to_tweet_id) ?? id(replied?.id) ?? null,
      permalink: `https://x.com/${text(user?.username) ?? 'i'}/status/${postId}`,
    });
  }
  return result;
}

function tweetBase(accountId: string) {
  return {
    platform: 'twitter' as const,
    kind: 'mention' as const,
    action: 'add' as const,
    channelExternalId: accountId,
    residentId: null,
    rootExternalId: null,
    conversationId: null,
  } satisfies Partial<NormalisedEvent>;
}

function tweetDelete(event: Json | undefined, accountId: string, result: NormalisedDelivery) {
  const status = record(event?.status);
  const tweetId = id(status?.id_str) ?? id(status?.id);
  if (!tweetId) {
    result.ignored.push('tweet_delete_events without status id');
    return;
  }
  result.events.push(removal(tweetId, epoch(event?.timestamp_ms, 'ms') ?? new Date(), accountId));
}

function removal(tweetId: string, at: Date, accountId: string): NormalisedEvent {
  return {
    ...tweetBase(accountId),
    action: 'remove',
    externalId: tweetId,
    dedupeKey: `${tweetId}:delete`,
    author: null,
    text: null,
    attachments: [],
    at,
    own: false,
    postExternalId: null,
    parentExternalId: null,
    permalink: null,
  };
}

/** A DM event; `users` is AAA's `{id: user}` or X Activity's `{id: {data: user}}`. */
function directMessage(
  event: Json | undefined,
  users: Json | undefined,
  accountId: string,
  result: NormalisedDelivery,
) {
  const eventId = id(event?.id);
  const create = record(event?.message_create);
  if (!event || !eventId || event.type !== 'message_create' || !create) {
    result.ignored.push(`direct message event ${text(event?.type) ?? 'without type'}`);
    return;
  }
  const senderId = id(create.sender_id);
  const recipientId = id(record(create.target)?.recipient_id);
  if (!senderId || !recipientId) {
    result.ignored.push('direct message without sender or recipient');
    return;
  }
  const own = senderId === accountId;
  const data = record(create.message_data);
  const attachment = record(record(data?.attachment)?.media);
  const mediaUrl = text(attachment?.media_url_https) ?? text(attachment?.url);
  return void result.events.push({
    platform: 'twitter',
    kind: 'dm',
    action: 'add',
    externalId: eventId,
    dedupeKey: eventId,
    author: author(senderId, users),
    text: clean(text(data?.text) ?? ''),
    attachments: mediaUrl ? [{ type: text(attachment?.type) ?? 'photo', url: mediaUrl }] : [],
    at: epoch(event.created_timestamp, 'ms') ?? new Date(0),
    own,
    channelExternalId: accountId,
    residentId: own ? recipientId : senderId,
    postExternalId: null,
    parentExternalId: null,
    rootExternalId: null,
    conversationId: conversationOf(senderId, recipientId),
    permalink: null,
  });
}

function author(userId: string, users: Json | undefined): EventAuthor {
  const entry = record(users?.[userId]);
  const user = record(entry?.data) ?? entry;
  return {
    platformId: userId,
    name: text(user?.name) ?? null,
    handle: text(user?.screen_name) ?? text(user?.username) ?? null,
  };
}

/** X names a one-to-one conversation by its two user ids, smaller first. */
export function conversationOf(a: string, b: string): string {
  const [first, second] = /^\d+$/.test(a) && /^\d+$/.test(b) ? [a, b].sort(compareIds) : [a, b].sort();
  return `${first}-${second}`;
}

function compareIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}
