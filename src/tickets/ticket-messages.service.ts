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

/**
 * Writes of tickets and their messages, each in as few statements as it takes: intake runs them for
 * every event, inside its transaction, and every round trip to the database counts there. A message
 * is unique per organisation, platform and platform id: writing it again does nothing.
 */
@Injectable()
export class TicketMessagesService {
  /**
   * The stored message `externalId` (if any) and the latest ticket of the thread: the ticket of one of
   * `answered` (the messages this one answers) when it is the contact's, else the latest with one of
   * `threadKeys`, else (with `aboutPost`) the contact's latest about that post.
   */
  async threadState(
    manager: EntityManager,
    organisationId: string,
    platform: Platform,
    externalId: string,
    lookup: {
      contactId: string | null;
      answered: string[];
      threadKeys: string[];
      /** Also the contact's tickets about this post (a visitor post whose comments came first). */
      aboutPost?: string;
    },
  ): Promise<ThreadState> {
    const [row] = await preparedQuery<{
      message_id: string | null;
      message_ticket_id: string | null;
      text: string | null;
      original_text: string | null;
      edited_at: Date | null;
      ticket_id: string | null;
      status: TicketStatus | null;
      closed_at: Date | null;
    }>(
      manager,
      'tickets-thread-state',
      `SELECT m.id AS message_id, m.ticket_id AS message_ticket_id, m.text, m.original_text, m.edited_at,
              t.id AS ticket_id, t.status, t.closed_at
         FROM (SELECT 1) AS one
         LEFT JOIN message m ON m.organisation_id = $1 AND m.platform = $2 AND m.external_id = $3
         LEFT JOIN LATERAL (
           (SELECT ticket.id, ticket.status, ticket.closed_at, 0 AS rank, ticket.created_at
              FROM message answered JOIN ticket ON ticket.id = answered.ticket_id
             WHERE answered.organisation_id = $1 AND answered.platform = $2 AND answered.external_id = ANY($4)
               AND ($5::uuid IS NULL OR ticket.contact_id = $5))
           UNION ALL
           (SELECT id, status, closed_at, 1, created_at FROM ticket
             WHERE organisation_id = $1 AND thread_key = ANY($6))
           UNION ALL
           (SELECT id, status, closed_at, 2, created_at FROM ticket
             WHERE $7::text IS NOT NULL AND organisation_id = $1 AND contact_id = $5 AND post_external_id = $7)
           ORDER BY rank, created_at DESC LIMIT 1) t ON true`,
      [
        organisationId,
        platform,
        externalId,
        lookup.answered,
        lookup.contactId,
        lookup.threadKeys,
        lookup.aboutPost ?? null,
      ],
    );
    return {
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
    };
  }

  /**
   * A new ticket waiting in triage (`new`, needs review) with its first message, in one statement
   * (with `also`, statements of the caller's to run in it: combined-statement.ts).
   */
  async open(manager: EntityManager, ticket: NewTicket, message: NewMessage, also: Statement[] = []) {
    const statement = combinedStatement(
      {
        text: `WITH opened AS (
         INSERT INTO ticket (id, organisation_id, reference, status, needs_review, platform, kind, channel_id,
                             contact_id, thread_key, post_external_id, preview, last_activity_at)
         VALUES ($1, $2, $3, 'new', true, $4, $5, $6, $7, $8, $9, $10, $11)
         RETURNING id)
       INSERT INTO message (${MESSAGE_COLUMNS})
       SELECT ${messageFields('opened.id')} FROM opened, jsonb_populate_record(NULL::message, $12) AS m`,
        values: [
          ticket.id,
          ticket.organisationId,
          ticket.reference,
          ticket.platform,
          ticket.kind,
          ticket.channelId,
          ticket.contactId,
          ticket.threadKey,
          ticket.postExternalId,
          ticket.preview,
          ticket.lastActivityAt,
          messageRecord(message),
        ],
      },
      also,
    );
    await preparedQuery(manager, undefined, statement.text, statement.values);
  }

  /**
   * Adds the resident's message to a ticket: latest activity and preview (unless the message is older
   * than what the ticket shows), and back to triage when `reopen`.
   */
  async append(
    manager: EntityManager,
    ticketId: string,
    message: NewMessage,
    preview: string,
    reopen: boolean,
    also: Statement[] = [],
  ) {
    const statement = combinedStatement(
      {
        text: `WITH extended AS (
         UPDATE ticket SET
           preview = CASE WHEN $2 >= last_activity_at THEN $3 ELSE preview END,
           last_activity_at = GREATEST(last_activity_at, $2),
           status = CASE WHEN $4 THEN 'new' ELSE status END,
           needs_review = needs_review OR $4,
           closed_at = CASE WHEN $4 THEN NULL ELSE closed_at END,
           updated_at = now()
         WHERE id = $1
         RETURNING id)
       INSERT INTO message (${MESSAGE_COLUMNS})
       SELECT ${messageFields('extended.id')} FROM extended, jsonb_populate_record(NULL::message, $5) AS m
       ON CONFLICT (organisation_id, platform, external_id) DO NOTHING`,
        values: [ticketId, message.createdAt, preview, reopen, messageRecord(message)],
      },
      also,
    );
    await preparedQuery(manager, undefined, statement.text, statement.values);
  }

  /** A message kept as it is, in `ticketId` or in none (our own posts that answer no ticket). */
  async record(manager: EntityManager, ticketId: string | null, message: NewMessage): Promise<void> {
    await preparedQuery(
      manager,
      'tickets-record-message',
      `INSERT INTO message (${MESSAGE_COLUMNS})
       SELECT ${messageFields('$1::uuid')} FROM jsonb_populate_record(NULL::message, $2) AS m
       ON CONFLICT (organisation_id, platform, external_id) DO NOTHING`,
      [ticketId, messageRecord(message)],
    );
  }
}

/** A message as one JSON parameter, read back as a `message` row (jsonb_populate_record). */
function messageRecord(message: NewMessage): string {
  return JSON.stringify({
    organisation_id: message.organisationId,
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
