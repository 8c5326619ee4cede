import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { isUniqueViolation } from '../common/unique-violation.js';
import { DEFAULT_DEPARTMENTS } from './default-departments.js';
import { Department } from './department.entity.js';
import { CreateDepartmentDto, DepartmentView, UpdateDepartmentDto } from './dto/department.dto.js';

@Injectable()
export class DepartmentsService {
  constructor(
    @InjectRepository(Department) private readonly departments: Repository<Department>,
    private readonly audit: AuditService,
  ) {}

  async list(organisationId: string): Promise<DepartmentView[]> {
    const rows = await this.departments.find({ where: { organisationId }, order: { code: 'ASC' } });
    return rows.map(toView);
  }

  async get(organisationId: string, code: string): Promise<DepartmentView> {
    return toView(await this.find(organisationId, code));
  }

  async find(organisationId: string, code: string): Promise<Department> {
    const department = await this.departments.findOneBy({ organisationId, code });
    if (!department) throw notFound(`Department ${code}`);
    return department;
  }

  async create(organisationId: string, actorId: string, input: CreateDepartmentDto): Promise<DepartmentView> {
    return this.departments.manager.transaction(async (manager) => {
      try {
        const department = await manager.getRepository(Department).save({
          organisationId,
          code: input.code,
          name: input.name,
          description: input.description ?? null,
          emails: normaliseEmails(input.emails),
          examples: input.examples ?? [],
        });
        await this.audit.record(
          organisationId,
          { actorId, action: 'department.create', targetType: 'department', targetId: department.code },
          manager,
        );
        return toView(department);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new DomainError('conflict', `Department ${input.code} already exists`);
        }
        throw error;
      }
    });
  }

  async update(
    organisationId: string,
    actorId: string,
    code: string,
    input: UpdateDepartmentDto,
  ): Promise<DepartmentView> {
    if (input.code !== undefined && input.code !== code) {
      throw new DomainError('invalid', 'code cannot be changed: it is the stable identifier');
    }
    return this.departments.manager.transaction(async (manager) => {
      const repository = manager.getRepository(Department);
      const department = await repository.findOneBy({ organisationId, code });
      if (!department) throw notFound(`Department ${code}`);
      const changes = {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.emails !== undefined && { emails: normaliseEmails(input.emails) }),
        ...(input.examples !== undefined && { examples: input.examples }),
        ...(input.active !== undefined && { active: input.active }),
      };
      Object.assign(department, changes);
      await repository.save(department);
      await this.audit.record(
        organisationId,
        {
          actorId,
          action: 'department.update',
          targetType: 'department',
          targetId: code,
          details: { fields: Object.keys(changes) },
        },
        manager,
      );
      return toView(department);
    });
  }

  /** A new organisation starts with the default taxonomy; addresses come later unless given. */
  async createDefaults(
    manager: EntityManager,
    organisationId: string,
    emailsFor: (code: string) => string[] = () => [],
  ): Promise<void> {
    await manager.getRepository(Department).insert(
      DEFAULT_DEPARTMENTS.map((department) => ({
        organisationId,
        code: department.code,
        name: department.name,
        description: department.description,
        emails: emailsFor(department.code),
      })),
    );
  }
}

function normaliseEmails(emails: string[]): string[] {
  return [...new Set(emails.map((email) => email.trim().toLowerCase()))];
}

export function toView(department: Department): DepartmentView {
  return {
    id: department.id,
    code: department.code,
    name: department.name,
    description: department.description,
    emails: department.emails,
    examples: department.examples,
    active: department.active,
  };
}
