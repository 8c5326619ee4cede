import { createHash } from 'node:crypto';
import {
  facebookComment,
  facebookCommentReply,
  type FacebookPayload,
  type FeedComment,
  facebookVisitorPost,
  messengerText,
  xDirectMessage,
  xMention,
} from '../../test/fakes/platform-senders.js';

/** A line of the classification training data, as the demo reads it. */
export interface DemoSample {
  text: string;
  context?: string;
  platform?: 'facebook' | 'twitter';
}

export type DemoKind = 'comment' | 'reply' | 'post' | 'messenger' | 'mention' | 'dm';

export interface DemoMessage {
  platform: 'facebook' | 'twitter';
  kind: DemoKind;
  payload: FacebookPayload | Record<string, unknown>;
  author: string;
  text: string;
}

export interface DemoAccounts {
  pageId: string;
  /** The X account's id and @handle. */
  xUserId: string;
  xUsername: string;
}

const FIRST_NAMES = [
  'Camille',
  'Léa',
  'Manon',
  'Chloé',
  'Inès',
  'Jade',
  'Louise',
  'Emma',
  'Sarah',
  'Nathalie',
  'Sandrine',
  'Isabelle',
  'Martine',
  'Françoise',
  'Brigitte',
  'Sylvie',
  'Hugo',
  'Lucas',
  'Thomas',
  'Nicolas',
  'Julien',
  'Antoine',
  'Mathieu',
  'Kévin',
  'Rachid',
  'Yannick',
  'Gérard',
  'Bernard',
  'Jean-Pierre',
  'Michel',
  'Pascal',
  'Thierry',
  'Océane',
  'Anaïs',
  'Mamadou',
  'Dylan',
  'Maëlle',
  'Gwenaël',
  'Sébastien',
  'Hélène',
];
const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefèbvre',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
  'Morel',
  'Girard',
  'André',
  'Mercier',
  'Blanc',
  'Guérin',
  'Boyer',
  'Chevalier',
  'Ménard',
  'Gauthier',
  'Brossard',
  'Cottereau',
  'Pichon',
  'Rousseau',
  'Benali',
  'Nguyen',
  'Le Gall',
  'Traoré',
  'Oger',
  'Hamon',
];

/** A resident of the demo: the same person keeps the same ids, so their messages thread together. */
export interface DemoResident {
  name: string;
  facebookId: string;
  psid: string;
  xId: string;
  username: string;
}

function digits(seed: string, length: number): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return (BigInt(`0x${hex.slice(0, 30)}`) % 10n ** BigInt(length - 1))
    .toString()
    .padStart(length - 1, '0')
    .replace(/^/, '7');
}

export function demoResident(random: () => number): DemoResident {
  const first = FIRST_NAMES[Math.floor(random() * FIRST_NAMES.length)];
  const last = LAST_NAMES[Math.floor(random() * LAST_NAMES.length)];
  const name = `${first} ${last}`;
  const plain = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
  return {
    name,
    facebookId: digits(`fb:${name}`, 16),
    psid: digits(`psid:${name}`, 16),
    xId: digits(`x:${name}`, 18),
    username: `${plain.slice(0, 12)}${digits(`u:${name}`, 3).slice(1)}`,
  };
}

/** The page's post a comment goes under: one per distinct context, a few general ones otherwise. */
function postIdFor(pageId: string, context: string | undefined, random: () => number): string {
  const seed = context ?? `general-${Math.floor(random() * 4)}`;
  return `${pageId}_${digits(`post:${seed}`, 15)}`;
}

function withMention(text: string, username: string): string {
  return text.includes(`@${username}`) ? text : `@${username} ${text}`;
}

function withoutMentions(text: string): string {
  return text.replace(/^(\s*@\w+)+\s*/, '').trim() || text;
}

/**
 * One realistic delivery for a sample: its platform when the data names one, a Facebook comment
 * under the post of its context when it has one; otherwise a mix of comments, replies under an
 * earlier comment of the same resident, visitor posts and Messenger; mentions and DMs on X.
 */
export function demoMessage(
  sample: DemoSample,
  accounts: DemoAccounts,
  random: () => number,
  earlier: FeedComment[] = [],
): DemoMessage {
  const resident = demoResident(random);
  const platform = sample.platform ?? (random() < 0.65 ? 'facebook' : 'twitter');
  const roll = random();
  if (platform === 'twitter') {
    if (roll < 0.65 || sample.context) {
      const text = withMention(sample.text, accounts.xUsername);
      const { payload } = xMention({
        forUserId: accounts.xUserId,
        accountUsername: accounts.xUsername,
        text,
        author: { id: resident.xId, name: resident.name, username: resident.username },
      });
      return { platform, kind: 'mention', payload, author: resident.name, text };
    }
    const text = withoutMentions(sample.text);
    const { payload } = xDirectMessage({
      forUserId: accounts.xUserId,
      text,
      sender: { id: resident.xId, name: resident.name, username: resident.username },
    });
    return { platform, kind: 'dm', payload, author: resident.name, text };
  }
  const from = { id: resident.facebookId, name: resident.name };
  const text = withoutMentions(sample.text);
  if (sample.context || roll < 0.4) {
    const { payload } = facebookComment({
      pageId: accounts.pageId,
      postId: postIdFor(accounts.pageId, sample.context, random),
      from,
      message: text,
    });
    return { platform, kind: 'comment', payload, author: resident.name, text };
  }
  const parent = earlier.length ? earlier[Math.floor(random() * earlier.length)] : undefined;
  if (parent && roll < 0.55) {
    // The same resident comes back under their own comment: it joins that ticket.
    const { payload } = facebookCommentReply({
      pageId: accounts.pageId,
      parent,
      from: parent.from,
      message: text,
    });
    return { platform, kind: 'reply', payload, author: parent.from.name, text };
  }
  if (roll < 0.7) {
    const { payload } = facebookVisitorPost({ pageId: accounts.pageId, from, message: text });
    return { platform, kind: 'post', payload, author: resident.name, text };
  }
  const { payload } = messengerText({ pageId: accounts.pageId, psid: resident.psid, text });
  return { platform, kind: 'messenger', payload, author: resident.name, text };
}

/** The comment a Facebook comment delivery carries (to reply under it later), if it is one. */
export function commentOf(message: DemoMessage): FeedComment | undefined {
  if (message.kind !== 'comment') return undefined;
  const value = (message.payload as FacebookPayload).entry[0]?.changes?.[0]?.value;
  if (!value || typeof value.comment_id !== 'string') return undefined;
  return {
    pageId: (message.payload as FacebookPayload).entry[0].id!,
    postId: value.post_id as string,
    commentId: value.comment_id,
    parentId: value.parent_id as string,
    from: value.from as { id: string; name: string },
    message: value.message as string | undefined,
    createdTime: value.created_time as number,
  };
}
