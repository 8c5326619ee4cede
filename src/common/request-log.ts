import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const logger = new Logger('HTTP');

/**
 * One structured line per request. The route pattern stands for the path and the query string is
 * left out: paths carry ids and queries may carry search words or tokens, never written to logs.
 */
export function requestLog(request: Request, response: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  response.on('finish', () =>
    logRequest({
      requestId: request.id,
      method: request.method,
      route: (request.route as { path?: string } | undefined)?.path ?? 'unmatched',
      status: response.statusCode,
      started,
      user: request.principal?.userId,
    }),
  );
  next();
}

/** The line of one answered request; `started` is its `process.hrtime.bigint()` on arrival. */
export function logRequest(request: {
  requestId: string;
  method: string | undefined;
  route: string;
  status: number;
  started: bigint;
  user?: string;
}): void {
  const { started, ...fields } = request;
  const entry = { ...fields, ms: Number(process.hrtime.bigint() - started) / 1e6 };
  if (request.status >= 500) logger.error(entry);
  else logger.log(entry);
}
