import { QueryFailedError } from 'typeorm';

/** PostgreSQL's unique_violation: the row another request just created. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';
}
