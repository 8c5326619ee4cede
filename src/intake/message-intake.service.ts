import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  TicketMessagesService,
  type AppendedMessage,
  type NewMessage,
  type NewTicket,
  type ThreadLookup,
  type ThreadState,
} from '../tickets/ticket-messages.service.js';
import type { Statement } from '../database/combined-statement.js';
import { preparedQuery } from '../database/prepared-query.js';
import { TicketCounterService } from '../tickets/ticket-counter.service.js';
import { TicketsService } from '../tickets/tickets.service.js';
import type { NormalisedEvent } from './normalised-event.js';
import { residentKey } from './processing-batch.util.js';
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

/** A delivery's events, all of them residents' new messages (processing-batch.util.ts). */
export interface DeliveryMessages {
  origin: EventOrigin;
  events: NormalisedEvent[];
  completion: DeliveryCompletion;
}

/** A resident's message, with the contact it is from. */
interface ResidentMessage {
  origin: EventOrigin;
  event: NormalisedEvent;
  contactId: string;
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
 * Writes events: the contact, the message (unique per organisation, platform and platform id, so a
 * resend or a webhook and a poll of the same post write it once) and its place in a ticket
 * (threading.util.ts). The events of one resident are serialised by an advisory lock, so two
 * deliveries of the same conversation processed at once make one ticket. A transaction takes five
 * round trips to the database (and one for references): begin, locks and contacts, thread lookup,
 * one statement for tickets, messages, labelling jobs and the deliveries' completion, commit; either
 * for one event, or for the new messages of a whole batch of deliveries (`applyTogether`).
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
        ? (await this.lockContacts(manager, [{ origin, event, resident }]))[0]
        : await manager.query("SELECT set_config('synchronous_commit', 'off', true)").then(() => null);
      const done = completion && completeStatement([{ deliveryId: origin.deliveryId, ...completion }]);
      if (contactId && (await this.thread(manager, [{ origin, event, contactId }], done))) return;
      if (done) await run(manager, done);
      if (event.action === 'remove' || event.action === 'hide' || event.action === 'unhide') {
        if (!(await this.moderation(manager, origin, event)) && waitForMessage) {
          throw new MessageNotYetStoredError(event.externalId, event.action);
        }
        return;
      }
      if (!contactId) await this.ours(manager, origin, event);
    });
  }

  /**
   * Residents' new messages from several deliveries, in one transaction, each delivery done with it:
   * only for deliveries that processing-batch.util.ts found independent. A failure undoes them all
   * (the caller then applies each delivery alone).
   */
  async applyTogether(deliveries: DeliveryMessages[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const written = deliveries.flatMap(({ origin, events }) =>
        events.map((event) => ({ origin, event, resident: residentOf(event)! })),
      );
      const contactIds = await this.lockContacts(manager, written);
      const done = completeStatement(
        deliveries.map(({ origin, completion }) => ({ deliveryId: origin.deliveryId, ...completion })),
      );
      const messages = written.map(({ origin, event }, index) => ({
        origin,
        event,
        contactId: contactIds[index],
      }));
      if (!(await this.thread(manager, messages, done))) await run(manager, done);
    });
  }

  /** A delivery with no event for its channel is done at once. */
  async completeEmpty(deliveryId: string, completion: DeliveryCompletion): Promise<void> {
    await run(this.dataSource.manager, completeStatement([{ deliveryId, ...completion }]));
  }

  /**
   * Residents' messages into their threads (threading.util.ts): each new one appended to the latest
   * ticket of its thread or opening one; one seen before is a resend or an edit. True when it wrote
   * messages, `done` included in that statement.
   */
  private async thread(
    manager: EntityManager,
    messages: ResidentMessage[],
    done: Statement | undefined,
  ): Promise<boolean> {
    const states = await this.messages.threadStates(manager, messages.map(residentLookup));
    const opening: (ResidentMessage & { message: NewMessage })[] = [];
    const appended: AppendedMessage[] = [];
    for (const [index, resident] of messages.entries()) {
      const { event } = resident;
      const state = states[index];
      if (state.message) {
        await this.seenBefore(manager, event, state.message);
        continue;
      }
      const message = this.message(resident.origin, event, resident.contactId);
      const decision = decideThread(state.ticket ?? undefined, event.at);
      if (decision.kind === 'open') opening.push({ ...resident, message });
      else
        appended.push({
          ticketId: decision.ticketId,
          message,
          preview: previewOf(event),
          reopen: decision.reopen,
        });
    }
    if (!opening.length && !appended.length) return false;
    if (new Set(appended.map(({ ticketId }) => ticketId)).size < appended.length) {
      throw new Error('Two messages for one ticket in one write');
    }
    const references = await this.references(opening.map(({ origin }) => origin.organisationId));
    const opened = opening.map(({ origin, event, contactId, message }, index) => ({
      ticket: {
        id: randomUUID(),
        reference: references[index],
        organisationId: origin.organisationId,
        platform: event.platform,
        kind: event.kind,
        channelId: origin.channelId,
        contactId,
        threadKey: threadKeys(event)[0] ?? `${event.platform}:${event.externalId}`,
        postExternalId: contextOf(event),
        preview: previewOf(event),
        lastActivityAt: event.at,
      } satisfies NewTicket,
      message,
    }));
    // The labelling jobs and the deliveries' completion are written by the same statement as the messages.
    const labels = await this.tickets.labelRequest([
      ...opened.map(({ ticket }) => ticket.id),
      ...appended.map(({ ticketId }) => ticketId),
    ]);
    await this.messages.write(manager, { opened, appended }, done ? [labels, done] : [labels]);
    return true;
  }

  /** New ticket references, one for each of `organisationIds` (in that order). */
  private async references(organisationIds: string[]): Promise<string[]> {
    const counts = new Map<string, number>();
    for (const id of organisationIds) counts.set(id, (counts.get(id) ?? 0) + 1);
    const taken = new Map(
      await Promise.all(
        [...counts].map(async ([id, count]) => [id, await this.counter.take(id, count)] as const),
      ),
    );
    return organisationIds.map((id) => taken.get(id)!.shift()!);
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
    const [state] = await this.messages.threadStates(manager, [
      {
        organisationId: origin.organisationId,
        platform: event.platform,
        externalId: event.externalId,
        contactId: null,
        answered,
        threadKeys: keys,
      },
    ]);
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
   * The residents' contacts (name and handle kept up to date), in order, after taking their locks for
   * this transaction (in one order, so that two transactions never wait for each other), and without
   * waiting for the disk at commit (see apply): one statement. Residents must be distinct.
   */
  private async lockContacts(
    manager: EntityManager,
    residents: { origin: EventOrigin; event: NormalisedEvent; resident: string }[],
  ): Promise<string[]> {
    const rows = residents.map(({ origin, event, resident }) => {
      const author = event.author?.platformId === resident ? event.author : null;
      return {
        organisation_id: origin.organisationId,
        platform: event.platform,
        platform_user_id: resident,
        name: author?.name ?? null,
        handle: author?.handle ?? null,
        lock: residentKey(origin.organisationId, event, resident),
      };
    });
    const contacts = await preparedQuery<{ id: string; lock: string }>(
      manager,
      'intake-lock-contacts',
      `WITH asynchronous AS (SELECT set_config('synchronous_commit', 'off', true)),
            locked AS (
              SELECT pg_advisory_xact_lock(key)
                FROM (SELECT hashtextextended(r.lock, 0) AS key FROM jsonb_to_recordset($1) AS r(lock text)
                       ORDER BY key) AS keys, asynchronous)
       INSERT INTO contact AS c (organisation_id, platform, platform_user_id, name, handle)
       SELECT organisation_id, platform, platform_user_id, name, handle
         FROM jsonb_to_recordset($1)
           AS r(organisation_id uuid, platform text, platform_user_id text, name text, handle text)
        WHERE (SELECT count(*) FROM locked) > 0
       ON CONFLICT (organisation_id, platform, platform_user_id) DO UPDATE SET
         name = COALESCE(EXCLUDED.name, c.name),
         handle = COALESCE(EXCLUDED.handle, c.handle),
         updated_at = CASE WHEN (EXCLUDED.name, EXCLUDED.handle) IS DISTINCT FROM (c.name, c.handle)
                           THEN now() ELSE c.updated_at END
       RETURNING id, c.organisation_id || ':' || c.platform || ':' || c.platform_user_id AS lock`,
      [JSON.stringify(rows)],
    );
    const ids = new Map(contacts.map(({ id, lock }) => [lock, id]));
    return rows.map(({ lock }) => ids.get(lock)!);
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

/** Deliveries marked processed, with what they held: one statement for one or many. */
function completeStatement(deliveries: ({ deliveryId: string } & DeliveryCompletion)[]): Statement {
  return {
    text: `UPDATE delivery SET status = 'processed', processed_at = now(), error = NULL, event_count = c.event_count,
                  ignored = c.ignored
             FROM jsonb_to_recordset($1) AS c(id uuid, event_count integer, ignored jsonb)
            WHERE delivery.id = c.id AND delivery.status = 'received'`,
    values: [
      JSON.stringify(
        deliveries.map((d) => ({ id: d.deliveryId, event_count: d.eventCount, ignored: d.ignored })),
      ),
    ],
  };
}

function run(manager: EntityManager, statement: Statement): Promise<unknown> {
  return preparedQuery(manager, undefined, statement.text, statement.values);
}

/**
 * How a resident's message finds its thread: Facebook replies by key (root comment and resident); X
 * posts may only name the post they answer, whose ticket is the thread's when it is the same
 * resident's; a visitor post joins its author's comments on it when they were processed first.
 */
function residentLookup({ origin, event, contactId }: ResidentMessage): ThreadLookup {
  return {
    organisationId: origin.organisationId,
    platform: event.platform,
    externalId: event.externalId,
    contactId,
    answered: event.kind === 'mention' && event.parentExternalId ? [event.parentExternalId] : [],
    threadKeys: threadKeys(event),
    ...(event.kind === 'post' && { aboutPost: event.externalId }),
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
