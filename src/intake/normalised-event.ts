import type { Platform } from './incoming-delivery.js';

/** What a resident wrote, as the inbox shows it: `platform` says where, `kind` what. */
export type MessageKind = 'comment' | 'post' | 'message' | 'mention' | 'dm';
export const MESSAGE_KINDS: readonly MessageKind[] = ['comment', 'post', 'message', 'mention', 'dm'];

export type EventAction = 'add' | 'edit' | 'remove' | 'hide' | 'unhide';

/** A photo, video, file or link, kept as a link to the platform's copy. */
export interface Attachment {
  type: string;
  url: string;
}

export interface EventAuthor {
  /** Page-scoped id (Facebook, Messenger PSID) or X user id. */
  platformId: string;
  name: string | null;
  /** X screen name, without `@`; null on Facebook. */
  handle: string | null;
}

/**
 * One thing that happened on a platform, from one delivery: a message added, edited, removed,
 * hidden or shown again. Pure data, built by the `normalise-*.util.ts` functions.
 */
export interface NormalisedEvent {
  platform: Platform;
  kind: MessageKind;
  action: EventAction;
  /** The platform's id of the message: Facebook comment_id or post_id, Messenger mid, tweet id, DM event id. */
  externalId: string;
  /** What makes this event the same event when it comes again (webhook retry, webhook and poll). */
  dedupeKey: string;
  /** Who wrote it (add, edit); for moderation actions, who acted, when known. */
  author: EventAuthor | null;
  /** Null when the event carries no text (removals, attachment-only messages have ''). */
  text: string | null;
  attachments: Attachment[];
  /** When it happened on the platform (not when it reached us). */
  at: Date;
  /** Written by the page or account itself (echo, own comment, own post, own tweet or DM): never a ticket. */
  own: boolean;
  /** The page or X account the event belongs to. */
  channelExternalId: string;
  /** The resident of a private conversation (Messenger PSID, other DM participant), even for our own messages. */
  residentId: string | null;
  /** Facebook post id (comments), X conversation id when known. */
  postExternalId: string | null;
  /** The message this one answers: parent comment, replied-to mid, in_reply_to tweet. */
  parentExternalId: string | null;
  /** Facebook: the top-level comment a reply sits under (itself for a top-level comment). */
  rootExternalId: string | null;
  /** X DM conversation (`smaller-larger` user ids). */
  conversationId: string | null;
  /** Where a person can see it on the platform, when the payload says. */
  permalink: string | null;
}

/** Something in a delivery that produced no event, with why (kept on the delivery for the operator). */
export type Ignored = string;

export interface NormalisedDelivery {
  events: NormalisedEvent[];
  ignored: Ignored[];
}
