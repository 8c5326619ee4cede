import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { CorrectionsService } from '../classification/corrections.service.js';
import { DomainError, notFound } from '../common/domain-error.js';
import type { Page } from '../common/pagination.js';
import type { Statement } from '../database/combined-statement.js';
import { Department } from '../departments/department.entity.js';
import { JobsService } from '../jobs/jobs.service.js';
import { User } from '../users/user.entity.js';
import type { TicketDetailView, TicketListQuery, TicketView, UpdateTicketDto } from './dto/ticket.dto.js';
import { classifierText } from './labels.util.js';
import type { Message } from './message.entity.js';
import { Ticket } from './ticket.entity.js';
import { findTicket, inboxPage, InboxFilters, ticketMessages } from './tickets.queries.js';

export const LABEL_TICKET = 'tickets.label';

const LABEL_FIELDS = ['department', 'intent', 'sentiment', 'toxic'] as const;

@Injectable()
export class TicketsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
    private readonly corrections: CorrectionsService,
  ) {}

  /**
   * The statement that asks for (re)labelling, for a caller that runs it inside one of its own
   * (combined-statement.ts); several requests while one waits make one.
   */
  labelRequest(ticketIds: string[]): Promise<Statement> {
    return this.jobs.insertStatement(
      LABEL_TICKET,
      [...new Set(ticketIds)].map((ticketId) => ({ data: { ticketId }, singletonKey: ticketId })),
    );
  }

  /** Asks for (re)labelling once the caller's transaction commits; several requests while one waits make one. */
  async requestLabels(manager: EntityManager, ticketIds: string[]): Promise<void> {
    await this.jobs.sendMany(
      LABEL_TICKET,
      [...new Set(ticketIds)].map((ticketId) => ({ data: { ticketId }, singletonKey: ticketId })),
      manager,
    );
  }

  async list(principal: Principal, query: TicketListQuery): Promise<Page<TicketView>> {
    const { organisationId } = principal;
    const manager = this.dataSource.manager;
    const filters: InboxFilters = {
      ...(query.status && { status: query.status }),
      ...(query.intent && { intent: query.intent }),
      ...(query.needsReview !== undefined && { needsReview: query.needsReview }),
    };
    if (query.department) {
      const department = await manager
        .getRepository(Department)
        .findOneBy({ organisationId, code: query.department });
      if (!department) throw new DomainError('invalid', `Unknown department ${query.department}`);
      filters.departmentId = department.id;
    }
    if (principal.role === 'agent') {
      if (!principal.departmentId) return { items: [], nextCursor: null };
      if (filters.departmentId && filters.departmentId !== principal.departmentId)
        return { items: [], nextCursor: null };
      filters.departmentId = principal.departmentId;
    }
    if (query.assignee === 'none') filters.assigneeId = null;
    else if (query.assignee === 'me') filters.assigneeId = principal.userId;
    else if (query.assignee) {
      const user = await manager.getRepository(User).findOneBy({ organisationId, id: query.assignee });
      if (!user) throw new DomainError('invalid', 'Unknown assignee');
      filters.assigneeId = user.id;
    }
    const page = await inboxPage(manager, organisationId, filters, query.limit ?? 25, query.cursor);
    return { items: page.items.map(toView), nextCursor: page.nextCursor };
  }

  async get(principal: Principal, id: string): Promise<TicketDetailView> {
    return this.detail(this.dataSource.manager, principal, id);
  }

  /** A person's change: labels are corrections the classifier learns from; all of it is audited. */
  async update(principal: Principal, id: string, input: UpdateTicketDto): Promise<TicketDetailView> {
    const { organisationId } = principal;
    const fields = Object.keys(input).filter((key) => input[key as keyof UpdateTicketDto] !== undefined);
    if (fields.length === 0) throw new DomainError('invalid', 'Nothing to change');
    return this.dataSource.transaction(async (manager) => {
      const ticket = await manager
        .getRepository(Ticket)
        .createQueryBuilder('ticket')
        .setLock('pessimistic_write')
        .where('ticket.organisation_id = :organisationId AND ticket.id = :id', { organisationId, id })
        .getOne();
      if (!ticket) throw notFound('Ticket');
      const before = { ...ticket, department: await this.departmentCode(manager, ticket.departmentId) };
      const changes: Partial<Ticket> = {};
      if (input.department !== undefined) {
        changes.departmentId =
          input.department === null
            ? null
            : await this.departmentId(manager, organisationId, input.department);
      }
      if (input.intent !== undefined) changes.intent = input.intent;
      if (input.sentiment !== undefined) changes.sentiment = input.sentiment;
      if (input.toxic !== undefined) changes.toxic = input.toxic;
      if (input.assigneeId !== undefined)
        changes.assigneeId = await this.assigneeId(manager, organisationId, input.assigneeId);
      if (input.status !== undefined && input.status !== ticket.status) {
        changes.status = input.status;
        changes.closedAt = input.status === 'closed' ? new Date() : null;
      }
      const corrected = LABEL_FIELDS.filter(
        (field) => input[field] !== undefined && input[field] !== before[field],
      );
      if (corrected.length) {
        changes.labelsCorrectedAt = new Date();
        changes.needsReview = false;
      }
      await manager.getRepository(Ticket).update({ organisationId, id }, changes);
      if (corrected.length) await this.recordCorrection(manager, principal, ticket, input, corrected);
      await this.audit.record(
        organisationId,
        {
          actorId: principal.userId,
          action: 'ticket.update',
          targetType: 'ticket',
          targetId: id,
          details: {
            fields,
            ...(changes.status && { from: before.status, to: changes.status }),
            ...(corrected.length && { corrected: [...corrected] }),
          },
        },
        manager,
      );
      return this.detail(manager, principal, id);
    });
  }

  private async recordCorrection(
    manager: EntityManager,
    principal: Principal,
    ticket: Ticket,
    input: UpdateTicketDto,
    corrected: readonly (typeof LABEL_FIELDS)[number][],
  ): Promise<void> {
    const messages = await ticketMessages(manager, principal.organisationId, ticket.id);
    const text = classifierText(messages.filter((m) => m.direction === 'in').map((m) => m.text));
    if (!text) return;
    const context = ticket.postExternalId ? await this.postText(manager, ticket) : null;
    await this.corrections.record(
      principal.organisationId,
      principal.userId,
      {
        text,
        context,
        platform: ticket.platform,
        ticketId: ticket.id,
        ...(corrected.includes('department') && { department: input.department ?? null }),
        ...(corrected.includes('intent') && { intent: input.intent }),
        ...(corrected.includes('sentiment') && { sentiment: input.sentiment }),
        ...(corrected.includes('toxic') && { toxic: input.toxic }),
      },
      manager,
    );
  }

  /** The text of the post a comment answers (or the X post a conversation started with), when we have it. */
  async postText(
    manager: EntityManager,
    ticket: Pick<Ticket, 'organisationId' | 'platform' | 'postExternalId'>,
  ) {
    if (!ticket.postExternalId) return null;
    const [post] = await manager.query<{ text: string }[]>(
      'SELECT text FROM message WHERE organisation_id = $1 AND platform = $2 AND external_id = $3',
      [ticket.organisationId, ticket.platform, ticket.postExternalId],
    );
    return post?.text.trim() ? post.text : null;
  }

  private async detail(manager: EntityManager, principal: Principal, id: string): Promise<TicketDetailView> {
    const restricted = principal.role === 'agent';
    if (restricted && !principal.departmentId) throw notFound('Ticket');
    const ticket = await findTicket(
      manager,
      principal.organisationId,
      id,
      restricted ? principal.departmentId! : undefined,
    );
    if (!ticket) throw notFound('Ticket');
    const messages = await ticketMessages(manager, principal.organisationId, id);
    return {
      ...toView(ticket),
      explanation: ticket.explanation,
      messages: messages.map(messageView),
      forwards: [],
      replies: [],
    };
  }

  private async departmentCode(manager: EntityManager, departmentId: string | null): Promise<string | null> {
    if (!departmentId) return null;
    return (await manager.getRepository(Department).findOneBy({ id: departmentId }))?.code ?? null;
  }

  private async departmentId(manager: EntityManager, organisationId: string, code: string): Promise<string> {
    const department = await manager.getRepository(Department).findOneBy({ organisationId, code });
    if (!department) throw new DomainError('invalid', `Unknown department ${code}`);
    return department.id;
  }

  private async assigneeId(
    manager: EntityManager,
    organisationId: string,
    id: string | null,
  ): Promise<string | null> {
    if (id === null) return null;
    const user = await manager.getRepository(User).findOneBy({ organisationId, id, active: true });
    if (!user || user.role === 'official') throw new DomainError('invalid', 'Unknown assignee');
    return user.id;
  }
}

export function toView(ticket: Ticket): TicketView {
  return {
    id: ticket.id,
    reference: ticket.reference,
    status: ticket.status,
    department: ticket.department?.code ?? null,
    intent: ticket.intent,
    sentiment: ticket.sentiment,
    toxic: ticket.toxic,
    language: ticket.language,
    confidence: ticket.confidence,
    needsReview: ticket.needsReview,
    platform: ticket.platform,
    kind: ticket.kind,
    channelId: ticket.channelId,
    contact: { name: ticket.contact?.name ?? null, handle: ticket.contact?.handle ?? null },
    assignee: ticket.assignee ? { id: ticket.assignee.id, name: ticket.assignee.name } : null,
    preview: ticket.preview,
    createdAt: ticket.createdAt,
    lastActivityAt: ticket.lastActivityAt,
    closedAt: ticket.closedAt,
  };
}

function messageView(message: Message) {
  return {
    id: message.id,
    externalId: message.externalId,
    direction: message.direction,
    kind: message.kind,
    text: message.text,
    originalText: message.originalText,
    attachments: message.attachments,
    parentExternalId: message.parentExternalId,
    permalink: message.permalink,
    createdAt: message.createdAt,
    editedAt: message.editedAt,
    removedAt: message.removedAt,
    hiddenAt: message.hiddenAt,
  };
}
