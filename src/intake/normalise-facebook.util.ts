import type { Attachment, EventAction, NormalisedDelivery, NormalisedEvent } from './normalised-event.js';
import { clean, epoch, id, Json, list, record, text } from './payload.util.js';

/** Feed items that are a resident's post on the page (visitor post) or the page's own post. */
const POST_ITEMS = new Set(['post', 'status', 'photo', 'video', 'link', 'note', 'album']);
/** Feed items that are never messages: reactions, likes, shares and the like. */
const QUIET_ITEMS = new Set(['reaction', 'like', 'share', 'event', 'rating']);

const VERBS: Record<string, EventAction> = {
  add: 'add',
  edit: 'edit',
  edited: 'edit',
  update: 'edit',
  remove: 'remove',
  delete: 'remove',
  hide: 'hide',
  unhide: 'unhide',
};

/** Messenger events we know and deliberately leave aside (receipts, clicks, reactions, handover). */
const QUIET_MESSAGING = [
  'delivery',
  'read',
  'postback',
  'reaction',
  'optin',
  'referral',
  'pass_thread_control',
  'take_thread_control',
  'request_thread_control',
  'app_roles',
  'policy_enforcement',
  'account_linking',
] as const;

/**
 * A Facebook page delivery (`object: page`) → events of the page `pageId` only: a batched delivery
 * names several pages and is stored once per page.
 */
export function normaliseFacebook(body: unknown, pageId: string): NormalisedDelivery {
  const result: NormalisedDelivery = { events: [], ignored: [] };
  const root = record(body);
  if (!root) return { events: [], ignored: ['body is not a JSON object'] };
  if (root.object !== 'page') result.ignored.push(`object ${String(root.object)}`);
  if (root.object !== 'page') return result;
  for (const [index, raw] of list(root.entry).entries()) {
    const entry = record(raw);
    const entryId = id(entry?.id);
    if (!entry || !entryId) {
      result.ignored.push(`entry ${index} without id`);
      continue;
    }
    if (entryId !== pageId) continue;
    for (const change of list(entry.changes)) feedChange(record(change), entry, pageId, result);
    for (const key of ['messaging', 'standby'] as const) {
      for (const event of list(entry[key])) messaging(record(event), pageId, key, result);
    }
  }
  return result;
}

function feedChange(change: Json | undefined, entry: Json, pageId: string, result: NormalisedDelivery) {
  const field = text(change?.field);
  if (field !== 'feed') {
    result.ignored.push(`field ${field ?? 'missing'}`);
    return;
  }
  const value = record(change?.value);
  const item = text(value?.item);
  if (!value || !item) {
    result.ignored.push('feed change without item');
    return;
  }
  if (QUIET_ITEMS.has(item)) {
    result.ignored.push(`feed ${item}`);
    return;
  }
  const isComment = item === 'comment';
  if (!isComment && !POST_ITEMS.has(item)) {
    result.ignored.push(`feed item ${item}`);
    return;
  }
  const verb = text(value.verb) ?? '';
  const action = VERBS[verb];
  if (!action) {
    result.ignored.push(`feed ${item} verb ${verb || 'missing'}`);
    return;
  }
  const postId = id(value.post_id) ?? null;
  const externalId = isComment ? id(value.comment_id) : postId;
  if (!externalId) {
    result.ignored.push(`feed ${item} without ${isComment ? 'comment_id' : 'post_id'}`);
    return;
  }
  const from = record(value.from);
  const fromId = id(from?.id);
  const created = epoch(value.created_time, 's');
  // Removals and hides come with the time of the notification; additions and edits with their own.
  const at =
    (action === 'add' || action === 'edit' ? created : undefined) ??
    epoch(entry.time, 's') ??
    created ??
    new Date(0);
  const parentId = id(value.parent_id) ?? null;
  const message = text(value.message);
  const post = record(value.post);
  result.events.push({
    platform: 'facebook',
    kind: isComment ? 'comment' : 'post',
    action,
    externalId,
    dedupeKey:
      action === 'edit'
        ? `${externalId}:${verb}:${text(value.created_time) ?? at.getTime()}`
        : action === 'add'
          ? externalId
          : `${externalId}:${verb}:${text(entry.time) ?? ''}`,
    author: fromId ? { platformId: fromId, name: text(from?.name) ?? null, handle: null } : null,
    text: message === undefined ? (action === 'add' ? '' : null) : clean(message),
    attachments: feedAttachments(value),
    at,
    // A hide, unhide or removal by the page is moderation of someone else's message, not our own message.
    own: fromId === pageId && (action === 'add' || action === 'edit'),
    channelExternalId: pageId,
    residentId: null,
    postExternalId: postId ?? id(post?.id) ?? null,
    parentExternalId: parentId,
    rootExternalId: isComment ? (parentId && parentId !== postId ? parentId : externalId) : null,
    conversationId: null,
    permalink: text(value.permalink_url) ?? text(post?.permalink_url) ?? null,
  });
}

function feedAttachments(value: Json): Attachment[] {
  const attachments: Attachment[] = [];
  const add = (type: string, url: unknown) => {
    const link = text(url);
    if (link && /^https?:\/\//.test(link)) attachments.push({ type, url: link });
  };
  add('image', value.photo);
  for (const photo of list(value.photos)) add('image', photo);
  add('video', value.video);
  add('link', value.link);
  return attachments;
}

function messaging(event: Json | undefined, pageId: string, key: string, result: NormalisedDelivery) {
  if (!event) {
    result.ignored.push(`${key} event is not an object`);
    return;
  }
  const senderId = id(record(event.sender)?.id);
  const recipientId = id(record(event.recipient)?.id);
  const at = epoch(event.timestamp, 'ms') ?? new Date(0);
  const message = record(event.message);
  const edit = record(event.message_edit);
  if (message) {
    const mid = id(message.mid);
    if (!mid || !senderId) {
      result.ignored.push(`${key} message without ${mid ? 'sender' : 'mid'}`);
      return;
    }
    const echo = message.is_echo === true || senderId === pageId;
    const resident = echo ? recipientId : senderId;
    if (!resident) {
      result.ignored.push(`${key} echo without recipient`);
      return;
    }
    result.events.push({
      ...messengerBase(pageId, mid, at, resident),
      action: 'add',
      dedupeKey: mid,
      author: echo
        ? { platformId: pageId, name: null, handle: null }
        : { platformId: senderId, name: null, handle: null },
      text: clean(text(message.text) ?? ''),
      attachments: messengerAttachments(message),
      own: echo,
      parentExternalId: id(record(message.reply_to)?.mid) ?? null,
    });
    return;
  }
  if (edit) {
    const mid = id(edit.mid);
    if (!mid || !senderId) {
      result.ignored.push(`${key} message_edit without mid`);
      return;
    }
    const own = senderId === pageId;
    const resident = own ? recipientId : senderId;
    result.events.push({
      ...messengerBase(pageId, mid, at, resident ?? senderId),
      action: 'edit',
      dedupeKey: `${mid}:edit:${text(edit.num_edit) ?? at.getTime()}`,
      author: { platformId: senderId, name: null, handle: null },
      text: clean(text(edit.text) ?? ''),
      attachments: [],
      own,
      parentExternalId: null,
    });
    return;
  }
  const known = QUIET_MESSAGING.find((name) => name in event);
  result.ignored.push(
    known ? `${key} ${known}` : `${key} event without message (${Object.keys(event).join(', ')})`,
  );
}

function messengerBase(pageId: string, mid: string, at: Date, resident: string) {
  return {
    platform: 'facebook' as const,
    kind: 'message' as const,
    externalId: mid,
    at,
    channelExternalId: pageId,
    residentId: resident,
    postExternalId: null,
    rootExternalId: null,
    conversationId: null,
    permalink: null,
  } satisfies Partial<NormalisedEvent>;
}

function messengerAttachments(message: Json): Attachment[] {
  const attachments: Attachment[] = [];
  for (const raw of list(message.attachments)) {
    const attachment = record(raw);
    const payload = record(attachment?.payload);
    const url = text(payload?.url);
    const type = text(attachment?.type) ?? 'file';
    if (url && /^https?:\/\//.test(url)) attachments.push({ type, url });
    else if (type === 'location') {
      const coordinates = record(payload?.coordinates);
      const lat = text(coordinates?.lat);
      const long = text(coordinates?.long);
      if (lat && long)
        attachments.push({ type, url: `https://www.openstreetmap.org/?mlat=${lat}&mlon=${long}` });
    }
  }
  return attachments;
}
