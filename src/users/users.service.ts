import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { hashPassword } from '../common/password.js';
import { isUniqueViolation } from '../common/unique-violation.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { Department } from '../departments/department.entity.js';
import { CreateUserDto, UpdateUserDto, UserView } from './dto/user.dto.js';
import { User } from './user.entity.js';

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(organisationId: string): Promise<UserView[]> {
    const rows = await this.users.find({
      where: { organisationId },
      relations: { department: true },
      order: { name: 'ASC' },
    });
    return rows.map(toView);
  }

  async get(organisationId: string, id: string): Promise<UserView> {
    const user = await this.users.findOne({ where: { organisationId, id }, relations: { department: true } });
    if (!user) throw notFound('User');
    return toView(user);
  }

  async create(organisationId: string, actorId: string | null, input: CreateUserDto): Promise<UserView> {
    return this.users.manager.transaction((manager) =>
      this.createWith(manager, organisationId, actorId, input),
    );
  }

  /** Inside a caller's transaction (a new organisation and its first admin commit together). */
  async createWith(
    manager: EntityManager,
    organisationId: string,
    actorId: string | null,
    input: CreateUserDto & { operator?: boolean },
  ): Promise<UserView> {
    const department = await this.departmentFor(manager, organisationId, input.role, input.department);
    try {
      const user = await manager.getRepository(User).save({
        organisationId,
        email: input.email.trim().toLowerCase(),
        name: input.name.trim(),
        role: input.role,
        operator: input.operator ?? false,
        departmentId: department?.id ?? null,
        passwordHash: await hashPassword(input.password, this.config.passwordCost),
      });
      await this.audit.record(
        organisationId,
        {
          actorId,
          action: 'user.create',
          targetType: 'user',
          targetId: user.id,
          details: { role: user.role },
        },
        manager,
      );
      return toView({ ...user, department });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError('conflict', 'A user with this email already exists');
      throw error;
    }
  }

  async update(organisationId: string, actorId: string, id: string, input: UpdateUserDto): Promise<UserView> {
    return this.users.manager.transaction(async (manager) => {
      const repository = manager.getRepository(User);
      const user = await repository.findOne({
        where: { organisationId, id },
        relations: { department: true },
      });
      if (!user) throw notFound('User');
      const role = input.role ?? user.role;
      const departmentCode = input.department === undefined ? user.department?.code : input.department;
      const department =
        input.role !== undefined || input.department !== undefined
          ? await this.departmentFor(manager, organisationId, role, departmentCode ?? undefined)
          : (user.department ?? null);
      const revokesSessions =
        (input.role !== undefined && input.role !== user.role) ||
        input.password !== undefined ||
        input.active === false ||
        department?.id !== user.departmentId;
      Object.assign(user, {
        ...(input.name !== undefined && { name: input.name.trim() }),
        ...(input.active !== undefined && { active: input.active }),
        ...(input.password !== undefined && {
          passwordHash: await hashPassword(input.password, this.config.passwordCost),
        }),
        role,
        departmentId: department?.id ?? null,
        department,
        tokenVersion: revokesSessions ? user.tokenVersion + 1 : user.tokenVersion,
      });
      await repository.save(user);
      await this.audit.record(
        organisationId,
        {
          actorId,
          action: 'user.update',
          targetType: 'user',
          targetId: user.id,
          details: {
            fields: Object.keys(input).filter((key) => key !== 'password'),
            passwordChanged: !!input.password,
          },
        },
        manager,
      );
      return toView(user);
    });
  }

  private async departmentFor(
    manager: EntityManager,
    organisationId: string,
    role: string,
    code: string | undefined,
  ): Promise<Department | null> {
    if (role !== 'agent') {
      if (code) throw new DomainError('invalid', 'department is only for agents');
      return null;
    }
    if (!code) throw new DomainError('invalid', 'an agent needs a department');
    const department = await manager.getRepository(Department).findOneBy({ organisationId, code });
    if (!department) throw new DomainError('invalid', `unknown department ${code}`);
    return department;
  }
}

export function toView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organisationId: user.organisationId,
    department: user.department?.code ?? null,
    operator: user.operator,
    active: user.active,
  };
}
