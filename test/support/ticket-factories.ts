import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Channel } from '../../src/channels/channel.entity.js';
import type { Platform } from '../../src/intake/incoming-delivery.js';
import { IntakeService } from '../../src/intake/intake.service.js';
import { Contact } from '../../src/tickets/contact.entity.js';
import { Message } from '../../src/tickets/message.entity.js';
import { Ticket } from '../../src/tickets/ticket.entity.js';
import type { TestApp } from './test-app.js';

/** Secrets the intake tests start the app with, so that the signed senders' deliveries are accepted. */
export const INTAKE_ENV = {
  FACEBOOK_APP_SECRET: 'test_app_secret',
  TWITTER_CONSUMER_SECRET: 'test_consumer_secret',
  INTAKE_RETRY_LIMIT: '2',
  INTAKE_RETRY_DELAY_SECONDS: '1',
};

/** Digits as platforms write ids; random, so that channels of different tests never share one. */
export function platformId(digits = 15): string {
  let id = String(1 + Math.floor(Math.random() * 9));
  while (id.length < digits) id += String(Math.floor(Math.random() * 10));
  return id;
}

/** A Facebook page or X account of the organisation, as the channels API would store it. */
export async function createChannel(
  dataSource: DataSource,
  organisationId: string,
  platform: Platform,
  externalId = platformId(platform === 'facebook' ? 15 : 10),
) {
  return dataSource.getRepository(Channel).save({
    organisationId,
    platform,
    externalId,
    name: platform === 'facebook' ? 'Page du Département' : 'Compte X du Département',
  });
}

type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

/** Waits until `probe` answers something truthy (processing happens in the background). */
export async function eventually<T>(
  probe: () => Promise<T>,
  what: string,
  timeoutMs = 15_000,
): Promise<Truthy<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as Truthy<T>;
    if (Date.now() > until) throw new Error(`Still waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

/** Waits until no delivery of the organisation waits for processing (processed or parked). */
export async function settled(app: TestApp, organisationId: string): Promise<void> {
  await eventually(async () => {
    const [{ waiting }] = await app.dataSource.query<{ waiting: string }[]>(
      `SELECT count(*) AS waiting FROM delivery WHERE organisation_id = $1 AND status = 'received'`,
      [organisationId],
    );
    return Number(waiting) === 0;
  }, 'deliveries to be processed');
}

/** Waits until every ticket of the organisation has been labelled. */
export async function labelled(app: TestApp, organisationId: string): Promise<void> {
  await eventually(async () => {
    const [{ waiting }] = await app.dataSource.query<{ waiting: string }[]>(
      `SELECT count(*) AS waiting FROM ticket WHERE organisation_id = $1 AND (labelled_at IS NULL OR labelled_at < updated_at - interval '1 second')`,
      [organisationId],
    );
    return Number(waiting) === 0;
  }, 'tickets to be labelled');
}

/**
 * Waits until intake and labelling have nothing running or due: call it after a test, so that the
 * next test's reset() does not truncate tables under a job still writing them.
 */
export async function quiesce(app: TestApp): Promise<void> {
  await eventually(
    async () => {
      const [{ busy }] = await app.dataSource.query<{ busy: string }[]>(
        `SELECT count(*) AS busy FROM pgboss.job
        WHERE name IN ('intake.process-deliveries', 'tickets.label')
          AND (state = 'active' OR (state IN ('created', 'retry') AND start_after <= now() + interval '5 seconds'))`,
      );
      return Number(busy) === 0;
      // The first labelling of a test database trains the default classifier: several seconds.
    },
    'background jobs to finish',
    60_000,
  );
}

export interface TicketRow {
  id: string;
  reference: string;
  status: string;
  kind: string;
  platform: string;
  thread_key: string;
  contact_id: string;
  closed_at: Date | null;
}

/** The organisation's tickets, oldest first. */
export function ticketsOf(app: TestApp, organisationId: string): Promise<TicketRow[]> {
  return app.dataSource.query<TicketRow[]>(
    `SELECT id, reference, status, kind, platform, thread_key, contact_id, closed_at FROM ticket
      WHERE organisation_id = $1 ORDER BY created_at, reference`,
    [organisationId],
  );
}

export interface MessageRow {
  ticket_id: string | null;
  external_id: string;
  direction: 'in' | 'out';
  text: string;
  original_text: string | null;
  edited_at: Date | null;
  removed_at: Date | null;
  hidden_at: Date | null;
  attachments: { type: string; url: string }[];
  created_at: Date;
}

export function messagesOf(app: TestApp, organisationId: string): Promise<MessageRow[]> {
  return app.dataSource.query<MessageRow[]>(
    `SELECT ticket_id, external_id, direction, text, original_text, edited_at, removed_at, hidden_at, attachments, created_at
       FROM message WHERE organisation_id = $1 ORDER BY created_at, external_id`,
    [organisationId],
  );
}

/** Posts a signed delivery through the real webhook route; the platform's 200 is expected. */
export async function deliver(
  app: TestApp,
  delivery: { path: string; headers: Record<string, string>; body: string },
  status = 200,
): Promise<void> {
  await app.http.post(delivery.path).set(delivery.headers).send(delivery.body).expect(status);
}

/** A page of X mentions as the poller stores it (`source: poll`). */
export async function receivePoll(app: TestApp, channel: Channel, page: unknown): Promise<void> {
  await app.app.get(IntakeService).receive({
    platform: 'twitter',
    source: 'poll',
    organisationId: channel.organisationId,
    channelId: channel.id,
    channelExternalId: channel.externalId,
    rawBody: Buffer.from(JSON.stringify(page)),
    headers: {},
  });
}

let sequence = 0;

export interface TicketOverrides extends Partial<Ticket> {
  contactName?: string;
  text?: string;
}

/** A ticket with its contact and one message, written directly (for the inbox's queries). */
export async function createTicket(
  dataSource: DataSource,
  organisationId: string,
  overrides: TicketOverrides = {},
) {
  const { contactName, text, ...fields } = overrides;
  const n = ++sequence;
  const contact = await dataSource.getRepository(Contact).save({
    organisationId,
    platform: fields.platform ?? 'facebook',
    platformUserId: platformId(),
    name: contactName ?? `Habitant ${n}`,
    handle: null,
  });
  const at = fields.lastActivityAt ?? new Date(Date.UTC(2026, 2, 1, 8) + n * 60_000);
  const ticket = await dataSource.getRepository(Ticket).save({
    organisationId,
    reference: `EG-2026-${String(900000 + n)}`,
    status: 'triaged',
    platform: 'facebook',
    kind: 'comment',
    contactId: contact.id,
    threadKey: `test:${randomUUID()}`,
    lastActivityAt: at,
    needsReview: false,
    preview: text ?? `Message ${n}`,
    ...fields,
  });
  await dataSource.getRepository(Message).save({
    organisationId,
    ticketId: ticket.id,
    contactId: contact.id,
    platform: ticket.platform,
    kind: ticket.kind,
    direction: 'in',
    externalId: `${platformId()}_${n}`,
    text: text ?? `Message ${n}`,
    createdAt: at,
  });
  return ticket;
}

/**
 * A fault of the database on the messages saying `text` only, as a bug or a bad row would be: nothing
 * of ours is mocked. Answers the cure (also for afterAll, should a test end early).
 */
export async function poisonMessagesSaying(app: TestApp, text: string): Promise<() => Promise<unknown>> {
  await app.dataSource.query(`
    CREATE OR REPLACE FUNCTION poison_message() RETURNS trigger AS $$
    BEGIN
      IF NEW.text = '${text}' THEN RAISE EXCEPTION 'poisoned message'; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`);
  await app.dataSource.query(
    'CREATE OR REPLACE TRIGGER poison BEFORE INSERT ON message FOR EACH ROW EXECUTE FUNCTION poison_message()',
  );
  return () => app.dataSource.query('DROP TRIGGER IF EXISTS poison ON message');
}
