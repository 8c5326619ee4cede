/**
 * Builders for the X deliveries of platforms.md Part B: Account Activity API (AAA, v1.1 objects,
 * samples 10–14), X Activity API (XAA, v2 objects, samples 15–17) and pages of
 * `GET /2/users/:id/mentions` (§B7). Fresh ids on every call; no test framework (the demo uses them).
 */

export interface XUser {
  id: string;
  name: string;
  username: string;
}

let sequence = 0;
/** A snowflake-like id (19 digits, beyond 2^53: always handled as a string). */
export function xId(): string {
  sequence += 1;
  // Snowflakes grow with time: the millisecond clock first, then a per-process sequence.
  return `${BigInt(Date.now() - 1288834974657) * 4194304n + BigInt(sequence % 4096)}`.padStart(19, '1');
}

export const DEFAULT_RESIDENT: XUser = { id: '6253282', name: 'Samuel Habitant', username: 'samhabitant' };

/** v1.1 `created_at`: `Mon May 19 14:01:46 +0000 2025`. */
export function twitterDate(at: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const day = String(at.getUTCDate()).padStart(2, '0');
  const time = at.toISOString().slice(11, 19);
  return `${days[at.getUTCDay()]} ${months[at.getUTCMonth()]} ${day} ${time} +0000 ${at.getUTCFullYear()}`;
}

function v1User(user: XUser): Record<string, unknown> {
  return {
    id: Number(user.id),
    id_str: user.id,
    name: user.name,
    screen_name: user.username,
    protected: false,
    verified: false,
  };
}

export interface TweetOptions {
  /** The subscribed account (`for_user_id`). */
  forUserId: string;
  /** The account's @handle, mentioned at the start of the text. */
  accountUsername?: string;
  tweetId?: string;
  text?: string;
  author?: XUser;
  /** The tweet this one replies to (a post of the account, or an earlier tweet of the thread). */
  inReplyTo?: { tweetId: string; userId: string; username?: string };
  createdAt?: Date;
}

export interface TweetEvent {
  forUserId: string;
  tweetId: string;
  text: string;
  author: XUser;
  createdAt: Date;
}

function tweetObject(options: TweetOptions, text: string, author: XUser, tweetId: string, createdAt: Date) {
  const username = options.accountUsername ?? 'CD_ValdOrme';
  const mentionAt = text.indexOf(`@${username}`);
  return {
    created_at: twitterDate(createdAt),
    id: Number(tweetId),
    id_str: tweetId,
    text,
    display_text_range: [0, [...text].length],
    truncated: false,
    source: '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
    in_reply_to_status_id: options.inReplyTo ? Number(options.inReplyTo.tweetId) : null,
    in_reply_to_status_id_str: options.inReplyTo?.tweetId ?? null,
    in_reply_to_user_id: options.inReplyTo ? Number(options.inReplyTo.userId) : null,
    in_reply_to_user_id_str: options.inReplyTo?.userId ?? null,
    in_reply_to_screen_name: options.inReplyTo ? (options.inReplyTo.username ?? username) : null,
    user: v1User(author),
    is_quote_status: false,
    quote_count: 0,
    reply_count: 0,
    retweet_count: 0,
    favorite_count: 0,
    entities: {
      hashtags: [],
      urls: [],
      symbols: [],
      user_mentions:
        mentionAt >= 0
          ? [
              {
                screen_name: username,
                name: 'Département du Val-d’Orme',
                id: Number(options.forUserId),
                id_str: options.forUserId,
                indices: [mentionAt, mentionAt + username.length + 1],
              },
            ]
          : [],
    },
    favorited: false,
    retweeted: false,
    filter_level: 'low',
    lang: 'fr',
    timestamp_ms: String(createdAt.getTime()),
  };
}

/** Sample 11: an @mention of the account (AAA `tweet_create_events`). */
export function xMention(options: TweetOptions): { payload: Record<string, unknown>; event: TweetEvent } {
  const username = options.accountUsername ?? 'CD_ValdOrme';
  const text = options.text ?? `@${username} le lampadaire de la rue du Moulin est éteint depuis une semaine`;
  const author = options.author ?? DEFAULT_RESIDENT;
  const tweetId = options.tweetId ?? xId();
  const createdAt = options.createdAt ?? new Date();
  return {
    payload: {
      for_user_id: options.forUserId,
      user_has_blocked: 'false',
      tweet_create_events: [tweetObject(options, text, author, tweetId, createdAt)],
    },
    event: { forUserId: options.forUserId, tweetId, text, author, createdAt },
  };
}

/** Sample 11 as a reply: a resident answering a post of the account, or their own earlier tweet. */
export function xReply(
  options: TweetOptions & { inReplyTo: { tweetId: string; userId: string; username?: string } },
): { payload: Record<string, unknown>; event: TweetEvent } {
  return xMention(options);
}

/** The account's own tweet coming back (our published reply): `user.id_str == for_user_id`. */
export function xOwnTweet(options: TweetOptions & { accountName?: string }): {
  payload: Record<string, unknown>;
  event: TweetEvent;
} {
  const username = options.accountUsername ?? 'CD_ValdOrme';
  return xMention({
    text: `@${DEFAULT_RESIDENT.username} Bonjour, c’est transmis au service des routes.`,
    ...options,
    author: { id: options.forUserId, name: options.accountName ?? 'Département du Val-d’Orme', username },
  });
}

/** A longform post: `text` cut near 140 characters with `truncated`, the whole in `extended_tweet`. */
export function xLongformMention(options: TweetOptions): {
  payload: Record<string, unknown>;
  event: TweetEvent;
} {
  const username = options.accountUsername ?? 'CD_ValdOrme';
  const fullText =
    options.text ??
    `@${username} Bonjour, depuis le début des travaux sur la D347 entre Longué et Saumur, les déviations ne sont ` +
      'pas indiquées au niveau du silo et les camions passent par le bourg de Vivy, devant l’école, à toute ' +
      'vitesse. Pouvez-vous faire poser des panneaux et prévenir les transporteurs ? Merci.';
  const built = xMention({ ...options, text: fullText });
  const [tweet] = built.payload.tweet_create_events as Record<string, unknown>[];
  const chars = [...fullText];
  Object.assign(tweet, {
    text: `${chars.slice(0, 138).join('')}… https://t.co/AbCdEf1234`,
    display_text_range: [0, 140],
    truncated: true,
    extended_tweet: {
      full_text: fullText,
      display_text_range: [0, chars.length],
      entities: tweet.entities,
    },
  });
  return built;
}

export interface DirectMessageOptions {
  forUserId: string;
  senderId?: string;
  recipientId?: string;
  eventId?: string;
  text?: string;
  sender?: XUser;
  createdAt?: Date;
}

export interface DirectMessageEvent {
  forUserId: string;
  eventId: string;
  senderId: string;
  text: string;
  createdAt: Date;
}

function v1DmUser(user: XUser): Record<string, unknown> {
  return {
    id: user.id,
    created_timestamp: '1422556069340',
    name: user.name,
    screen_name: user.username,
    protected: false,
    verified: false,
    followers_count: 22,
    friends_count: 45,
    statuses_count: 494,
    profile_image_url_https: 'https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png',
  };
}

function dmEvent(eventId: string, senderId: string, recipientId: string, text: string, createdAt: Date) {
  return {
    type: 'message_create',
    id: eventId,
    created_timestamp: String(createdAt.getTime()),
    message_create: {
      target: { recipient_id: recipientId },
      sender_id: senderId,
      source_app_id: '13090192',
      message_data: { text, entities: { hashtags: [], symbols: [], user_mentions: [], urls: [] } },
    },
  };
}

/** Sample 10: a DM received by the account (AAA `direct_message_events`, with `users` and `apps`). */
export function xDirectMessage(options: DirectMessageOptions): {
  payload: Record<string, unknown>;
  event: DirectMessageEvent;
} {
  const sender = options.sender ?? { ...DEFAULT_RESIDENT, id: options.senderId ?? DEFAULT_RESIDENT.id };
  const senderId = options.senderId ?? sender.id;
  const recipientId = options.recipientId ?? options.forUserId;
  const eventId = options.eventId ?? xId();
  const text = options.text ?? 'Bonjour, comment faire une demande de carte de transport scolaire ?';
  const createdAt = options.createdAt ?? new Date();
  const account: XUser = {
    id: options.forUserId,
    name: 'Département du Val-d’Orme',
    username: 'CD_ValdOrme',
  };
  return {
    payload: {
      for_user_id: options.forUserId,
      direct_message_events: [dmEvent(eventId, senderId, recipientId, text, createdAt)],
      apps: { '13090192': { id: '13090192', name: 'X for iPhone', url: 'https://x.com' } },
      users: {
        [senderId]: v1DmUser({ ...sender, id: senderId }),
        ...(recipientId !== senderId && {
          [recipientId]: v1DmUser(
            recipientId === options.forUserId ? account : { ...DEFAULT_RESIDENT, id: recipientId },
          ),
        }),
      },
    },
    event: { forUserId: options.forUserId, eventId, senderId, text, createdAt },
  };
}

/** A DM the account sent (through the API or the app) delivered back: `sender_id == for_user_id`. */
export function xOwnDirectMessage(
  options: Omit<DirectMessageOptions, 'senderId'> & { recipientId: string },
): { payload: Record<string, unknown>; event: DirectMessageEvent } {
  return xDirectMessage({
    text: 'Bonjour, votre demande est transmise au service des transports.',
    ...options,
    senderId: options.forUserId,
    sender: { id: options.forUserId, name: 'Département du Val-d’Orme', username: 'CD_ValdOrme' },
  });
}

/** Sample 12: a like on a post of the account (not a message). */
export function xFavorite(options: {
  forUserId: string;
  tweetId?: string;
  by?: XUser;
}): Record<string, unknown> {
  const at = new Date();
  return {
    for_user_id: options.forUserId,
    favorite_events: [
      {
        id: 'a7ba59eab0bfcba386f7acedac279542',
        created_at: twitterDate(at),
        timestamp_ms: at.getTime(),
        favorited_status: {
          id_str: options.tweetId ?? xId(),
          text: 'Les travaux commencent lundi.',
          user: { id_str: options.forUserId },
        },
        user: v1User(options.by ?? DEFAULT_RESIDENT),
      },
    ],
  };
}

/** Sample 13: a post deleted by its author. */
export function xTweetDelete(options: {
  forUserId: string;
  tweetId: string;
  userId?: string;
}): Record<string, unknown> {
  return {
    for_user_id: options.forUserId,
    tweet_delete_events: [
      {
        status: { id: options.tweetId, user_id: options.userId ?? DEFAULT_RESIDENT.id },
        timestamp_ms: String(Date.now()),
      },
    ],
  };
}

/** Sample 14: the account revoked the app's authorisation (no `for_user_id`: the source user is the account). */
export function xRevoke(options: { userId: string; appId?: string }): Record<string, unknown> {
  return {
    user_event: {
      revoke: {
        date_time: new Date().toISOString().replace(/\.\d+Z$/, '+00:00'),
        target: { app_id: options.appId ?? '13090192' },
        source: { user_id: options.userId },
      },
    },
  };
}

/** An AAA delivery with an event key nobody handles: stored and ignored. */
export function xUnknownEvent(options: { forUserId: string }): Record<string, unknown> {
  return { for_user_id: options.forUserId, something_new_events: [{ id: xId() }] };
}

/* ----------------------------------------------------------------------- XAA (samples 15–17) */

function v2User(user: XUser): Record<string, unknown> {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    protected: false,
    verified: false,
    created_at: '2026-04-20T19:55:59.000Z',
  };
}

function xaaEnvelope(
  userId: string,
  eventType: string,
  tag: string,
  payload: unknown,
  includes: unknown,
  eventUuid = xId(),
) {
  return {
    data: {
      event_uuid: eventUuid,
      filter: { user_id: userId },
      event_type: eventType,
      tag,
      payload,
      includes,
    },
  };
}

/** Sample 15: XAA `post.mention.create`. */
export function xaaMention(options: TweetOptions & { eventUuid?: string }): {
  payload: Record<string, unknown>;
  event: TweetEvent;
} {
  const username = options.accountUsername ?? 'CD_ValdOrme';
  const text = options.text ?? `bonjour @${username}, le bus scolaire de Vihiers n’est pas passé ce matin`;
  const author = options.author ?? DEFAULT_RESIDENT;
  const tweetId = options.tweetId ?? xId();
  const createdAt = options.createdAt ?? new Date();
  const start = text.indexOf(`@${username}`);
  const post = {
    created_at: createdAt.toISOString(),
    edit_history_tweet_ids: [tweetId],
    conversation_id: options.inReplyTo?.tweetId ?? tweetId,
    display_text_range: [0, [...text].length],
    text,
    entities:
      start >= 0
        ? { mentions: [{ start, end: start + username.length + 1, username, id: options.forUserId }] }
        : {},
    author_id: author.id,
    possibly_sensitive: false,
    reply_settings: 'everyone',
    id: tweetId,
    lang: 'fr',
  };
  return {
    payload: xaaEnvelope(
      options.forUserId,
      'post.mention.create',
      'mentions',
      post,
      { users: [v2User(author)], tweets: [{ id: tweetId, text, author_id: author.id }] },
      options.eventUuid,
    ),
    event: { forUserId: options.forUserId, tweetId, text, author, createdAt },
  };
}

/** Sample 16: XAA `post.reply.create` (a direct reply to a post of the account; `includes` may be empty). */
export function xaaReply(
  options: TweetOptions & {
    inReplyTo: { tweetId: string; userId: string };
    eventUuid?: string;
    conversationId?: string;
  },
): { payload: Record<string, unknown>; event: TweetEvent } {
  const username = options.accountUsername ?? 'CD_ValdOrme';
  const body = options.text ?? 'Merci pour l’info, et pour la route de Brézé ?';
  const text = `@${username} ${body}`;
  const author = options.author ?? DEFAULT_RESIDENT;
  const tweetId = options.tweetId ?? xId();
  const createdAt = options.createdAt ?? new Date();
  const post = {
    created_at: createdAt.toISOString(),
    edit_history_tweet_ids: [tweetId],
    conversation_id: options.conversationId ?? options.inReplyTo.tweetId,
    in_reply_to_tweet_id: options.inReplyTo.tweetId,
    in_reply_to_user_id: options.inReplyTo.userId,
    referenced_tweets: [{ type: 'replied_to', id: options.inReplyTo.tweetId }],
    display_text_range: [username.length + 2, [...text].length],
    text,
    author_id: author.id,
    id: tweetId,
    lang: 'fr',
  };
  return {
    payload: xaaEnvelope(options.forUserId, 'post.reply.create', 'replies', post, {}, options.eventUuid),
    event: { forUserId: options.forUserId, tweetId, text, author, createdAt },
  };
}

/** Sample 17: XAA `dm.received` (the AAA DM shape inside, users nested under `data`). */
export function xaaDmReceived(options: DirectMessageOptions & { eventUuid?: string }): {
  payload: Record<string, unknown>;
  event: DirectMessageEvent;
} {
  const sender = options.sender ?? { ...DEFAULT_RESIDENT, id: options.senderId ?? DEFAULT_RESIDENT.id };
  const senderId = options.senderId ?? sender.id;
  const eventId = options.eventId ?? xId();
  const text = options.text ?? 'bonjour !';
  const createdAt = options.createdAt ?? new Date();
  return {
    payload: xaaEnvelope(
      options.forUserId,
      'dm.received',
      'dms',
      {
        direct_message_events: [
          dmEvent(eventId, senderId, options.recipientId ?? options.forUserId, text, createdAt),
        ],
        users: { [senderId]: { data: v2User({ ...sender, id: senderId }) } },
      },
      {},
      options.eventUuid,
    ),
    event: { forUserId: options.forUserId, eventId, senderId, text, createdAt },
  };
}

/* ------------------------------------------------------------ polling: GET /2/users/:id/mentions */

export interface V2Tweet {
  id: string;
  text: string;
  author_id: string;
  created_at: string;
  conversation_id?: string;
  in_reply_to_user_id?: string;
  referenced_tweets?: { type: string; id: string }[];
  entities?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A post as `GET /2/users/:id/mentions` returns it (with the fields the service asks for). */
export function xV2Tweet(options: {
  accountId: string;
  accountUsername?: string;
  id?: string;
  text?: string;
  author?: XUser;
  createdAt?: Date;
  inReplyTo?: { tweetId: string; userId: string };
}): V2Tweet {
  const username = options.accountUsername ?? 'CD_ValdOrme';
  const id = options.id ?? xId();
  const text = options.text ?? `@${username} la piste cyclable de la Loire à Vib est inondée`;
  const start = text.indexOf(`@${username}`);
  return {
    id,
    text,
    author_id: (options.author ?? DEFAULT_RESIDENT).id,
    created_at: (options.createdAt ?? new Date()).toISOString(),
    conversation_id: options.inReplyTo?.tweetId ?? id,
    edit_history_tweet_ids: [id],
    ...(options.inReplyTo && {
      in_reply_to_user_id: options.inReplyTo.userId,
      referenced_tweets: [{ type: 'replied_to', id: options.inReplyTo.tweetId }],
    }),
    ...(start >= 0 && {
      entities: { mentions: [{ start, end: start + username.length + 1, username, id: options.accountId }] },
    }),
  };
}

/** A page of `GET /2/users/:id/mentions`: `{data, includes, meta}` (no `data` when empty). */
export function xMentionsPage(
  tweets: V2Tweet[],
  users: XUser[],
  nextToken?: string,
): Record<string, unknown> {
  if (tweets.length === 0) return { meta: { result_count: 0 } };
  const ids = tweets.map((tweet) => tweet.id);
  return {
    data: tweets,
    includes: { users: users.map(v2User) },
    meta: {
      newest_id: ids[0],
      oldest_id: ids.at(-1),
      result_count: tweets.length,
      ...(nextToken && { next_token: nextToken }),
    },
  };
}

export { v2User as xV2User };
