import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import {
  facebookComment,
  facebookReaction,
  messengerDelivery,
  messengerText,
  messengerUnknownEvent,
  signedFacebookDelivery,
} from '../fakes/platform-senders.js';
import { DeliveryRetentionJob } from '../../src/intake/delivery-retention.job.js';
import { createTeam } from '../support/factories.js';
import {
  createChannel,
  deliver,
  eventually,
  INTAKE_ENV,
  quiesce,
  messagesOf,
  poisonMessagesSaying,
  settled,
  ticketsOf,
} from '../support/ticket-factories.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const SECRET = INTAKE_ENV.FACEBOOK_APP_SECRET;

interface DeliveryBody {
  id: string;
  status: string;
  attempts: number;
  error: string | null;
  eventCount: number;
  ignored: string[];
}

describe('intake: failures, parking and replay', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(INTAKE_ENV);
  });
  beforeEach(() => t.reset());
  afterEach(() => quiesce(t));
  afterAll(async () => {
    await t.dataSource.query('DROP TRIGGER IF EXISTS poison ON message');
    await t.close();
  });

  async function setUp() {
    const team = await createTeam(t);
    const page = await createChannel(t.dataSource, team.organisation.id, 'facebook');
    const facebook = (payload: unknown) => deliver(t, signedFacebookDelivery(payload, SECRET));
    const deliveries = async (query = '', token = team.tokens.admin) =>
      (await t.http.get(`/api/intake/deliveries${query}`).auth(token, { type: 'bearer' }).expect(200))
        .body as {
        items: DeliveryBody[];
        nextCursor: string | null;
      };
    return { ...team, page, pageId: page.externalId, facebook, deliveries };
  }

  it('retries a failing delivery, parks it with its error, and does not hold back those behind it', async () => {
    const { organisation, pageId, facebook, deliveries, tokens } = await setUp();
    const cure = await poisonMessagesSaying(t, 'POISON');
    try {
      await facebook(messengerText({ pageId, text: 'POISON' }).payload);
      await facebook(facebookComment({ pageId, message: 'Un nid-de-poule' }).payload);
      await facebook(messengerText({ pageId, text: 'Bonjour' }).payload);
      const parked = await eventually(async () => {
        const failed = await deliveries('?status=failed');
        return failed.items.length === 1 && failed.items[0];
      }, 'the poison delivery to be parked');
      expect(parked).toMatchObject({
        status: 'failed',
        attempts: 3,
        error: expect.stringContaining('poisoned message'),
      });
      await settled(t, organisation.id);
      expect((await ticketsOf(t, organisation.id)).length).toBe(2);
      expect((await messagesOf(t, organisation.id)).map((m) => m.text).sort()).toEqual([
        'Bonjour',
        'Un nid-de-poule',
      ]);

      // Only an admin sees deliveries and replays them.
      await t.http.get('/api/intake/deliveries').auth(tokens.cm, { type: 'bearer' }).expect(403);
      await t.http
        .post(`/api/intake/deliveries/${parked.id}/replay`)
        .auth(tokens.cm, { type: 'bearer' })
        .expect(403);

      await cure();
      const replayed = await t.http
        .post(`/api/intake/deliveries/${parked.id}/replay`)
        .auth(tokens.admin, { type: 'bearer' })
        .expect(202);
      expect(replayed.body).toMatchObject({ id: parked.id, status: 'received', attempts: 0 });
      await settled(t, organisation.id);
      expect((await ticketsOf(t, organisation.id)).length).toBe(3);
      expect((await deliveries('?status=failed')).items).toEqual([]);
      const all = await deliveries();
      expect(all.items.find((d) => d.id === parked.id)).toMatchObject({
        status: 'processed',
        error: null,
        eventCount: 1,
      });
      const [audit] = await t.dataSource.query<{ action: string }[]>(
        `SELECT action FROM audit_entry WHERE organisation_id = $1 AND target_id = $2`,
        [organisation.id, parked.id],
      );
      expect(audit.action).toBe('delivery.replay');
    } finally {
      await cure();
    }
  });

  it('retries a delivery whose ticket number waits behind DDL, rather than waiting for ever', async () => {
    const { organisation, pageId, facebook, deliveries } = await setUp();
    const ddl = new pg.Client({ connectionString: (t.dataSource.options as { url: string }).url });
    await ddl.connect();
    try {
      await ddl.query('BEGIN');
      await ddl.query('LOCK TABLE ticket_counter IN ACCESS EXCLUSIVE MODE');
      await facebook(messengerText({ pageId }).payload);
      const [failed] = await eventually(async () => {
        const { items } = await deliveries();
        return items[0]?.attempts ? items : null;
      }, 'an attempt to fail');
      expect(failed).toMatchObject({ status: 'received', error: expect.stringMatching(/lock timeout/) });
      await ddl.query('ROLLBACK');
    } finally {
      await ddl.end();
    }
    await settled(t, organisation.id);
    expect((await deliveries()).items[0]).toMatchObject({ status: 'processed', error: null });
    expect(await ticketsOf(t, organisation.id)).toHaveLength(1);
  });

  it('replays only failed deliveries of the organisation', async () => {
    const ours = await setUp();
    const theirs = await setUp();
    await theirs.facebook(messengerText({ pageId: theirs.pageId }).payload);
    await settled(t, theirs.organisation.id);
    const [their] = (await theirs.deliveries()).items;
    await t.http
      .post(`/api/intake/deliveries/${their.id}/replay`)
      .auth(ours.tokens.admin, { type: 'bearer' })
      .expect(404);
    await t.http
      .post(`/api/intake/deliveries/${their.id}/replay`)
      .auth(theirs.tokens.admin, { type: 'bearer' })
      .expect(409);
    await t.http
      .post('/api/intake/deliveries/not-a-uuid/replay')
      .auth(ours.tokens.admin, { type: 'bearer' })
      .expect(400);
    await t.http
      .get('/api/intake/deliveries?status=lost')
      .auth(ours.tokens.admin, { type: 'bearer' })
      .expect(400);
    expect((await ours.deliveries()).items).toEqual([]);
  });

  it('stores reactions, receipts and unknown events, records what it ignored, and makes no ticket of them', async () => {
    const { organisation, pageId, facebook, deliveries } = await setUp();
    await facebook(facebookReaction({ pageId }));
    await facebook(messengerDelivery({ pageId }));
    await facebook(messengerUnknownEvent({ pageId }));
    await settled(t, organisation.id);
    const items = (await deliveries()).items;
    expect(items.map((d) => [d.status, d.eventCount])).toEqual([
      ['processed', 0],
      ['processed', 0],
      ['processed', 0],
    ]);
    expect(items.flatMap((d) => d.ignored).sort()).toEqual([
      'feed reaction',
      'messaging delivery',
      expect.stringMatching(/^messaging event without message/),
    ]);
    expect(await ticketsOf(t, organisation.id)).toEqual([]);
  });

  it('pages the deliveries newest first', async () => {
    const { organisation, pageId, facebook, tokens } = await setUp();
    for (let i = 0; i < 3; i++) await facebook(messengerText({ pageId }).payload);
    await settled(t, organisation.id);
    const first = await t.http
      .get('/api/intake/deliveries?limit=2')
      .auth(tokens.admin, { type: 'bearer' })
      .expect(200);
    const body = first.body as { items: DeliveryBody[]; nextCursor: string };
    expect(body.items).toHaveLength(2);
    const second = await t.http
      .get(`/api/intake/deliveries?limit=2&cursor=${body.nextCursor}`)
      .auth(tokens.admin, { type: 'bearer' })
      .expect(200);
    const rest = (second.body as { items: DeliveryBody[]; nextCursor: null }).items;
    expect(rest).toHaveLength(1);
    expect(new Set([...body.items, ...rest].map((d) => d.id)).size).toBe(3);
  });

  it('deletes processed and unroutable deliveries after the retention period, keeping parked ones and the messages', async () => {
    const { organisation, pageId, facebook, deliveries } = await setUp();
    // ASCII only: Meta escapes the rest as \uXXXX in the stored body.
    const texts = ['Demande ancienne', 'Demande nouvelle', 'Demande bloquee'];
    for (const text of texts) await facebook(messengerText({ pageId, text }).payload);
    await deliver(t, signedFacebookDelivery(messengerText({ pageId: '999999999999999' }).payload, SECRET));
    await settled(t, organisation.id);
    const before = await t.dataSource.query<{ id: string; body: string }[]>('SELECT id, body FROM delivery');
    const idOf = (text: string) => before.find((row) => row.body.includes(text))!.id;
    // 31 days old: the first, the one parked (as a delivery that kept failing is) and the unroutable one.
    await t.dataSource.query(
      `UPDATE delivery SET status = CASE WHEN id = $2 THEN 'failed' ELSE status END,
              received_at = received_at - interval '31 days'
        WHERE id <> $1`,
      [idOf('nouvelle'), idOf('bloquee')],
    );

    expect(await t.app.get(DeliveryRetentionJob).purge()).toBe(2);

    const left = (await deliveries()).items.map((d) => [d.id, d.status]);
    expect(left.sort()).toEqual(
      [
        [idOf('nouvelle'), 'processed'],
        [idOf('bloquee'), 'failed'],
      ].sort(),
    );
    expect(await t.dataSource.query('SELECT id FROM delivery WHERE organisation_id IS NULL')).toEqual([]);
    expect((await messagesOf(t, organisation.id)).map((m) => m.text).sort()).toEqual([...texts].sort());
    expect(await t.app.get(DeliveryRetentionJob).purge()).toBe(0);
  });
});
