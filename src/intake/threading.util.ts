import type { TicketStatus } from '../tickets/ticket-status.js';
import type { NormalisedEvent } from './normalised-event.js';

/**
 * A closed conversation that hears again from the resident within this time is reopened; later,
 * the message opens a new ticket (a Messenger message a week after a closed ticket is a new request).
 */
export const REOPEN_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** Statuses where our side was done: a new message from the resident puts the ticket back in triage. */
const DONE: ReadonlySet<TicketStatus> = new Set(['replied', 'noted', 'closed']);

/**
 * The resident a thread is with: the author, or for a private conversation the other participant.
 * Facebook leaves `from` out of some comments (people who gave the app no permission): such an author
 * is known only by the comment thread they wrote in.
 */
export function residentOf(event: NormalisedEvent): string | null {
  if (event.kind === 'message' || event.kind === 'dm') return event.residentId;
  if (event.own) return null;
  return event.author?.platformId ?? `anonymous:${event.rootExternalId ?? event.externalId}`;
}

/**
 * The thread keys an event may belong to, the one a new ticket gets first (design.md): a Messenger
 * conversation (page + PSID); an X DM conversation; a Facebook comment and the replies under it by the
 * same resident, joined to the resident's own visitor post when it is under one; an X mention and its
 * replies in the same conversation by the same resident. Empty for our own comments and tweets, whose
 * thread is found through the message they answer.
 */
export function threadKeys(event: NormalisedEvent): string[] {
  const resident = residentOf(event);
  if (!resident) return [];
  switch (event.kind) {
    case 'message':
      return [`fb:messenger:${event.channelExternalId}:${resident}`];
    case 'dm':
      return event.conversationId ? [`x:dm:${event.conversationId}`] : [];
    case 'post':
      return [`fb:post:${event.externalId}:${resident}`];
    case 'comment': {
      const post = event.postExternalId ?? 'unknown';
      const root = event.rootExternalId ?? event.externalId;
      return [`fb:comment:${post}:${root}:${resident}`, `fb:post:${post}:${resident}`];
    }
    case 'mention': {
      // X v2 names the conversation (its first post); Account Activity only names the post answered.
      const conversation = event.postExternalId ?? event.parentExternalId ?? event.externalId;
      return [`x:conv:${conversation}:${resident}`];
    }
  }
}

export interface LatestTicket {
  id: string;
  status: TicketStatus;
  closedAt: Date | null;
}

export type ThreadDecision = { kind: 'append'; ticketId: string; reopen: boolean } | { kind: 'open' };

/**
 * Where a resident's message goes, given the latest ticket of its thread: the open ticket; a closed
 * one reopened when closed less than REOPEN_WINDOW_MS before the message was written; else a new one.
 * A ticket marked spam keeps what the resident adds.
 */
export function decideThread(latest: LatestTicket | undefined, at: Date): ThreadDecision {
  if (!latest) return { kind: 'open' };
  if (latest.status === 'closed') {
    const closedAt = latest.closedAt?.getTime() ?? 0;
    if (at.getTime() - closedAt >= REOPEN_WINDOW_MS) return { kind: 'open' };
  }
  return { kind: 'append', ticketId: latest.id, reopen: DONE.has(latest.status) };
}
