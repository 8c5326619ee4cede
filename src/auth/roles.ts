import { SetMetadata } from '@nestjs/common';

export const ROLES = ['admin', 'cm', 'agent', 'official'] as const;
export type Role = (typeof ROLES)[number];

export const ROLES_KEY = 'roles';
export const PUBLIC_KEY = 'public';
export const OPERATOR_KEY = 'operator';

/** Who may call a route under /api. A route there without it is refused (fail closed). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** Platform operator only (an admin created from ADMIN_EMAIL). */
export const OperatorOnly = () => SetMetadata(OPERATOR_KEY, true);
/** No token needed (login, refresh). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
