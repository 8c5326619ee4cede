import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { combinedStatement, type Statement } from '../database/combined-statement.js';
import { preparedQuery } from '../database/prepared-query.js';
import type { Platform } from '../intake/incoming-delivery.js';
import type { Attachment, MessageKind } from '../intake/normalised-event.js';
import type { TicketStatus } from './ticket-status.js';

export interface NewTicket {
  /** Chosen by the caller, so that work queued for the ticket in the same transaction can name it. */
  id: string;
  /** From TicketCounterService. */
  reference: string;
  organisationId: string;
  platform: Platform;
  kind: MessageKind;
  channelId: string | null;
  contactId: string;
  threadKey: string;
  postExternalId: string | null;
  preview: string;
  lastActivityAt: Date;
}

export interface NewMessage {
  organisationId: string;
  contactId: string | null;
  platform: Platform;
  kind: MessageKind;
  direction: 'in' | 'out';
  externalId: string;
  parentExternalId: string | null;
  text: string;
  editedAt: Date | null;
  attachments: Attachment[];
  permalink: string | null;
  createdAt: Date;
  deliveryId: string | null;
}

/** What a thread lookup starts from (see TicketMessagesService.threadStates). */
export interface ThreadLookup {
  organisationId: string;
  platform: Platform;
  /** The platform's id of the message the event is about. */
  externalId: string;
  contactId: string | null;
  /** The messages this one answers: their ticket is the thread's when it is the contact's. */
  answered: string[];
  threadKeys: string[];
  /** Also the contact's tickets about this post (a visitor post whose comments came first). */
  aboutPost?: string;
}

/** A resident's message added to a ticket (see TicketMessagesService.write). */
export interface AppendedMessage {
  ticketId: string;
  message: NewMessage;
  /** What the inbox list shows, unless the message is older than what the ticket shows. */
  preview: string;
  /** Back to triage (the ticket was done with, or closed lately). */
  reopen: boolean;
}

/** The latest ticket of a thread, and the stored message an event is about (when seen before). */
export interface ThreadState {
  message: {
    id: string;
    ticketId: string | null;
    text: string;
    originalText: string | null;
    editedAt: Date | null;
  } | null;
  ticket: { id: string; status: TicketStatus; closedAt: Date | null } | null;
}

const MESSAGE_COLUMNS = `organisation_id, ticket_id, contact_id, platform, kind, direction, external_id,
  parent_external_id, text, edited_at, attachments, permalink, created_at, delivery_id`;

/** The values of MESSAGE_COLUMNS from a `message` record `m`, with the ticket from `ticket`. */
const messageFields = (ticket: string) =>
  `m.organisation_id, ${ticket}, m.contact_id, m.platform, m.kind, m.direction, m.external_id,
   m.parent_external_id, m.text, m.edited_at, m.attachments, m.permalink, m.created_at, m.delivery_id`;

interface ThreadStateRow {
  message_id: string | null;
  message_ticket_id: string | null;
  text: string | null;
  original_text: string | null;
  edited_at: Date | null;
  ticket_id: string | null;
  status: TicketStatus | null;
  closed_at: Date | null;
}

/**
 * Writes of tickets and their messages, each in as few statements as it takes: intake runs them for
 * every event, inside its transaction, and every round trip to the database counts there; so each
 * takes many events at once (one delivery's, or a whole batch of residents' new messages). A message
 * is unique per organisation, platform and platform id: writing it again does nothing.
 */
@Injectable()
export class TicketMessagesService {
  /**
   * For each lookup, in order: the stored message `externalId` (if any) and the latest ticket of the
   * thread: the ticket of one of `answered` when it is the contact's, else the latest with one of
   * `threadKeys`, else (with `aboutPost`) the contact's latest about that post.
   */
  async threadStates(manager: EntityManager, lookups: ThreadLookup[]): Promise<ThreadState[]> {
    const rows = await preparedQuery<ThreadStateRow>(
      manager,
      'tickets-thread-states',
      `SELECT m.id AS message_id, m.ticket_id AS message_ticket_id, m.text, m.original_text, m.edited_at,
              t.id AS ticket_id, t.status, t.closed_at
         FROM jsonb_to_recordset($1)
           AS e(position integer, organisation_id uuid, platform text, external_id text, contact_id uuid,
                answered text[], thread_keys text[], about_post text)
         LEFT JOIN message m
           ON m.organisation_id = e.organisation_id AND m.platform = e.platform AND m.external_id = e.external_id
         LEFT JOIN LATERAL (
           (SELECT ticket.id, ticket.status, ticket.closed_at, 0 AS rank, ticket.created_at
              FROM message answered JOIN ticket ON ticket.id = answered.ticket_id
             WHERE answered.organisation_id = e.organisation_id AND answered.platform = e.platform
               AND answered.external_id = ANY(e.answered)
               AND (e.contact_id IS NULL OR ticket.contact_id = e.contact_id))
           UNION ALL
           (SELECT id, status, closed_at, 1, created_at FROM ticket
             WHERE organisation_id = e.organisation_id AND thread_key = ANY(e.thread_keys))
           UNION ALL
           (SELECT id, status, closed_at, 2, created_at FROM ticket
             WHERE e.about_post IS NOT NULL AND organisation_id = e.organisation_id
               AND contact_id = e.contact_id AND post_external_id = e.about_post)
           ORDER BY rank, created_at DESC LIMIT 1) t ON true
        ORDER BY e.position`,
      [
        JSON.stringify(
          lookups.map((lookup, position) => ({
            position,
            organisation_id: lookup.organisationId,
            platform: lookup.platform,
            external_id: lookup.externalId,
            contact_id: lookup.contactId,
            answered: lookup.answered,
            thread_keys: lookup.threadKeys,
            about_post: lookup.aboutPost ?? null,
          })),
        ),
      ],
    );
    return rows.map((row) => ({
      message: row.message_id
        ? {
            id: row.message_id,
            ticketId: row.message_ticket_id,
            text: row.text ?? '',
            originalText: row.original_text,
            editedAt: row.edited_at,
          }
        : null,
      ticket: row.ticket_id ? { id: row.ticket_id, status: row.status!, closedAt: row.closed_at } : null,
    }));
  }

  /**
   * New tickets waiting in triage (`new`, needs review), each with its first message, and residents'
   * messages added to tickets (latest activity and preview, back to triage when `reopen`), all in one
   * statement (with `also`, statements of the caller's to run in it: combined-statement.ts). A ticket
   * takes one appended message per call; none of the messages may be stored already.
   */
  async write(
    manager: EntityManager,
    changes: { opened: { ticket: NewTicket; message: NewMessage }[]; appended: AppendedMessage[] },
    also: Statement[] = [],
  ): Promise<void> {
    const statement = combinedStatement(
      {
        text: `WITH opened AS (
         INSERT INTO ticket (id, organisation_id, reference, status, needs_review, platform, kind, channel_id,
                             contact_id, thread_key, post_external_id, preview, last_activity_at)
         SELECT id, organisation_id, reference, 'new', true, platform, kind, channel_id, contact_id, thread_key,
                post_external_id, preview, last_activity_at
           FROM jsonb_to_recordset($1)
             AS t(id uuid, organisation_id uuid, reference text, platform text, kind text, channel_id uuid,
                  contact_id uuid, thread_key text, post_external_id text, preview text,
                  last_activity_at timestamptz)
         RETURNING id),
       extended AS (
         UPDATE ticket SET
           preview = CASE WHEN a.at >= ticket.last_activity_at THEN a.preview ELSE ticket.preview END,
           last_activity_at = GREATEST(ticket.last_activity_at, a.at),
           status = CASE WHEN a.reopen THEN 'new' ELSE ticket.status END,
           needs_review = ticket.needs_review OR a.reopen,
           closed_at = CASE WHEN a.reopen THEN NULL ELSE ticket.closed_at END,
           updated_at = now()
           FROM jsonb_to_recordset($2) AS a(id uuid, at timestamptz, preview text, reopen boolean)
          WHERE ticket.id = a.id
         RETURNING ticket.id)
       INSERT INTO message (${MESSAGE_COLUMNS})
       SELECT ${messageFields('m.ticket_id')} FROM jsonb_populate_recordset(NULL::message, $3) AS m
        WHERE m.ticket_id IN (SELECT id FROM opened UNION ALL SELECT id FROM extended)
       ON CONFLICT (organisation_id, platform, external_id) DO NOTHING
       RETURNING 1`,
        values: [
          JSON.stringify(
            changes.opened.map(({ ticket }) => ({
              id: ticket.id,
              organisation_id: ticket.organisationId,
              reference: ticket.reference,
              platform: ticket.platform,
              kind: ticket.kind,
              channel_id: ticket.channelId,
              contact_id: ticket.contactId,
              thread_key: ticket.threadKey,
              post_external_id: ticket.postExternalId,
              preview: ticket.preview,
              last_activity_at: ticket.lastActivityAt,
            })),
          ),
          JSON.stringify(
            changes.appended.map((append) => ({
              id: append.ticketId,
              at: append.message.createdAt,
              preview: append.preview,
              reopen: append.reopen,
            })),
          ),
          `[${[
            ...changes.opened.map(({ ticket, message }) => messageRecord(message, ticket.id)),
            ...changes.appended.map(({ ticketId, message }) => messageRecord(message, ticketId)),
          ].join(',')}]`,
        ],
      },
      also,
    );
    const written = await preparedQuery(manager, undefined, statement.text, statement.values);
    // The thread lookup found none of them under the residents' locks: one stored meanwhile is a fault,
    // and the whole write is undone rather than leaving a ticket without its message.
    if (written.length < changes.opened.length + changes.appended.length) {
      throw new Error('A message was stored meanwhile by another writer');
    }
  }

  /** A message kept as it is, in `ticketId` or in none (our own posts that answer no ticket). */
  async record(manager: EntityManager, ticketId: string | null, message: NewMessage): Promise<void> {
    await preparedQuery(
      manager,
      'tickets-record-message',
      `INSERT INTO message (${MESSAGE_COLUMNS})
       SELECT ${messageFields('m.ticket_id')} FROM jsonb_populate_record(NULL::message, $1) AS m
       ON CONFLICT (organisation_id, platform, external_id) DO NOTHING`,
      [messageRecord(message, ticketId)],
    );
  }
}

/** A message as JSON, read back as a `message` row (jsonb_populate_record). */
function messageRecord(message: NewMessage, ticketId: string | null): string {
  return JSON.stringify({
    organisation_id: message.organisationId,
    ticket_id: ticketId,
    contact_id: message.contactId,
    platform: message.platform,
    kind: message.kind,
    direction: message.direction,
    external_id: message.externalId,
    parent_external_id: message.parentExternalId,
    text: message.text,
    edited_at: message.editedAt,
    attachments: message.attachments,
    permalink: message.permalink,
    created_at: message.createdAt,
    delivery_id: message.deliveryId,
  });
}
