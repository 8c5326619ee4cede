import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { INTENTS } from '../../src/classification/classification.types.js';
import { facebookComment, messengerText, signedFacebookDelivery } from '../fakes/platform-senders.js';
import { createDepartment, createTeam, createUser } from '../support/factories.js';
import {
  createChannel,
  createTicket,
  deliver,
  eventually,
  INTAKE_ENV,
  quiesce,
  settled,
} from '../support/ticket-factories.js';
import { startTestApp, TestApp } from '../support/test-app.js';

interface TicketBody {
  id: string;
  reference: string;
  status: string;
  department: string | null;
  intent: string | null;
  sentiment: string | null;
  toxic: boolean;
  language: string | null;
  confidence: number | null;
  needsReview: boolean;
  platform: string;
  kind: string;
  contact: { name: string | null; handle: string | null };
  assignee: { id: string; name: string } | null;
  createdAt: string;
  lastActivityAt: string;
  closedAt: string | null;
  messages?: { externalId: string; direction: string; text: string; createdAt: string }[];
  forwards?: unknown[];
  replies?: unknown[];
}

interface PageBody {
  items: TicketBody[];
  nextCursor: string | null;
}

describe('tickets API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(INTAKE_ENV);
  });
  beforeEach(() => t.reset());
  afterEach(() => quiesce(t));
  afterAll(() => t.close());

  const get = (path: string, token: string, status = 200) =>
    t.http.get(path).auth(token, { type: 'bearer' }).expect(status);
  const list = async (query: string, token: string) =>
    (await get(`/api/tickets${query}`, token)).body as PageBody;
  const patch = (id: string, body: object, token: string, status = 200) =>
    t.http.patch(`/api/tickets/${id}`).auth(token, { type: 'bearer' }).send(body).expect(status);

  describe('reading', () => {
    it('lists newest activity first with the fields of api.md, and shows one ticket with its messages', async () => {
      const { organisation, tokens } = await createTeam(t);
      const older = await createTicket(t.dataSource, organisation.id, {
        contactName: 'Jeanne Martin',
        text: 'Ancien',
      });
      const newer = await createTicket(t.dataSource, organisation.id, {
        platform: 'twitter',
        kind: 'mention',
        text: 'Récent',
      });
      const page = await list('', tokens.cm);
      expect(page.items.map((ticket) => ticket.id)).toEqual([newer.id, older.id]);
      expect(page.nextCursor).toBeNull();
      expect(page.items[1]).toEqual(
        expect.objectContaining({
          id: older.id,
          reference: older.reference,
          status: 'triaged',
          department: null,
          intent: null,
          sentiment: null,
          toxic: false,
          language: null,
          confidence: null,
          needsReview: false,
          platform: 'facebook',
          kind: 'comment',
          contact: { name: 'Jeanne Martin', handle: null },
          createdAt: expect.any(String),
        }),
      );
      const one = (await get(`/api/tickets/${older.id}`, tokens.admin)).body as TicketBody;
      expect(one).toMatchObject({ id: older.id, forwards: [], replies: [] });
      expect(one.messages).toEqual([
        expect.objectContaining({
          direction: 'in',
          text: 'Ancien',
          externalId: expect.any(String),
          createdAt: expect.any(String),
        }),
      ]);
    });

    it('pages with a cursor by last activity then id, ties included', async () => {
      const { organisation, tokens } = await createTeam(t);
      const at = new Date('2026-03-02T10:00:00.123Z');
      const ids = [];
      for (let i = 0; i < 5; i++) {
        ids.push(
          (
            await createTicket(t.dataSource, organisation.id, {
              lastActivityAt: i < 3 ? at : new Date(at.getTime() + i),
            })
          ).id,
        );
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: PageBody = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`, tokens.cm);
        seen.push(...page.items.map((ticket) => ticket.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(5);
      expect(seen.slice(0, 2)).toEqual([ids[4], ids[3]]);
      expect(seen.slice(2).sort()).toEqual(ids.slice(0, 3).sort());
      expect((await list('', tokens.cm)).items).toHaveLength(5);
    });

    it('filters by status, department, intent, needsReview and assignee', async () => {
      const { organisation, routes, tokens, users } = await createTeam(t);
      const a = await createTicket(t.dataSource, organisation.id, { status: 'new', needsReview: true });
      const b = await createTicket(t.dataSource, organisation.id, {
        departmentId: routes.id,
        intent: 'report',
      });
      const c = await createTicket(t.dataSource, organisation.id, {
        intent: 'opinion',
        assigneeId: users.cm.id,
      });
      const ids = async (query: string) =>
        (await list(query, tokens.cm)).items.map((ticket) => ticket.id).sort();
      expect(await ids('?status=new')).toEqual([a.id]);
      expect(await ids('?department=routes')).toEqual([b.id]);
      expect(await ids('?intent=opinion')).toEqual([c.id]);
      expect(await ids('?needsReview=true')).toEqual([a.id]);
      expect(await ids('?needsReview=false')).toEqual([b.id, c.id].sort());
      expect(await ids('?assignee=me')).toEqual([c.id]);
      expect(await ids(`?assignee=${users.cm.id}`)).toEqual([c.id]);
      expect(await ids('?assignee=none')).toEqual([a.id, b.id].sort());
      expect(await ids('?status=triaged&intent=report')).toEqual([b.id]);
    });

    it.each([
      ['an unknown status', '?status=lost'],
      ['an unknown intent', '?intent=rant'],
      ['an unknown department', '?department=voirie'],
      ['a malformed department', '?department=Routes!'],
      ['needsReview that is not a boolean', '?needsReview=maybe'],
      ['a malformed assignee', '?assignee=someone'],
      ['an unknown assignee', '?assignee=00000000-0000-4000-8000-000000000000'],
      ['a limit of 0', '?limit=0'],
      ['a limit over 100', '?limit=101'],
      ['a broken cursor', '?cursor=abc'],
      ['an unknown filter', '?colour=red'],
    ])('refuses %s with 400', async (_, query) => {
      const { tokens } = await createTeam(t);
      await get(`/api/tickets${query}`, tokens.cm, 400);
    });

    it('keeps agents to their department: others are absent from the list and 404 one by one', async () => {
      const { organisation, routes, tokens } = await createTeam(t);
      const social = await createDepartment(t.dataSource, organisation.id, {
        code: 'solidarites',
        name: 'Solidarités',
      });
      const ours = await createTicket(t.dataSource, organisation.id, { departmentId: routes.id });
      const theirs = await createTicket(t.dataSource, organisation.id, { departmentId: social.id });
      const unrouted = await createTicket(t.dataSource, organisation.id);
      expect((await list('', tokens.agent)).items.map((ticket) => ticket.id)).toEqual([ours.id]);
      expect((await list('?department=solidarites', tokens.agent)).items).toEqual([]);
      await get(`/api/tickets/${ours.id}`, tokens.agent);
      await get(`/api/tickets/${theirs.id}`, tokens.agent, 404);
      await get(`/api/tickets/${unrouted.id}`, tokens.agent, 404);
      expect((await list('', tokens.cm)).items).toHaveLength(3);
    });

    it("answers another organisation's ticket as unknown, a bad id with 400, and refuses officials", async () => {
      const ours = await createTeam(t);
      const theirs = await createTeam(t);
      const their = await createTicket(t.dataSource, theirs.organisation.id);
      await get(`/api/tickets/${their.id}`, ours.tokens.admin, 404);
      await patch(their.id, { status: 'closed' }, ours.tokens.cm, 404);
      expect((await list('', ours.tokens.admin)).items).toEqual([]);
      await get('/api/tickets/00000000-0000-4000-8000-000000000000', ours.tokens.cm, 404);
      await get('/api/tickets/not-a-uuid', ours.tokens.cm, 400);
      await get('/api/tickets', ours.tokens.official, 403);
      await get(`/api/tickets/${their.id}`, ours.tokens.official, 403);
      await t.http.get('/api/tickets').expect(401);
    });
  });

  describe('changing', () => {
    it('lets a cm correct labels: a correction for the classifier, an audit entry, no more review', async () => {
      const { organisation, routes, tokens, users } = await createTeam(t);
      const ticket = await createTicket(t.dataSource, organisation.id, {
        status: 'triaged',
        needsReview: true,
        intent: 'request',
        text: 'Le pont de la Sèvre est fissuré',
      });
      const response = await patch(
        ticket.id,
        { department: 'routes', intent: 'report', toxic: false },
        tokens.cm,
      );
      expect(response.body).toMatchObject({
        department: 'routes',
        intent: 'report',
        needsReview: false,
        toxic: false,
      });
      const corrections = await t.dataSource.query<{ labels: object; text: string; actor_id: string }[]>(
        'SELECT labels, text, actor_id FROM classification_correction WHERE organisation_id = $1',
        [organisation.id],
      );
      expect(corrections).toEqual([
        {
          labels: { department: 'routes', intent: 'report' },
          text: 'Le pont de la Sèvre est fissuré',
          actor_id: users.cm.id,
        },
      ]);
      const audit = await t.dataSource.query<{ action: string; details: { fields: string[] } }[]>(
        `SELECT action, details FROM audit_entry WHERE organisation_id = $1 AND target_id = $2`,
        [organisation.id, ticket.id],
      );
      expect(audit).toEqual([
        {
          action: 'ticket.update',
          details: expect.objectContaining({ fields: ['department', 'intent', 'toxic'] }),
        },
      ]);
      expect(routes.code).toBe('routes');
    });

    it('closes, reopens, assigns and unassigns', async () => {
      const { organisation, tokens, users } = await createTeam(t);
      const ticket = await createTicket(t.dataSource, organisation.id);
      const closed = (await patch(ticket.id, { status: 'closed', assigneeId: users.agent.id }, tokens.admin))
        .body as TicketBody;
      expect(closed).toMatchObject({
        status: 'closed',
        assignee: { id: users.agent.id, name: users.agent.name },
      });
      expect(closed.closedAt).not.toBeNull();
      const reopened = (await patch(ticket.id, { status: 'triaged', assigneeId: null }, tokens.cm))
        .body as TicketBody;
      expect(reopened).toMatchObject({ status: 'triaged', assignee: null, closedAt: null });
      const corrections = await t.dataSource.query<unknown[]>('SELECT 1 FROM classification_correction');
      expect(corrections).toEqual([]);
    });

    it.each([
      ['an unknown field', { colour: 'red' }],
      ['an unknown status', { status: 'lost' }],
      ['a null status', { status: null }],
      ['an unknown intent', { intent: 'rant' }],
      ['an unknown sentiment', { sentiment: 'furious' }],
      ['a toxic that is not a boolean', { toxic: 'yes' }],
      ['an unknown department', { department: 'voirie' }],
      ['an assignee who is not a user', { assigneeId: '00000000-0000-4000-8000-000000000000' }],
      ['an assignee that is not an id', { assigneeId: 'camille' }],
      ['nothing to change', {}],
    ])('refuses %s with 400, changing nothing', async (_, body) => {
      const { organisation, tokens } = await createTeam(t);
      const ticket = await createTicket(t.dataSource, organisation.id);
      await patch(ticket.id, body, tokens.cm, 400);
      const [row] = await t.dataSource.query<{ status: string; updated_at: Date }[]>(
        'SELECT status, updated_at FROM ticket WHERE id = $1',
        [ticket.id],
      );
      expect(row.status).toBe('triaged');
      expect(row.updated_at.getTime()).toBe(ticket.updatedAt.getTime());
    });

    it('refuses an assignee of another organisation, and lets only cm and admin change tickets', async () => {
      const { organisation, tokens } = await createTeam(t);
      const other = await createTeam(t);
      const ticket = await createTicket(t.dataSource, organisation.id);
      await patch(ticket.id, { assigneeId: other.users.cm.id }, tokens.cm, 400);
      await patch(ticket.id, { status: 'closed' }, tokens.agent, 403);
      await patch(ticket.id, { status: 'closed' }, tokens.official, 403);
      const official = await createUser(t.dataSource, organisation.id, 'official');
      await patch(ticket.id, { assigneeId: official.id }, tokens.cm, 400);
    });
  });

  describe('from delivery to labelled ticket', () => {
    it('lists a new ticket at once in triage (new, needs review), then labels it', async () => {
      const { organisation, tokens } = await createTeam(t);
      const page = await createChannel(t.dataSource, organisation.id, 'facebook');
      // Holding the ticket rows keeps the labelling job waiting, so the state before it can be read.
      const runner = t.dataSource.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        await deliver(
          t,
          signedFacebookDelivery(
            facebookComment({
              pageId: page.externalId,
              message: 'Énorme nid-de-poule sur la RD 752 à la sortie de Cholet',
            }).payload,
            INTAKE_ENV.FACEBOOK_APP_SECRET,
          ),
        );
        await settled(t, organisation.id);
        await runner.query('SELECT id FROM ticket WHERE organisation_id = $1 FOR UPDATE', [organisation.id]);
        const [waiting] = (await list('', tokens.cm)).items;
        expect(waiting).toMatchObject({
          status: 'new',
          needsReview: true,
          intent: null,
          kind: 'comment',
          platform: 'facebook',
        });
        expect(waiting.contact.name).toBe('Jeanne Martin');
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
      const labelled = await eventually(
        async () => {
          const [ticket] = (await list('', tokens.cm)).items;
          return ticket.status !== 'new' && ticket;
        },
        'the ticket to be labelled',
        60_000,
      );
      expect(['triaged', 'spam']).toContain(labelled.status);
      expect(INTENTS).toContain(labelled.intent);
      expect(labelled.sentiment).toEqual(expect.any(String));
      expect(labelled.language).toEqual(expect.any(String));
      expect(labelled.confidence).toEqual(expect.any(Number));
    });

    it('numbers tickets per organisation without duplicates, even when created together', async () => {
      const a = await createTeam(t);
      const b = await createTeam(t);
      const pageA = await createChannel(t.dataSource, a.organisation.id, 'facebook');
      const pageB = await createChannel(t.dataSource, b.organisation.id, 'facebook');
      const send = (pageId: string) =>
        deliver(t, signedFacebookDelivery(messengerText({ pageId }).payload, INTAKE_ENV.FACEBOOK_APP_SECRET));
      await Promise.all([
        ...Array.from({ length: 12 }, () => send(pageA.externalId)),
        send(pageB.externalId),
      ]);
      await settled(t, a.organisation.id);
      await settled(t, b.organisation.id);
      const references = async (organisationId: string) =>
        (
          await t.dataSource.query<{ reference: string }[]>(
            'SELECT reference FROM ticket WHERE organisation_id = $1 ORDER BY reference',
            [organisationId],
          )
        ).map((row) => row.reference.slice(-6));
      expect(await references(a.organisation.id)).toEqual(
        Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(6, '0')),
      );
      expect(await references(b.organisation.id)).toEqual(['000001']);
    });
  });

  describe('inbox queries', () => {
    it('has an index for each filter of the inbox (EXPLAIN on a populated table)', async () => {
      const { organisation, routes, users } = await createTeam(t);
      const [{ id: contactId }] = await t.dataSource.query<{ id: string }[]>(
        `INSERT INTO contact (organisation_id, platform, platform_user_id) VALUES ($1, 'facebook', '1') RETURNING id`,
        [organisation.id],
      );
      // 20,000 tickets where each filtered value is rare, as in a real inbox.
      await t.dataSource.query(
        `INSERT INTO ticket (organisation_id, reference, status, department_id, intent, needs_review, platform, kind,
                             contact_id, thread_key, last_activity_at, assignee_id)
         SELECT $1, 'EG-2026-' || lpad(i::text, 6, '0'),
                CASE WHEN i % 100 = 0 THEN 'new' ELSE 'closed' END,
                CASE WHEN i % 100 = 1 THEN $2::uuid END,
                CASE WHEN i % 100 = 2 THEN 'report' ELSE 'opinion' END,
                i % 100 = 3, 'facebook', 'comment', $4, 'k' || i,
                now() - i * interval '1 minute',
                CASE WHEN i % 100 = 4 THEN $3::uuid END
           FROM generate_series(1, 20000) AS i`,
        [organisation.id, routes.id, users.cm.id, contactId],
      );
      await t.dataSource.query('ANALYZE ticket');
      const filters: [string, string][] = [
        ['', 'ticket_inbox'],
        [`AND status = 'new'`, 'ticket_inbox_status'],
        [`AND department_id = '${routes.id}'`, 'ticket_inbox_department'],
        [`AND intent = 'report'`, 'ticket_inbox_intent'],
        ['AND needs_review = true', 'ticket_inbox_review'],
        [`AND assignee_id = '${users.cm.id}'`, 'ticket_inbox_assignee'],
      ];
      for (const [filter, index] of filters) {
        const plan = await t.dataSource.query<{ 'QUERY PLAN': string }[]>(
          `EXPLAIN SELECT * FROM ticket WHERE organisation_id = $1 ${filter}
            ORDER BY last_activity_at DESC, id DESC LIMIT 26`,
          [organisation.id],
        );
        expect([filter, plan.map((row) => row['QUERY PLAN']).join('\n')]).toEqual([
          filter,
          expect.stringContaining(`using ${index} on ticket`),
        ]);
      }
    });
  });
});
