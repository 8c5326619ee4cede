import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { isUniqueViolation } from '../common/unique-violation.js';
import { DepartmentsService } from '../departments/departments.service.js';
import { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { CreateOrganisationDto, OrganisationView, UpdateOrganisationDto } from './dto/organisation.dto.js';
import { Organisation } from './organisation.entity.js';

export interface NewOrganisation {
  name: string;
  slug: string;
  territory?: string[];
  signature?: string | null;
}

@Injectable()
export class OrganisationsService {
  private readonly logger = new Logger(OrganisationsService.name);

  constructor(
    @InjectRepository(Organisation) private readonly organisations: Repository<Organisation>,
    private readonly departments: DepartmentsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  /** An organisation, the default departments (no addresses yet) and its first admin, all or nothing. */
  async create(actor: Principal, input: CreateOrganisationDto): Promise<OrganisationView> {
    try {
      return await this.organisations.manager.transaction(async (manager) => {
        const organisation = await manager.getRepository(Organisation).save(newRow(input));
        await this.departments.createDefaults(manager, organisation.id);
        await this.users.createWith(manager, organisation.id, actor.userId, {
          ...input.admin,
          role: 'admin',
        });
        await this.audit.record(
          organisation.id,
          {
            actorId: actor.userId,
            action: 'organisation.create',
            targetType: 'organisation',
            targetId: organisation.id,
          },
          manager,
        );
        return toView(organisation);
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError('conflict', `Organisation ${input.slug} already exists`);
      throw error;
    }
  }

  async list(): Promise<OrganisationView[]> {
    return (await this.organisations.find({ order: { name: 'ASC' } })).map(toView);
  }

  async get(id: string): Promise<OrganisationView> {
    return toView(await this.find(id));
  }

  async update(actor: Principal, id: string, input: UpdateOrganisationDto): Promise<OrganisationView> {
    const organisation = await this.find(id);
    Object.assign(organisation, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.territory !== undefined && { territory: input.territory }),
      ...(input.signature !== undefined && { signature: input.signature }),
    });
    await this.organisations.save(organisation);
    await this.audit.record(organisation.id, {
      actorId: actor.userId,
      action: 'organisation.update',
      targetType: 'organisation',
      targetId: organisation.id,
      details: { fields: Object.keys(input) },
    });
    return toView(organisation);
  }

  /** Finds the organisation of that slug, or makes it with the default departments. */
  async ensure(input: NewOrganisation, emailsFor?: (code: string) => string[]): Promise<Organisation> {
    const existing = await this.organisations.findOneBy({ slug: input.slug });
    if (existing) return existing;
    return this.organisations.manager.transaction(async (manager) => {
      const organisation = await manager.getRepository(Organisation).save(newRow(input));
      await this.departments.createDefaults(manager, organisation.id, emailsFor);
      return organisation;
    });
  }

  /**
   * The platform operator from ADMIN_EMAIL: created at start if absent (admin of the default
   * organisation), flagged operator if present. An existing password is never overwritten.
   */
  async ensureOperator(admin: { email: string; password: string }, organisationId: string): Promise<void> {
    const users = this.organisations.manager.getRepository(User);
    const existing = await users.findOneBy({ email: admin.email });
    if (existing) {
      if (!existing.operator) await users.update({ id: existing.id }, { operator: true });
      return;
    }
    await this.organisations.manager.transaction((manager) =>
      this.users.createWith(manager, organisationId, null, {
        email: admin.email,
        name: 'Opérateur de la plateforme',
        role: 'admin',
        password: admin.password,
        operator: true,
      }),
    );
    this.logger.log(`Platform operator ${admin.email} created`);
  }

  private async find(id: string): Promise<Organisation> {
    const organisation = await this.organisations.findOneBy({ id });
    if (!organisation) throw notFound('Organisation');
    return organisation;
  }
}

function newRow(input: NewOrganisation): Partial<Organisation> {
  return {
    name: input.name,
    slug: input.slug,
    territory: input.territory ?? [],
    signature: input.signature ?? null,
  };
}

function toView(organisation: Organisation): OrganisationView {
  return {
    id: organisation.id,
    slug: organisation.slug,
    name: organisation.name,
    territory: organisation.territory,
    signature: organisation.signature,
    createdAt: organisation.createdAt,
  };
}
