import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { decodeCursor, encodeCursor, Page } from '../common/pagination.js';
import { AuditDetails, AuditEntry } from './audit-entry.entity.js';

export interface AuditEvent {
  actorId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  details?: AuditDetails;
  ip?: string | null;
}

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  /** Inside the caller's transaction when given one, so the trail and the change commit together. */
  async record(organisationId: string, event: AuditEvent, manager?: EntityManager): Promise<void> {
    const repository = manager ? manager.getRepository(AuditEntry) : this.entries;
    await repository.insert({
      organisationId,
      actorId: event.actorId,
      action: event.action,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      details: event.details ?? {},
      ip: event.ip ?? null,
    });
  }

  async list(organisationId: string, limit: number, cursor?: string): Promise<Page<AuditEntry>> {
    const query = this.entries
      .createQueryBuilder('entry')
      .where('entry.organisation_id = :organisationId', { organisationId })
      .orderBy('entry.created_at', 'DESC')
      .addOrderBy('entry.id', 'DESC')
      .take(limit + 1);
    if (cursor) query.andWhere('(entry.created_at, entry.id) < (:at, :id)', decodeCursor(cursor));
    const items = await query.getMany();
    const page = items.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page,
      nextCursor:
        items.length > limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : null,
    };
  }
}
