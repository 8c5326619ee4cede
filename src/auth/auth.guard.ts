import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError } from '../common/domain-error.js';
import { AuthService } from './auth.service.js';
import { OPERATOR_KEY, PUBLIC_KEY, Role, ROLES_KEY } from './roles.js';

/**
 * Every route under /api needs a bearer token and a role list; a route that declares neither
 * `@Roles` nor `@Public` is refused, so a forgotten guard fails closed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    if (!request.path.startsWith('/api/')) return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const operatorOnly = this.reflector.getAllAndOverride<boolean>(OPERATOR_KEY, targets);
    const [scheme, token] = (request.header('authorization') ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new DomainError('unauthorized', 'A bearer token is required');
    }
    const principal = await this.auth.authenticate(token);
    request.principal = principal;

    if (!roles && !operatorOnly) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} has no role guard`);
      throw new DomainError('forbidden', 'This route is not open to any role');
    }
    if (operatorOnly && !principal.operator) throw new DomainError('forbidden', 'Platform operator only');
    if (roles && !roles.includes(principal.role))
      throw new DomainError('forbidden', 'Your role may not do this');
    return true;
  }
}
