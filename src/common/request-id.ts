import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
  }
}

const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** The caller's request id when it is harmless, otherwise a new one. */
export function requestIdFrom(given: string | string[] | undefined): string {
  return typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
}

/** Keeps a caller's request id when it is harmless, otherwise makes one; logs and errors carry it. */
export function requestId(request: Request, response: Response, next: NextFunction): void {
  request.id = requestIdFrom(request.header('x-request-id'));
  response.setHeader('X-Request-Id', request.id);
  next();
}
