/**
 * Builders for the Facebook Page webhook deliveries of platforms.md §A3 (samples 1–9), with
 * realistic defaults and fresh ids on every call. They return plain objects; platform-senders.ts
 * serialises and signs them the way Meta does. No test framework here: the demo uses them too.
 */

export interface FacebookUser {
  id: string;
  name: string;
}

export interface FacebookFeedValue {
  item: string;
  verb: string;
  post_id?: string;
  comment_id?: string;
  parent_id?: string;
  from?: FacebookUser;
  message?: string;
  created_time?: number;
  post?: Record<string, unknown>;
  is_hidden?: boolean;
  published?: number;
  photo?: string;
  reaction_type?: string;
  [key: string]: unknown;
}

export interface FacebookChange {
  field: string;
  value: FacebookFeedValue | Record<string, unknown>;
}

export interface MessengerEvent {
  sender: { id: string };
  recipient: { id: string };
  timestamp: number;
  message?: {
    mid: string;
    text?: string;
    attachments?: { type: string; payload: { url?: string; [key: string]: unknown } }[];
    is_echo?: boolean;
    app_id?: number;
    metadata?: string;
    reply_to?: { mid: string; is_self_reply?: boolean };
    quick_reply?: { payload: string };
  };
  [key: string]: unknown;
}

export interface FacebookEntry {
  id?: string;
  time: number;
  changes?: FacebookChange[];
  messaging?: MessengerEvent[];
  standby?: MessengerEvent[];
  [key: string]: unknown;
}

export interface FacebookPayload {
  object: string;
  entry: FacebookEntry[];
  [key: string]: unknown;
}

let sequence = 0;
/** A numeric id of `digits` digits, unique within the process (Facebook ids are opaque digit strings). */
export function facebookId(digits = 15): string {
  sequence += 1;
  const stamp = `${Date.now()}${String(sequence).padStart(6, '0')}`;
  return stamp.slice(-digits).padStart(digits, '1').replace(/^0/, '1');
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** `{object: 'page', entry}`: the envelope of every Page delivery. */
export function facebookEnvelope(entries: FacebookEntry[], object = 'page'): FacebookPayload {
  return { object, entry: entries };
}

/** One delivery holding the entries of several (Sample 9: batches, several pages, several changes). */
export function facebookBatch(...payloads: FacebookPayload[]): FacebookPayload {
  return facebookEnvelope(payloads.flatMap((payload) => payload.entry));
}

/** A `feed` entry for one page; `time` is when Meta sent it (seconds). */
export function facebookFeedEntry(
  pageId: string,
  changes: FacebookChange[],
  time = nowSeconds(),
): FacebookEntry {
  return { id: pageId, time, changes };
}

export interface CommentOptions {
  pageId: string;
  /** `{page-id}_{post-id}`; a new post id by default. */
  postId?: string;
  /** `{post-id}_{comment-id}`; a new one by default. */
  commentId?: string;
  /** The post for a top-level comment, the root comment for a reply. */
  parentId?: string;
  from?: FacebookUser;
  message?: string;
  /** Unix seconds. */
  createdTime?: number;
  verb?: string;
  /** Unix seconds; defaults to a moment after `createdTime`. */
  entryTime?: number;
}

export interface FeedComment {
  pageId: string;
  postId: string;
  commentId: string;
  parentId: string;
  from: FacebookUser;
  message?: string;
  createdTime: number;
}

function postPart(postId: string): string {
  return postId.includes('_') ? postId.split('_')[1] : postId;
}

/** The `value` of a comment change (Samples 1, 2, 5), with the ids filled in. */
export function facebookCommentValue(options: CommentOptions): FacebookFeedValue & FeedComment {
  const postId = options.postId ?? `${options.pageId}_${facebookId()}`;
  const commentId = options.commentId ?? `${postPart(postId)}_${facebookId()}`;
  const createdTime = options.createdTime ?? nowSeconds();
  const value: FacebookFeedValue & FeedComment = {
    from: options.from ?? { id: facebookId(16), name: 'Jeanne Martin' },
    post: {
      status_type: 'mobile_status_update',
      is_published: true,
      updated_time: new Date(createdTime * 1000).toISOString().replace(/\.\d+Z$/, '+0000'),
      permalink_url: `https://www.facebook.com/${options.pageId}/posts/${postPart(postId)}`,
      promotion_status: 'inactive',
      id: postId,
    },
    ...(options.message !== undefined && { message: options.message }),
    post_id: postId,
    comment_id: commentId,
    created_time: createdTime,
    item: 'comment',
    parent_id: options.parentId ?? postId,
    verb: options.verb ?? 'add',
    // Convenience copies in camelCase, removed before sending (see stripHelpers).
    pageId: options.pageId,
    postId,
    commentId,
    parentId: options.parentId ?? postId,
    createdTime,
  };
  return value;
}

const HELPER_KEYS = ['pageId', 'postId', 'commentId', 'parentId', 'createdTime'];

function stripHelpers(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !HELPER_KEYS.includes(key)));
}

/** A delivery with one feed change for one page, plus the ids it used. */
export interface FacebookFeedDelivery<T> {
  payload: FacebookPayload;
  event: T;
}

function feedDelivery(pageId: string, value: Record<string, unknown>, entryTime?: number): FacebookPayload {
  const created = typeof value.created_time === 'number' ? value.created_time : nowSeconds();
  return facebookEnvelope([
    facebookFeedEntry(pageId, [{ field: 'feed', value: stripHelpers(value) }], entryTime ?? created + 5),
  ]);
}

/** Sample 1: a resident's new comment under a post of the page. */
export function facebookComment(options: CommentOptions): FacebookFeedDelivery<FeedComment> {
  const value = facebookCommentValue({
    message: 'Les poubelles de la rue des Lilas n’ont pas été ramassées cette semaine',
    ...options,
  });
  return { payload: feedDelivery(options.pageId, value, options.entryTime), event: pick(value) };
}

/** Sample 2: a reply under a comment (`parent_id` = the root comment). */
export function facebookCommentReply(
  options: CommentOptions & { parent: Pick<FeedComment, 'postId' | 'commentId'> },
): FacebookFeedDelivery<FeedComment> {
  const value = facebookCommentValue({
    message: 'Toujours rien ce matin…',
    ...options,
    postId: options.parent.postId,
    parentId: options.parent.commentId,
  });
  return { payload: feedDelivery(options.pageId, value, options.entryTime), event: pick(value) };
}

/** Sample 5 and edits: the same comment again with another verb (`edited`, `remove`, `hide`, `unhide`). */
export function facebookCommentVerb(
  comment: FeedComment,
  verb: string,
  options: { message?: string; createdTime?: number; pageActs?: boolean } = {},
): FacebookPayload {
  const value = facebookCommentValue({
    pageId: comment.pageId,
    postId: comment.postId,
    commentId: comment.commentId,
    parentId: comment.parentId,
    from: options.pageActs ? { id: comment.pageId, name: 'Page' } : comment.from,
    createdTime: options.createdTime ?? comment.createdTime,
    verb,
    ...(verb === 'edited' && { message: options.message ?? `${comment.message ?? ''} (modifié)` }),
    ...(verb !== 'edited' &&
      verb !== 'remove' &&
      options.message !== undefined && { message: options.message }),
  });
  return feedDelivery(comment.pageId, value);
}

export interface VisitorPost {
  pageId: string;
  postId: string;
  from: FacebookUser;
  message: string;
  createdTime: number;
}

/** Sample 3: a visitor's post on the page. */
export function facebookVisitorPost(options: {
  pageId: string;
  postId?: string;
  from?: FacebookUser;
  message?: string;
  createdTime?: number;
}): FacebookFeedDelivery<VisitorPost> {
  const event: VisitorPost = {
    pageId: options.pageId,
    postId: options.postId ?? `${options.pageId}_${facebookId()}`,
    from: options.from ?? { id: facebookId(16), name: 'Cendrillon Hoover' },
    message: options.message ?? 'Bonjour, la salle des fêtes est-elle accessible aux fauteuils roulants ?',
    createdTime: options.createdTime ?? nowSeconds(),
  };
  const value = {
    from: event.from,
    item: 'post',
    post_id: event.postId,
    verb: 'add',
    created_time: event.createdTime,
    is_hidden: false,
    message: event.message,
  };
  return { payload: feedDelivery(options.pageId, value), event };
}

/** Sample 4: the page's own status post (the dashboard's test payload): never a ticket. */
export function facebookPageOwnPost(options: {
  pageId: string;
  postId?: string;
  message?: string;
  pageName?: string;
}): FacebookPayload {
  return feedDelivery(options.pageId, {
    item: 'status',
    post_id: options.postId ?? `${options.pageId}_${facebookId()}`,
    verb: 'add',
    published: 1,
    created_time: nowSeconds(),
    message: options.message ?? 'Les travaux de la RD 960 commencent lundi.',
    from: { name: options.pageName ?? 'Page', id: options.pageId },
  });
}

/** The page's own comment (our published reply coming back): `from.id` is the page id. */
export function facebookPageOwnComment(
  options: CommentOptions & { pageName?: string },
): FacebookFeedDelivery<FeedComment> {
  return facebookComment({
    message: 'Bonjour, merci pour votre message : nous transmettons au service concerné.',
    ...options,
    from: { id: options.pageId, name: options.pageName ?? 'Page' },
  });
}

/** A change the service does not handle (a reaction, a share): stored and ignored. */
export function facebookReaction(options: {
  pageId: string;
  postId?: string;
  from?: FacebookUser;
}): FacebookPayload {
  return feedDelivery(options.pageId, {
    item: 'reaction',
    verb: 'add',
    reaction_type: 'like',
    post_id: options.postId ?? `${options.pageId}_${facebookId()}`,
    from: options.from ?? { id: facebookId(16), name: 'Paul Durand' },
    created_time: nowSeconds(),
  });
}

function pick(value: FeedComment): FeedComment {
  return {
    pageId: value.pageId,
    postId: value.postId,
    commentId: value.commentId,
    parentId: value.parentId,
    from: value.from,
    message: value.message,
    createdTime: value.createdTime,
  };
}

/* ---------------------------------------------------------------- Messenger (Samples 6–8) */

export interface MessengerOptions {
  pageId: string;
  /** The resident's page-scoped id. */
  psid?: string;
  mid?: string;
  text?: string;
  /** Unix milliseconds. */
  timestamp?: number;
}

export function messengerMid(): string {
  return `m_${Buffer.from(facebookId(20)).toString('base64url')}${facebookId(8)}`;
}

/** A `messaging` (or `standby`) entry for one page; Messenger times are milliseconds. */
export function messengerEntry(
  pageId: string,
  events: MessengerEvent[],
  options: { standby?: boolean; time?: number } = {},
): FacebookEntry {
  return {
    id: pageId,
    time: options.time ?? Math.max(...events.map((event) => event.timestamp)),
    [options.standby ? 'standby' : 'messaging']: events,
  };
}

/** The event of Sample 6: a resident's text message to the page. */
export function messengerTextEvent(options: MessengerOptions): MessengerEvent {
  return {
    sender: { id: options.psid ?? facebookId(16) },
    recipient: { id: options.pageId },
    timestamp: options.timestamp ?? Date.now(),
    message: {
      mid: options.mid ?? messengerMid(),
      text: options.text ?? 'Bonjour, à quelle heure ouvre la déchetterie samedi ?',
    },
  };
}

/** Sample 6: a Messenger text message, full delivery. */
export function messengerText(options: MessengerOptions): FacebookFeedDelivery<MessengerEvent> {
  const event = messengerTextEvent(options);
  return { payload: facebookEnvelope([messengerEntry(options.pageId, [event])]), event };
}

/** Sample 7: a message with an attachment (an image by default) and no text. */
export function messengerAttachment(
  options: MessengerOptions & { type?: string; url?: string },
): FacebookFeedDelivery<MessengerEvent> {
  const event: MessengerEvent = {
    sender: { id: options.psid ?? facebookId(16) },
    recipient: { id: options.pageId },
    timestamp: options.timestamp ?? Date.now(),
    message: {
      mid: options.mid ?? messengerMid(),
      ...(options.text !== undefined && { text: options.text }),
      attachments: [
        {
          type: options.type ?? 'image',
          payload: { url: options.url ?? `https://scontent.xx.fbcdn.net/v/t1.15752-9/${facebookId()}_n.jpg` },
        },
      ],
    },
  };
  return { payload: facebookEnvelope([messengerEntry(options.pageId, [event])]), event };
}

/** Sample 8: the page's own message echoed back (`is_echo`), e.g. a reply we sent with `metadata`. */
export function messengerEcho(
  options: MessengerOptions & { metadata?: string; appId?: number },
): FacebookFeedDelivery<MessengerEvent> {
  const event: MessengerEvent = {
    sender: { id: options.pageId },
    recipient: { id: options.psid ?? facebookId(16) },
    timestamp: options.timestamp ?? Date.now(),
    message: {
      is_echo: true,
      app_id: options.appId ?? 1517776481860111,
      ...(options.metadata !== undefined && { metadata: options.metadata }),
      mid: options.mid ?? messengerMid(),
      text: options.text ?? 'Bonjour, nous avons bien reçu votre demande.',
    },
  };
  return { payload: facebookEnvelope([messengerEntry(options.pageId, [event])]), event };
}

/** A Messenger text delivered in `standby[]` (another app owns the thread: handover protocol). */
export function messengerStandby(options: MessengerOptions): FacebookFeedDelivery<MessengerEvent> {
  const event = messengerTextEvent(options);
  return { payload: facebookEnvelope([messengerEntry(options.pageId, [event], { standby: true })]), event };
}

/** A Messenger event with neither `message` nor a known event body: stored and ignored. */
export function messengerUnknownEvent(options: { pageId: string; psid?: string }): FacebookPayload {
  return facebookEnvelope([
    messengerEntry(options.pageId, [
      {
        sender: { id: options.psid ?? facebookId(16) },
        recipient: { id: options.pageId },
        timestamp: Date.now(),
        something_new: { value: 1 },
      },
    ]),
  ]);
}

/** A delivery receipt (`message_deliveries`): not a message. */
export function messengerDelivery(options: {
  pageId: string;
  psid?: string;
  mids?: string[];
}): FacebookPayload {
  const timestamp = Date.now();
  return facebookEnvelope([
    messengerEntry(options.pageId, [
      {
        sender: { id: options.psid ?? facebookId(16) },
        recipient: { id: options.pageId },
        timestamp,
        delivery: { mids: options.mids ?? [messengerMid()], watermark: timestamp },
      },
    ]),
  ]);
}
