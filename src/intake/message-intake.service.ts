import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TicketsService } from '../tickets/tickets.service.js';
import type { NormalisedEvent } from './normalised-event.js';
import { decideThread, type LatestTicket, residentOf, threadKeys } from './threading.util.js';

export interface EventOrigin {
  organisationId: string;
  channelId: string | null;
  deliveryId: string;
}

interface StoredMessage {
  id: string;
  ticket_id: string | null;
  text: string;
  original_text: string | null;
  edited_at: Date | null;
}

const PREVIEW_LENGTH = 200;

/**
 * Writes one event: the contact, the message (unique per organisation, platform and platform id,
 * so a resend or a webhook and a poll of the same post write it once) and its place in a ticket
 * (threading.util.ts). Each event is one transaction; the events of one resident are serialised by
 * an advisory lock, so two deliveries of the same conversation processed at once make one ticket.
 */
@Injectable()
export class MessageIntakeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tickets: TicketsService,
  ) {}

  async apply(origin: EventOrigin, event: NormalisedEvent): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      switch (event.action) {
        case 'add':
        case 'edit':
          return event.own ? this.ours(manager, origin, event) : this.residents(manager, origin, event);
        case 'remove':
        case 'hide':
        case 'unhide':
          return this.moderation(manager, origin, event);
      }
    });
  }

  private async residents(
    manager: EntityManager,
    origin: EventOrigin,
    event: NormalisedEvent,
  ): Promise<void> {
    const { organisationId } = origin;
    const resident = residentOf(event)!;
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `${organisationId}:${event.platform}:${resident}`,
    ]);
    const contactId = await this.contact(manager, organisationId, event, resident);
    const existing = await this.stored(manager, organisationId, event);
    if (existing) {
      if (event.action === 'add') {
        // Seen before: a resend, or a message we first knew from its edit (its first text arrives now).
        if (existing.edited_at && existing.original_text === null && event.text !== null) {
          await manager.query('UPDATE message SET original_text = $2 WHERE id = $1', [
            existing.id,
            event.text,
          ]);
        }
        return;
      }
      if (await this.edit(manager, existing, event)) {
        if (existing.ticket_id) await this.tickets.requestLabels(manager, [existing.ticket_id]);
      }
      return;
    }

    const keys = threadKeys(event);
    const latest =
      (await this.ticketOfParent(manager, organisationId, event, contactId)) ??
      (await this.latestOfThread(manager, organisationId, keys));
    const decision = decideThread(latest, event.at);
    const preview = previewOf(event);
    let ticketId: string;
    if (decision.kind === 'open') {
      ticketId = (
        await this.tickets.open(manager, {
          organisationId,
          platform: event.platform,
          kind: event.kind,
          channelId: origin.channelId,
          contactId,
          threadKey: keys[0] ?? `${event.platform}:${event.externalId}`,
          postExternalId: contextOf(event),
          preview,
          lastActivityAt: event.at,
        })
      ).id;
    } else {
      ticketId = decision.ticketId;
      await manager.query(
        `UPDATE ticket SET
           preview = CASE WHEN $2 >= last_activity_at THEN $3 ELSE preview END,
           last_activity_at = GREATEST(last_activity_at, $2),
           status = CASE WHEN $4 THEN 'new' ELSE status END,
           needs_review = needs_review OR $4,
           closed_at = CASE WHEN $4 THEN NULL ELSE closed_at END,
           updated_at = now()
         WHERE id = $1`,
        [ticketId, event.at, preview, decision.reopen],
      );
    }
    await this.insertMessage(manager, origin, event, ticketId, contactId);
    await this.tickets.requestLabels(manager, [ticketId]);
  }

  /** Our own message or post: kept, in the ticket it answers when there is one; never a ticket itself. */
  private async ours(manager: EntityManager, origin: EventOrigin, event: NormalisedEvent): Promise<void> {
    const { organisationId } = origin;
    const existing = await this.stored(manager, organisationId, event);
    if (existing) {
      if (event.action === 'edit') await this.edit(manager, existing, event);
      return;
    }
    let ticketId: string | null = null;
    const keys = threadKeys(event);
    if (keys.length) {
      ticketId = (await this.latestOfThread(manager, organisationId, keys))?.id ?? null;
    } else {
      const answered = [event.parentExternalId, event.rootExternalId].filter((id): id is string => !!id);
      if (answered.length) {
        const [row] = await manager.query<{ ticket_id: string }[]>(
          `SELECT ticket_id FROM message
            WHERE organisation_id = $1 AND platform = $2 AND external_id = ANY($3) AND ticket_id IS NOT NULL
            LIMIT 1`,
          [organisationId, event.platform, answered],
        );
        ticketId = row?.ticket_id ?? null;
      }
    }
    await this.insertMessage(manager, origin, event, ticketId, null);
  }

  private async moderation(
    manager: EntityManager,
    origin: EventOrigin,
    event: NormalisedEvent,
  ): Promise<void> {
    const where = 'organisation_id = $1 AND platform = $2 AND external_id = $3';
    const params = [origin.organisationId, event.platform, event.externalId, event.at];
    switch (event.action) {
      case 'remove':
        await manager.query(
          `UPDATE message SET removed_at = COALESCE(removed_at, $4) WHERE ${where}`,
          params,
        );
        return;
      case 'hide':
        await manager.query(`UPDATE message SET hidden_at = $4 WHERE ${where} AND hidden_at IS NULL`, params);
        return;
      case 'unhide':
        await manager.query(`UPDATE message SET hidden_at = NULL WHERE ${where} AND hidden_at <= $4`, params);
        return;
      case 'add':
      case 'edit':
        return;
    }
  }

  /** Applies an edit unless a later one was applied; the first text is kept. True when the text changed. */
  private async edit(
    manager: EntityManager,
    existing: StoredMessage,
    event: NormalisedEvent,
  ): Promise<boolean> {
    if (event.text === null) return false;
    if (existing.edited_at && existing.edited_at.getTime() > event.at.getTime()) return false;
    if (existing.text === event.text) return false;
    await manager.query(
      `UPDATE message SET original_text = COALESCE(original_text, text), text = $2, edited_at = $3 WHERE id = $1`,
      [existing.id, event.text, event.at],
    );
    return true;
  }

  private async stored(manager: EntityManager, organisationId: string, event: NormalisedEvent) {
    const [row] = await manager.query<StoredMessage[]>(
      `SELECT id, ticket_id, text, original_text, edited_at FROM message
        WHERE organisation_id = $1 AND platform = $2 AND external_id = $3 FOR UPDATE`,
      [organisationId, event.platform, event.externalId],
    );
    return row;
  }

  private async contact(
    manager: EntityManager,
    organisationId: string,
    event: NormalisedEvent,
    resident: string,
  ): Promise<string> {
    const author = event.author?.platformId === resident ? event.author : null;
    const [{ id }] = await manager.query<{ id: string }[]>(
      `INSERT INTO contact (organisation_id, platform, platform_user_id, name, handle) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (organisation_id, platform, platform_user_id) DO UPDATE SET
         name = COALESCE(EXCLUDED.name, contact.name),
         handle = COALESCE(EXCLUDED.handle, contact.handle),
         updated_at = CASE WHEN (EXCLUDED.name, EXCLUDED.handle) IS DISTINCT FROM (contact.name, contact.handle)
                           THEN now() ELSE contact.updated_at END
       RETURNING id`,
      [organisationId, event.platform, resident, author?.name ?? null, author?.handle ?? null],
    );
    return id;
  }

  /** The ticket of the message this one answers, when it is the same resident's (X replies, Facebook replies). */
  private async ticketOfParent(
    manager: EntityManager,
    organisationId: string,
    event: NormalisedEvent,
    contactId: string,
  ): Promise<LatestTicket | undefined> {
    const answered = [event.parentExternalId, event.rootExternalId].filter(
      (id): id is string => !!id && id !== event.externalId,
    );
    if (!answered.length || event.kind === 'message' || event.kind === 'dm') return undefined;
    const [row] = await manager.query<
      { id: string; status: LatestTicket['status']; closed_at: Date | null }[]
    >(
      `SELECT ticket.id, ticket.status, ticket.closed_at FROM message
         JOIN ticket ON ticket.id = message.ticket_id
        WHERE message.organisation_id = $1 AND message.platform = $2 AND message.external_id = ANY($3)
          AND ticket.contact_id = $4
        ORDER BY ticket.created_at DESC LIMIT 1`,
      [organisationId, event.platform, answered, contactId],
    );
    return row && { id: row.id, status: row.status, closedAt: row.closed_at };
  }

  private async latestOfThread(
    manager: EntityManager,
    organisationId: string,
    keys: string[],
  ): Promise<LatestTicket | undefined> {
    if (!keys.length) return undefined;
    const [row] = await manager.query<
      { id: string; status: LatestTicket['status']; closed_at: Date | null }[]
    >(
      `SELECT id, status, closed_at FROM ticket
        WHERE organisation_id = $1 AND thread_key = ANY($2)
        ORDER BY created_at DESC LIMIT 1`,
      [organisationId, keys],
    );
    return row && { id: row.id, status: row.status, closedAt: row.closed_at };
  }

  private async insertMessage(
    manager: EntityManager,
    origin: EventOrigin,
    event: NormalisedEvent,
    ticketId: string | null,
    contactId: string | null,
  ): Promise<void> {
    const edited = event.action === 'edit';
    await manager.query(
      `INSERT INTO message (organisation_id, ticket_id, contact_id, platform, kind, direction, external_id,
                            parent_external_id, text, edited_at, attachments, permalink, created_at, delivery_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (organisation_id, platform, external_id) DO NOTHING`,
      [
        origin.organisationId,
        ticketId,
        contactId,
        event.platform,
        event.kind,
        event.own ? 'out' : 'in',
        event.externalId,
        event.parentExternalId,
        event.text ?? '',
        edited ? event.at : null,
        JSON.stringify(event.attachments),
        event.permalink,
        event.at,
        origin.deliveryId,
      ],
    );
  }
}

/** What the inbox list shows of a message. */
export function previewOf(event: NormalisedEvent): string {
  const text = (event.text ?? '').trim().replace(/\s+/g, ' ');
  if (text) return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text;
  return event.attachments.length ? 'Pièce jointe' : '';
}

/** The post a ticket's message answers: a Facebook post, the X post replied to (or its conversation). */
function contextOf(event: NormalisedEvent): string | null {
  switch (event.kind) {
    case 'comment':
      return event.postExternalId;
    case 'mention':
      return (
        event.parentExternalId ?? (event.postExternalId !== event.externalId ? event.postExternalId : null)
      );
    case 'post':
    case 'message':
    case 'dm':
      return null;
  }
}
