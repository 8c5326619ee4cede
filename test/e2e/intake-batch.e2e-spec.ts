import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { ProcessDeliveriesJob } from '../../src/intake/process-deliveries.job.js';
import { facebookComment, messengerText, signedFacebookDelivery } from '../fakes/platform-senders.js';
import { createOrganisation } from '../support/factories.js';
import {
  createChannel,
  deliver,
  INTAKE_ENV,
  messagesOf,
  poisonMessagesSaying,
  quiesce,
  settled,
  ticketsOf,
} from '../support/ticket-factories.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/**
 * A batch of deliveries processed by one call, as a worker takes them from the queue: residents' new
 * messages share one transaction (messages written by one transaction share its `xmin`).
 */
describe('intake: a batch of deliveries processed together', () => {
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
    const facebook = (payload: unknown) =>
      deliver(t, signedFacebookDelivery(payload, INTAKE_ENV.FACEBOOK_APP_SECRET));
    /** A delivery stored as the webhook stores it, left for the test to process (no job of its own). */
    const stored = async (payload: unknown) => {
      const body = JSON.stringify(payload);
      const [{ id }] = await t.dataSource.query<{ id: string }[]>(
        `INSERT INTO delivery (organisation_id, channel_id, channel_external_id, platform, source, dedupe_key, body, status)
         VALUES ($1, $2, $3, 'facebook', 'webhook', $4, $5, 'received') RETURNING id`,
        [organisation.id, page.id, page.externalId, createHash('sha256').update(body).digest('hex'), body],
      );
      return id;
    };
    const process = (ids: string[]) => t.app.get(ProcessDeliveriesJob).process(ids);
    const statuses = async () =>
      (
        await t.dataSource.query<{ status: string }[]>(
          'SELECT status FROM delivery WHERE organisation_id = $1 ORDER BY received_at',
          [organisation.id],
        )
      ).map((row) => row.status);
    const transactionsOf = async (texts: string[]) =>
      Number(
        (
          await t.dataSource.query<{ n: string }[]>(
            'SELECT count(DISTINCT xmin::text) AS n FROM message WHERE organisation_id = $1 AND text = ANY($2)',
            [organisation.id, texts],
          )
        )[0].n,
      );
    return { organisation, pageId: page.externalId, facebook, stored, process, statuses, transactionsOf };
  }

  it('opens, extends and reopens tickets of several residents in one transaction, numbered without gaps', async () => {
    const { organisation, pageId, facebook, stored, process, statuses, transactionsOf } = await setUp();
    await facebook(messengerText({ pageId, psid: '7001', text: 'Première demande' }).payload);
    const resent = messengerText({ pageId, psid: '7002', text: 'Déjà reçu' });
    await facebook(resent.payload);
    await settled(t, organisation.id);
    const [open, repeated] = await ticketsOf(t, organisation.id);
    await t.dataSource.query(`UPDATE ticket SET status = 'replied' WHERE id = $1`, [open.id]);

    const texts = ['Suite de ma demande', 'Nid de poule route de Brézé', 'Bus en retard ce matin'];
    const ids = [
      await stored(messengerText({ pageId, psid: '7001', text: texts[0] }).payload),
      await stored(
        facebookComment({ pageId, from: { id: '7003', name: 'Luc Moreau' }, message: texts[1] }).payload,
      ),
      await stored(messengerText({ pageId, psid: '7004', text: texts[2] }).payload),
      // The same Messenger message again (a resend): nothing new, the delivery done all the same.
      await stored({ ...resent.payload, entry: resent.payload.entry }),
    ];
    await process(ids);

    expect(await statuses()).toEqual(Array(6).fill('processed'));
    expect(await transactionsOf(texts)).toBe(1);
    const tickets = await ticketsOf(t, organisation.id);
    expect(tickets).toHaveLength(4);
    expect(tickets.find((ticket) => ticket.id === open.id)!.status).toBe('new');
    expect(tickets.find((ticket) => ticket.id === repeated.id)).toBeDefined();
    const numbers = tickets.map((ticket) => Number(ticket.reference.slice(-6))).sort((a, b) => a - b);
    expect(numbers).toEqual([1, 2, 3, 4]);
    const messages = await messagesOf(t, organisation.id);
    expect(messages.filter((message) => message.ticket_id === open.id).map((m) => m.text)).toEqual([
      'Première demande',
      texts[0],
    ]);
    expect(messages.filter((message) => message.text === 'Déjà reçu')).toHaveLength(1);
    expect(new Set(messages.map((message) => message.ticket_id)).size).toBe(4);
  });

  it('processes each delivery alone when the shared transaction fails: only the poison one fails', async () => {
    const { pageId, stored, process, statuses, transactionsOf } = await setUp();
    const cure = await poisonMessagesSaying(t, 'POISON');
    try {
      const texts = ['Première', 'Deuxième', 'Troisième'];
      const ids = [];
      for (const text of [...texts, 'POISON'])
        ids.push(await stored(messengerText({ pageId, text }).payload));
      await process(ids);
      expect(await statuses()).toEqual(['processed', 'processed', 'processed', 'received']);
      expect(await transactionsOf(texts)).toBe(3);
      const [poisoned] = await t.dataSource.query<{ attempts: number; error: string }[]>(
        `SELECT attempts, error FROM delivery WHERE id = $1`,
        [ids[3]],
      );
      expect(poisoned).toEqual({ attempts: 1, error: expect.stringContaining('poisoned message') });
    } finally {
      await cure();
    }
  });

  it('keeps a resident with two deliveries in the batch out of the shared transaction', async () => {
    const { organisation, pageId, stored, process, statuses, transactionsOf } = await setUp();
    const at = Date.now();
    const ids = [
      await stored(messengerText({ pageId, psid: '7101', text: 'Un', timestamp: at }).payload),
      await stored(messengerText({ pageId, psid: '7101', text: 'Deux', timestamp: at + 1000 }).payload),
      await stored(messengerText({ pageId, psid: '7102', text: 'Trois' }).payload),
      await stored(messengerText({ pageId, psid: '7103', text: 'Quatre' }).payload),
    ];
    await process(ids);
    expect(await statuses()).toEqual(Array(4).fill('processed'));
    expect(await transactionsOf(['Trois', 'Quatre'])).toBe(1);
    expect(await transactionsOf(['Un', 'Deux', 'Trois'])).toBe(3);
    const tickets = await ticketsOf(t, organisation.id);
    expect(tickets).toHaveLength(3);
  });
});
