import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';

export const ROLES = ['admin', 'cm', 'agent', 'official'] as const;
export type Role = (typeof ROLES)[number];

export const ROLES_KEY = 'roles';
export const PUBLIC_KEY = 'public';
export const OPERATOR_KEY = 'operator';

const guarded = (who: string) =>
  applyDecorators(
    ApiBearerAuth(),
    ApiExtension('x-roles', who),
    ApiUnauthorizedResponse({ description: 'Missing, expired or revoked token' }),
    ApiForbiddenResponse({ description: `Allowed: ${who}` }),
  );

/** Who may call a route under /api (and what /docs says of it). A route there without it is refused. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), guarded(roles.join(', ')));
/** Platform operator only (an admin created from ADMIN_EMAIL). */
export const OperatorOnly = () =>
  applyDecorators(SetMetadata(OPERATOR_KEY, true), guarded('platform operator'));
/** No token needed (login, refresh). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
