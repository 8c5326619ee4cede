import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  TicketMessagesService,
  type NewMessage,
  type ThreadState,
} from '../tickets/ticket-messages.service.js';
import type { Statement } from '../database/combined-statement.js';
import { preparedQuery } from '../database/prepared-query.js';
import { TicketCounterService } from '../tickets/ticket-counter.service.js';
import { TicketsService } from '../tickets/tickets.service.js';
import type { NormalisedEvent } from './normalised-event.js';
import { decideThread, residentOf, threadKeys } from './threading.util.js';

export interface EventOrigin {
  organisationId: string;
  channelId: string | null;
  deliveryId: string;
}

/** Run in the transaction of a delivery's last event: its `processed` mark commits with it. */
export interface DeliveryCompletion {
  eventCount: number;
  ignored: string[];
}

const PREVIEW_LENGTH = 200;

/** A removal or hide came before the message it is about: worth another try in a moment. */
export class MessageNotYetStoredError extends Error {
  constructor(externalId: string, action: string) {
    super(`${action} of message ${externalId}, not stored (yet)`);
    this.name = 'MessageNotYetStoredError';
  }
}

/**
 * Writes one event: the contact, the message (unique per organisation, platform and platform id,
 * so a resend or a webhook and a poll of the same post write it once) and its place in a ticket
 * (threading.util.ts). Each event is one transaction; the events of one resident are serialised by
 * an advisory lock, so two deliveries of the same conversation processed at once make one ticket.
 * A new resident message takes five round trips to the database (and one for its reference): begin,
 * lock and contact, thread lookup, one statement for ticket, message, labelling job and the
 * delivery's completion, commit.
 */
@Injectable()
export class MessageIntakeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tickets: TicketsService,
    private readonly messages: TicketMessagesService,
    private readonly counter: TicketCounterService,
  ) {}

  /**
   * With `waitForMessage`, a removal or hide of a message not stored yet (its own delivery may be
   * processed at this very moment) fails with MessageNotYetStoredError, for the delivery to be tried
   * again a moment later; without, it is dropped.
   */
  async apply(
    origin: EventOrigin,
    event: NormalisedEvent,
    completion?: DeliveryCompletion,
    waitForMessage = false,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const resident = event.own || !isWritten(event) ? null : residentOf(event);
      // Durable enough without waiting for the disk: the delivery was stored with a synchronous commit
      // and stays `received` until this commits; after a crash it is processed again at start (and any
      // later synchronous commit, such as the job's completion, flushes this one first).
      const contactId = resident
        ? await this.lockContact(manager, origin.organisationId, event, resident)
        : await manager.query("SELECT set_config('synchronous_commit', 'off', true)").then(() => null);
      const done = completion && completeStatement(origin.deliveryId, completion);
      if (contactId && (await this.residents(manager, origin, event, contactId, done))) return;
      if (done) await preparedQuery(manager, undefined, done.text, done.values);
      if (event.action === 'remove' || event.action === 'hide' || event.action === 'unhide') {
        if (!(await this.moderation(manager, origin, event)) && waitForMessage) {
          throw new MessageNotYetStoredError(event.externalId, event.action);
        }
        return;
      }
      if (!contactId) await this.ours(manager, origin, event);
    });
  }

  /** A delivery with no event for its channel is done at once. */
  async completeEmpty(deliveryId: string, completion: DeliveryCompletion): Promise<void> {
    await this.complete(this.dataSource.manager, deliveryId, completion);
  }

  private async complete(manager: EntityManager, deliveryId: string, completion: DeliveryCompletion) {
    const statement = completeStatement(deliveryId, completion);
    await preparedQuery(manager, undefined, statement.text, statement.values);
  }

  /** True when it wrote a message, `done` included in that statement. */
  private async residents(
    manager: EntityManager,
    origin: EventOrigin,
    event: NormalisedEvent,
    contactId: string,
    done: Statement | undefined,
  ): Promise<boolean> {
    const keys = threadKeys(event);
    // Facebook replies find their thread by key (root comment and resident); X posts may only name
    // the post they answer, whose ticket is the thread's when it is the same resident's.
    const answered = event.kind === 'mention' && event.parentExternalId ? [event.parentExternalId] : [];
    const state = await this.messages.threadState(
      manager,
      origin.organisationId,
      event.platform,
      event.externalId,
      {
        contactId,
        answered,
        threadKeys: keys,
        // A visitor post joins its author's comments on it when they were processed first.
        ...(event.kind === 'post' && { aboutPost: event.externalId }),
      },
    );
    if (state.message) {
      await this.seenBefore(manager, event, state.message);
      return false;
    }

    const decision = decideThread(state.ticket ?? undefined, event.at);
    const message = this.message(origin, event, contactId);
    const preview = previewOf(event);
    const ticketId = decision.kind === 'append' ? decision.ticketId : randomUUID();
    // The labelling job and the delivery's completion are written by the same statement as the message.
    const also = [await this.tickets.labelRequest([ticketId]), ...(done ? [done] : [])];
    if (decision.kind === 'append') {
      await this.messages.append(manager, ticketId, message, preview, decision.reopen, also);
      return true;
    }
    await this.messages.open(
      manager,
      {
        id: ticketId,
        reference: await this.counter.next(origin.organisationId),
        organisationId: origin.organisationId,
        platform: event.platform,
        kind: event.kind,
        channelId: origin.channelId,
        contactId,
        threadKey: keys[0] ?? `${event.platform}:${event.externalId}`,
        postExternalId: contextOf(event),
        preview,
        lastActivityAt: event.at,
      },
      message,
      also,
    );
    return true;
  }

  /** A resend, an edit, or the first text of a message we first knew from its edit. */
  private async seenBefore(
    manager: EntityManager,
    event: NormalisedEvent,
    stored: NonNullable<ThreadState['message']>,
  ): Promise<void> {
    if (event.action === 'add') {
      if (stored.editedAt && stored.originalText === null && event.text !== null) {
        await manager.query('UPDATE message SET original_text = $2 WHERE id = $1', [stored.id, event.text]);
      }
      return;
    }
    if ((await this.edit(manager, stored, event)) && stored.ticketId && event.own === false) {
      await this.tickets.requestLabels(manager, [stored.ticketId]);
    }
  }

  /** Our own message or post: kept, in the ticket it answers when there is one; never a ticket itself. */
  private async ours(manager: EntityManager, origin: EventOrigin, event: NormalisedEvent): Promise<void> {
    const keys = threadKeys(event);
    const answered = keys.length
      ? []
      : [event.parentExternalId, event.rootExternalId].filter(
          (id): id is string => !!id && id !== event.externalId,
        );
    const state = await this.messages.threadState(
      manager,
      origin.organisationId,
      event.platform,
      event.externalId,
      {
        contactId: null,
        answered,
        threadKeys: keys,
      },
    );
    if (state.message) return this.seenBefore(manager, event, state.message);
    await this.messages.record(manager, state.ticket?.id ?? null, this.message(origin, event, null));
  }

  /** Records a removal, hide or unhide on the message; false when the message is unknown. */
  private async moderation(
    manager: EntityManager,
    origin: EventOrigin,
    event: NormalisedEvent,
  ): Promise<boolean> {
    const where = 'organisation_id = $1 AND platform = $2 AND external_id = $3';
    const change = {
      remove: 'removed_at = COALESCE(removed_at, $4)',
      hide: 'hidden_at = CASE WHEN hidden_at IS NULL THEN $4 ELSE hidden_at END',
      unhide: 'hidden_at = CASE WHEN hidden_at <= $4 THEN NULL ELSE hidden_at END',
    }[event.action as 'remove' | 'hide' | 'unhide'];
    const rows = await preparedQuery(
      manager,
      undefined,
      `UPDATE message SET ${change} WHERE ${where} RETURNING id`,
      [origin.organisationId, event.platform, event.externalId, event.at],
    );
    return rows.length > 0;
  }

  /** Applies an edit unless a later one was applied; the first text is kept. True when the text changed. */
  private async edit(
    manager: EntityManager,
    stored: NonNullable<ThreadState['message']>,
    event: NormalisedEvent,
  ): Promise<boolean> {
    if (event.text === null || stored.text === event.text) return false;
    if (stored.editedAt && stored.editedAt.getTime() > event.at.getTime()) return false;
    await manager.query(
      `UPDATE message SET original_text = COALESCE(original_text, text), text = $2, edited_at = $3 WHERE id = $1`,
      [stored.id, event.text, event.at],
    );
    return true;
  }

  /**
   * The resident's contact (name and handle kept up to date), after taking their lock for this
   * transaction, and without waiting for the disk at commit (see apply): one statement.
   */
  private async lockContact(
    manager: EntityManager,
    organisationId: string,
    event: NormalisedEvent,
    resident: string,
  ): Promise<string> {
    const author = event.author?.platformId === resident ? event.author : null;
    const [{ id }] = await preparedQuery<{ id: string }>(
      manager,
      'intake-lock-contact',
      `WITH asynchronous AS (SELECT set_config('synchronous_commit', 'off', true)),
            locked AS (SELECT pg_advisory_xact_lock(hashtextextended($6, 0)) FROM asynchronous)
       INSERT INTO contact (organisation_id, platform, platform_user_id, name, handle)
       SELECT $1, $2, $3, $4, $5 FROM locked
       ON CONFLICT (organisation_id, platform, platform_user_id) DO UPDATE SET
         name = COALESCE(EXCLUDED.name, contact.name),
         handle = COALESCE(EXCLUDED.handle, contact.handle),
         updated_at = CASE WHEN (EXCLUDED.name, EXCLUDED.handle) IS DISTINCT FROM (contact.name, contact.handle)
                           THEN now() ELSE contact.updated_at END
       RETURNING id`,
      [
        organisationId,
        event.platform,
        resident,
        author?.name ?? null,
        author?.handle ?? null,
        `${organisationId}:${event.platform}:${resident}`,
      ],
    );
    return id;
  }

  private message(origin: EventOrigin, event: NormalisedEvent, contactId: string | null): NewMessage {
    return {
      organisationId: origin.organisationId,
      contactId,
      platform: event.platform,
      kind: event.kind,
      direction: event.own ? 'out' : 'in',
      externalId: event.externalId,
      parentExternalId: event.parentExternalId,
      text: event.text ?? '',
      editedAt: event.action === 'edit' ? event.at : null,
      attachments: event.attachments,
      permalink: event.permalink,
      createdAt: event.at,
      deliveryId: origin.deliveryId,
    };
  }
}

function completeStatement(deliveryId: string, completion: DeliveryCompletion): Statement {
  return {
    text: `UPDATE delivery SET status = 'processed', processed_at = now(), error = NULL, event_count = $2, ignored = $3
            WHERE id = $1 AND status = 'received'`,
    values: [deliveryId, completion.eventCount, JSON.stringify(completion.ignored)],
  };
}

function isWritten(event: NormalisedEvent): boolean {
  return event.action === 'add' || event.action === 'edit';
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
