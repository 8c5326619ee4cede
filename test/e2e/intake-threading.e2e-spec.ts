import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  facebookBatch,
  facebookComment,
  facebookCommentReply,
  facebookCommentVerb,
  facebookPageOwnComment,
  facebookPageOwnPost,
  facebookVisitorPost,
  messengerAttachment,
  messengerEcho,
  messengerStandby,
  messengerText,
  messengerTextEvent,
  facebookEnvelope,
  messengerEntry,
  signedFacebookDelivery,
  signedXDelivery,
  xaaDmReceived,
  xaaMention,
  xaaReply,
  xDirectMessage,
  xLongformMention,
  xMention,
  xMentionsPage,
  xOwnDirectMessage,
  xOwnTweet,
  xReply,
  xTweetDelete,
  xV2Tweet,
  DEFAULT_RESIDENT,
} from '../fakes/platform-senders.js';
import { createOrganisation } from '../support/factories.js';
import {
  createChannel,
  deliver,
  INTAKE_ENV,
  quiesce,
  messagesOf,
  receivePoll,
  settled,
  ticketsOf,
} from '../support/ticket-factories.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const SECRET = INTAKE_ENV.FACEBOOK_APP_SECRET;
const X_SECRET = INTAKE_ENV.TWITTER_CONSUMER_SECRET;
const DAY = 24 * 60 * 60 * 1000;

describe('intake: deliveries become messages in the right tickets', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(INTAKE_ENV);
  });
  beforeEach(() => t.reset());
  afterEach(() => quiesce(t));
  afterAll(() => t.close());

  async function setUp() {
    const organisation = await createOrganisation(t.dataSource);
    const page = await createChannel(t.dataSource, organisation.id, 'facebook');
    const account = await createChannel(t.dataSource, organisation.id, 'twitter');
    const facebook = (payload: unknown) => deliver(t, signedFacebookDelivery(payload, SECRET));
    const x = (payload: unknown) => deliver(t, signedXDelivery(payload, X_SECRET));
    const done = async () => {
      await settled(t, organisation.id);
      return { tickets: await ticketsOf(t, organisation.id), messages: await messagesOf(t, organisation.id) };
    };
    return {
      organisation,
      page,
      account,
      pageId: page.externalId,
      accountId: account.externalId,
      facebook,
      x,
      done,
    };
  }

  describe('Facebook comments', () => {
    it('puts a reply under a comment in the ticket of its root comment, with a reference', async () => {
      const { pageId, facebook, done } = await setUp();
      const root = facebookComment({ pageId, message: 'Nid-de-poule énorme route de Cholet' });
      await facebook(root.payload);
      await facebook(
        facebookCommentReply({
          pageId,
          parent: root.event,
          from: root.event.from,
          message: 'Toujours là ce matin',
        }).payload,
      );
      const { tickets, messages } = await done();
      expect(tickets).toHaveLength(1);
      expect(tickets[0]).toMatchObject({ platform: 'facebook', kind: 'comment' });
      expect(tickets[0].reference).toMatch(/^EG-20\d\d-000001$/);
      expect(messages.map((m) => [m.text, m.ticket_id])).toEqual([
        ['Nid-de-poule énorme route de Cholet', tickets[0].id],
        ['Toujours là ce matin', tickets[0].id],
      ]);
    });

    it('opens another ticket for a new comment by the same resident on another post', async () => {
      const { pageId, facebook, done } = await setUp();
      const first = facebookComment({ pageId });
      await facebook(first.payload);
      await facebook(facebookComment({ pageId, from: first.event.from, message: 'Autre sujet' }).payload);
      const { tickets } = await done();
      expect(tickets).toHaveLength(2);
      expect(new Set(tickets.map((ticket) => ticket.contact_id)).size).toBe(1);
      expect(tickets.map((ticket) => ticket.reference.slice(-6)).sort()).toEqual(['000001', '000002']);
    });

    it("gives another resident's reply under a comment a ticket of their own", async () => {
      const { pageId, facebook, done } = await setUp();
      const root = facebookComment({ pageId });
      await facebook(root.payload);
      await facebook(
        facebookCommentReply({ pageId, parent: root.event, from: { id: '7770001', name: 'Paul' } }).payload,
      );
      expect((await done()).tickets).toHaveLength(2);
    });

    it("keeps a resident's comments under their own visitor post in the post's ticket", async () => {
      const { pageId, facebook, done } = await setUp();
      const post = facebookVisitorPost({ pageId });
      await facebook(post.payload);
      await facebook(
        facebookComment({ pageId, postId: post.event.postId, from: post.event.from, message: 'Précision' })
          .payload,
      );
      const { tickets, messages } = await done();
      expect(tickets).toHaveLength(1);
      expect(['post', 'comment']).toContain(tickets[0].kind); // whichever was processed first
      expect(messages).toHaveLength(2);
    });

    it("never makes a ticket of the page's own post or comment, and files our reply in the resident's ticket", async () => {
      const { pageId, facebook, done } = await setUp();
      const own = facebookPageOwnPost({ pageId, message: 'Travaux sur la RD 960 lundi' });
      await facebook(own);
      const root = facebookComment({ pageId });
      await facebook(root.payload);
      await done();
      await facebook(
        facebookPageOwnComment({ pageId, postId: root.event.postId, parentId: root.event.commentId }).payload,
      );
      const { tickets, messages } = await done();
      expect(tickets).toHaveLength(1);
      const ours = messages.filter((m) => m.direction === 'out').sort((a, b) => b.text.localeCompare(a.text));
      expect(ours.map((m) => [m.text, m.ticket_id])).toEqual([
        ['Travaux sur la RD 960 lundi', null],
        [expect.stringContaining('merci pour votre message'), tickets[0].id],
      ]);
    });

    it('updates an edited comment and keeps its first text; records removals and hides', async () => {
      const { pageId, facebook, done } = await setUp();
      const root = facebookComment({ pageId, message: 'Premier texte' });
      await facebook(root.payload);
      await facebook(
        facebookCommentVerb(root.event, 'edited', {
          message: 'Texte corrigé',
          createdTime: root.event.createdTime + 60,
        }),
      );
      await facebook(facebookCommentVerb(root.event, 'hide', { pageActs: true }));
      let { messages } = await done();
      expect(messages[0]).toMatchObject({ text: 'Texte corrigé', original_text: 'Premier texte' });
      expect(messages[0].edited_at).not.toBeNull();
      expect(messages[0].hidden_at).not.toBeNull();
      await facebook(facebookCommentVerb(root.event, 'unhide', { pageActs: true }));
      await facebook(facebookCommentVerb(root.event, 'remove'));
      ({ messages } = await done());
      expect(messages[0].hidden_at).toBeNull();
      expect(messages[0].removed_at).not.toBeNull();
      expect(messages).toHaveLength(1);
    });

    it('applies a hide that comes before its comment once the comment is stored', async () => {
      const { pageId, facebook, done } = await setUp();
      const root = facebookComment({ pageId });
      await facebook(facebookCommentVerb(root.event, 'hide', { pageActs: true }));
      await facebook(root.payload);
      const { messages } = await done();
      expect(messages).toHaveLength(1);
      expect(messages[0].hidden_at).not.toBeNull();
    });

    it('drops, after waiting a little, the removal of a comment it never received', async () => {
      const { organisation, pageId, facebook, done } = await setUp();
      await facebook(facebookCommentVerb(facebookComment({ pageId }).event, 'remove'));
      const { tickets, messages } = await done();
      expect([tickets, messages]).toEqual([[], []]);
      const [delivery] = await t.dataSource.query<{ status: string; attempts: number }[]>(
        'SELECT status, attempts FROM delivery WHERE organisation_id = $1',
        [organisation.id],
      );
      expect(delivery).toEqual({ status: 'processed', attempts: 2 });
    });

    it('reads an edit that arrives before its comment, then keeps the first text when the comment comes', async () => {
      const { pageId, facebook, done } = await setUp();
      const root = facebookComment({ pageId, message: 'Avant' });
      await facebook(
        facebookCommentVerb(root.event, 'edited', {
          message: 'Après',
          createdTime: root.event.createdTime + 30,
        }),
      );
      await done();
      await facebook(root.payload);
      const { tickets, messages } = await done();
      expect(tickets).toHaveLength(1);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({ text: 'Après', original_text: 'Avant' });
    });
  });

  describe('Messenger', () => {
    it('continues the open conversation, keeps attachments as links and reads standby[]', async () => {
      const { pageId, facebook, done } = await setUp();
      const psid = '61000000000001';
      await facebook(messengerText({ pageId, psid, text: 'Bonjour' }).payload);
      await facebook(messengerAttachment({ pageId, psid, url: 'https://cdn.example/photo.jpg' }).payload);
      await facebook(messengerStandby({ pageId, psid, text: 'Vous êtes là ?' }).payload);
      const { tickets, messages } = await done();
      expect(tickets).toHaveLength(1);
      expect(tickets[0].kind).toBe('message');
      expect(messages).toHaveLength(3);
      expect(messages.find((m) => m.attachments.length)?.attachments).toEqual([
        { type: 'image', url: 'https://cdn.example/photo.jpg' },
      ]);
    });

    it('reopens a conversation closed less than a week before, opens a new ticket a week after', async () => {
      const { pageId, facebook, done } = await setUp();
      const psid = '61000000000002';
      const start = Date.now() - 20 * DAY;
      await facebook(messengerText({ pageId, psid, timestamp: start, text: 'Première demande' }).payload);
      let { tickets } = await done();
      await t.dataSource.query(`UPDATE ticket SET status = 'closed', closed_at = $2 WHERE id = $1`, [
        tickets[0].id,
        new Date(start + DAY),
      ]);
      await facebook(messengerText({ pageId, psid, timestamp: start + 3 * DAY, text: 'Encore moi' }).payload);
      ({ tickets } = await done());
      expect(tickets).toHaveLength(1);
      expect(tickets[0]).toMatchObject({
        status: expect.stringMatching(/^(new|triaged|spam)$/),
        closed_at: null,
      });

      await t.dataSource.query(`UPDATE ticket SET status = 'closed', closed_at = $2 WHERE id = $1`, [
        tickets[0].id,
        new Date(start + 4 * DAY),
      ]);
      await facebook(
        messengerText({ pageId, psid, timestamp: start + 11 * DAY, text: 'Nouvelle demande' }).payload,
      );
      ({ tickets } = await done());
      expect(tickets).toHaveLength(2);
      expect(tickets[0].status).toBe('closed');
    });

    it('files our echoes in the conversation and never makes a ticket of them', async () => {
      const { pageId, facebook, done } = await setUp();
      const psid = '61000000000003';
      await facebook(messengerEcho({ pageId, psid, text: 'Réponse de la page' }).payload);
      expect((await done()).tickets).toHaveLength(0);
      await facebook(messengerText({ pageId, psid }).payload);
      await done();
      await facebook(messengerEcho({ pageId, psid, text: 'Nous regardons' }).payload);
      const { tickets, messages } = await done();
      expect(tickets).toHaveLength(1);
      expect(messages.filter((m) => m.direction === 'out').map((m) => m.ticket_id)).toEqual([
        null,
        tickets[0].id,
      ]);
    });

    it('orders the messages of one delivery by their timestamps, not their place', async () => {
      const { pageId, facebook, done } = await setUp();
      const psid = '61000000000004';
      const now = Date.now();
      const events = [3, 1, 2].map((n) =>
        messengerTextEvent({ pageId, psid, timestamp: now + n * 1000, text: `message ${n}` }),
      );
      await facebook(facebookEnvelope([messengerEntry(pageId, events)]));
      const { tickets, messages } = await done();
      expect(tickets).toHaveLength(1);
      expect(messages.map((m) => m.text)).toEqual(['message 1', 'message 2', 'message 3']);
      const [{ preview }] = await t.dataSource.query<{ preview: string }[]>('SELECT preview FROM ticket');
      expect(preview).toBe('message 3');
    });

    it('keeps the latest message as the preview when an older one arrives late', async () => {
      const { pageId, facebook, done } = await setUp();
      const psid = '61000000000005';
      const now = Date.now();
      await facebook(messengerText({ pageId, psid, timestamp: now, text: 'le plus récent' }).payload);
      await facebook(messengerText({ pageId, psid, timestamp: now - 60_000, text: 'plus ancien' }).payload);
      const { tickets, messages } = await done();
      expect(tickets).toHaveLength(1);
      expect(messages.map((m) => m.text)).toEqual(['plus ancien', 'le plus récent']);
      const [row] = await t.dataSource.query<{ preview: string; last_activity_at: Date }[]>(
        'SELECT preview, last_activity_at FROM ticket',
      );
      expect(row.preview).toBe('le plus récent');
      expect(row.last_activity_at.getTime()).toBe(now);
    });
  });

  describe('batched and repeated deliveries', () => {
    it('splits a delivery for two pages of two organisations, and several changes of one page', async () => {
      const a = await setUp();
      const b = await setUp();
      const one = facebookComment({ pageId: a.pageId, message: 'A1' });
      const two = facebookComment({ pageId: a.pageId, message: 'A2' });
      const three = facebookComment({ pageId: b.pageId, message: 'B1' });
      const batch = facebookBatch(one.payload, two.payload, three.payload);
      batch.entry = [
        { ...batch.entry[0], changes: [...batch.entry[0].changes!, ...batch.entry[1].changes!] },
        batch.entry[2],
      ];
      await a.facebook(batch);
      expect((await a.done()).messages.map((m) => m.text).sort()).toEqual(['A1', 'A2']);
      expect((await b.done()).messages.map((m) => m.text)).toEqual(['B1']);
    });

    it('makes one message of the same delivery sent twice, then ten times at once', async () => {
      const { pageId, facebook, done } = await setUp();
      const comment = facebookComment({ pageId });
      await facebook(comment.payload);
      await facebook(comment.payload);
      const message = messengerText({ pageId });
      await Promise.all(Array.from({ length: 10 }, () => facebook(message.payload)));
      const { tickets, messages } = await done();
      expect(messages).toHaveLength(2);
      expect(tickets).toHaveLength(2);
    });

    it('makes one message of the same event in different deliveries (a resend inside another batch)', async () => {
      const { pageId, facebook, done } = await setUp();
      const psid = '61000000000006';
      const event = messengerTextEvent({ pageId, psid });
      const other = messengerTextEvent({ pageId, psid, text: 'autre' });
      await Promise.all([
        facebook(facebookEnvelope([messengerEntry(pageId, [event])])),
        ...Array.from({ length: 9 }, (_, i) =>
          facebook(facebookEnvelope([messengerEntry(pageId, i % 2 ? [event, other] : [other, event])])),
        ),
      ]);
      const { tickets, messages } = await done();
      expect(messages).toHaveLength(2);
      expect(tickets).toHaveLength(1);
    });
  });

  describe('X', () => {
    it('joins a reply in the same conversation by the same resident, and reads longform text', async () => {
      const { accountId, x, done } = await setUp();
      const mention = xLongformMention({ forUserId: accountId });
      await x(mention.payload);
      await x(
        xReply({
          forUserId: accountId,
          inReplyTo: { tweetId: mention.event.tweetId, userId: DEFAULT_RESIDENT.id },
          text: '@CD_ValdOrme toujours rien',
        }).payload,
      );
      const { tickets, messages } = await done();
      expect(tickets).toHaveLength(1);
      expect(tickets[0]).toMatchObject({ platform: 'twitter', kind: 'mention' });
      expect(messages[0].text).toContain('prévenir les transporteurs ? Merci.');
      const [contact] = await t.dataSource.query<{ name: string; handle: string }[]>(
        'SELECT name, handle FROM contact',
      );
      expect(contact).toEqual({ name: DEFAULT_RESIDENT.name, handle: DEFAULT_RESIDENT.username });
    });

    it('files our own tweet in the thread it answers; a reply to it by the resident joins the ticket', async () => {
      const { accountId, x, done } = await setUp();
      const mention = xMention({ forUserId: accountId });
      await x(mention.payload);
      await done();
      const ours = xOwnTweet({
        forUserId: accountId,
        inReplyTo: { tweetId: mention.event.tweetId, userId: DEFAULT_RESIDENT.id },
      });
      await x(ours.payload);
      await done();
      await x(
        xReply({ forUserId: accountId, inReplyTo: { tweetId: ours.event.tweetId, userId: accountId } })
          .payload,
      );
      const { tickets, messages } = await done();
      expect(tickets).toHaveLength(1);
      expect(messages.map((m) => [m.direction, m.ticket_id])).toEqual([
        ['in', tickets[0].id],
        ['out', tickets[0].id],
        ['in', tickets[0].id],
      ]);
    });

    it('reads X Activity mentions and replies, threading by conversation', async () => {
      const { accountId, x, done } = await setUp();
      const mention = xaaMention({ forUserId: accountId });
      await x(mention.payload);
      await x(
        xaaReply({
          forUserId: accountId,
          inReplyTo: { tweetId: mention.event.tweetId, userId: DEFAULT_RESIDENT.id },
          text: 'et aussi à Doué',
        }).payload,
      );
      const { tickets, messages } = await done();
      expect(tickets).toHaveLength(1);
      expect(messages.map((m) => m.text)).toEqual([mention.event.text, 'et aussi à Doué']);
    });

    it('continues a DM conversation (AAA and X Activity alike) and never makes a ticket of our DMs', async () => {
      const { accountId, x, done } = await setUp();
      await x(xDirectMessage({ forUserId: accountId, text: 'Bonjour' }).payload);
      await done();
      await x(xOwnDirectMessage({ forUserId: accountId, recipientId: DEFAULT_RESIDENT.id }).payload);
      await x(xaaDmReceived({ forUserId: accountId, text: 'Merci' }).payload);
      const { tickets, messages } = await done();
      expect(tickets).toHaveLength(1);
      expect(tickets[0].kind).toBe('dm');
      expect(messages.map((m) => [m.direction, m.text])).toEqual([
        ['in', 'Bonjour'],
        ['out', expect.stringContaining('transmise')],
        ['in', 'Merci'],
      ]);
    });

    it('makes one message of a mention that comes by webhook and by the poll', async () => {
      const { account, accountId, x, done } = await setUp();
      const tweet = xV2Tweet({ accountId });
      await receivePoll(t, account, xMentionsPage([tweet], [DEFAULT_RESIDENT]));
      await x(xMention({ forUserId: accountId, tweetId: tweet.id }).payload);
      await receivePoll(t, account, xMentionsPage([tweet], [DEFAULT_RESIDENT]));
      const { tickets, messages } = await done();
      expect(messages).toHaveLength(1);
      expect(tickets).toHaveLength(1);
    });

    it('records the deletion of a tweet', async () => {
      const { accountId, x, done } = await setUp();
      const mention = xMention({ forUserId: accountId });
      await x(mention.payload);
      await done();
      await x(
        xTweetDelete({ forUserId: accountId, tweetId: mention.event.tweetId, userId: DEFAULT_RESIDENT.id }),
      );
      const { messages } = await done();
      expect(messages[0].removed_at).not.toBeNull();
    });
  });
});
