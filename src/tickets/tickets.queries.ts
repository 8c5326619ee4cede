import type { EntityManager } from 'typeorm';
import { decodeCursor, encodeCursor, type Page } from '../common/pagination.js';
import { Message } from './message.entity.js';
import { Ticket } from './ticket.entity.js';
import type { TicketStatus } from './ticket-status.js';

/**
 * The inbox's SQL, in one place. Every filter has an index leading with organisation_id, then the
 * filtered column, then the order (last_activity_at, id): ticket_inbox, ticket_inbox_status,
 * ticket_inbox_department, ticket_inbox_intent, ticket_inbox_review, ticket_inbox_assignee
 * (ticket.entity.ts; tickets-api.e2e-spec.ts checks each with EXPLAIN).
 */
export interface InboxFilters {
  status?: TicketStatus;
  departmentId?: string;
  intent?: string;
  needsReview?: boolean;
  /** A user id, or null for unassigned tickets. */
  assigneeId?: string | null;
}

export async function inboxPage(
  manager: EntityManager,
  organisationId: string,
  filters: InboxFilters,
  limit: number,
  cursor?: string,
): Promise<Page<Ticket>> {
  const query = manager
    .getRepository(Ticket)
    .createQueryBuilder('ticket')
    .leftJoinAndSelect('ticket.contact', 'contact')
    .leftJoinAndSelect('ticket.department', 'department')
    .leftJoinAndSelect('ticket.assignee', 'assignee')
    .where('ticket.organisation_id = :organisationId', { organisationId })
    .orderBy('ticket.last_activity_at', 'DESC')
    .addOrderBy('ticket.id', 'DESC')
    .limit(limit + 1);
  if (filters.status) query.andWhere('ticket.status = :status', { status: filters.status });
  if (filters.departmentId) query.andWhere('ticket.department_id = :departmentId', filters);
  if (filters.intent) query.andWhere('ticket.intent = :intent', { intent: filters.intent });
  if (filters.needsReview !== undefined) query.andWhere('ticket.needs_review = :needsReview', filters);
  if (filters.assigneeId === null) query.andWhere('ticket.assignee_id IS NULL');
  else if (filters.assigneeId) query.andWhere('ticket.assignee_id = :assigneeId', filters);
  if (cursor) query.andWhere('(ticket.last_activity_at, ticket.id) < (:at, :id)', decodeCursor(cursor));
  const rows = await query.getMany();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ at: last.lastActivityAt.toISOString(), id: last.id })
        : null,
  };
}

/** One ticket of the organisation (and of the department, when given), with its contact and labels. */
export function findTicket(
  manager: EntityManager,
  organisationId: string,
  id: string,
  departmentId?: string,
): Promise<Ticket | null> {
  return manager.getRepository(Ticket).findOne({
    where: { organisationId, id, ...(departmentId && { departmentId }) },
    relations: { contact: true, department: true, assignee: true },
  });
}

/** A ticket's messages, oldest first by the platform's clock. */
export function ticketMessages(
  manager: EntityManager,
  organisationId: string,
  ticketId: string,
): Promise<Message[]> {
  return manager.getRepository(Message).find({
    where: { organisationId, ticketId },
    order: { createdAt: 'ASC', receivedAt: 'ASC' },
  });
}
