import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const logger = new Logger('HTTP');

/**
 * One structured line per request. The route pattern stands for the path and the query string is
 * left out: paths carry ids and queries may carry search words or tokens, never written to logs.
 */
export function requestLog(request: Request, response: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  response.on('finish', () => {
    const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
    const entry = {
      requestId: request.id,
      method: request.method,
      route,
      status: response.statusCode,
      ms: Number(process.hrtime.bigint() - started) / 1e6,
      user: request.principal?.userId,
    };
    if (response.statusCode >= 500) logger.error(entry);
    else logger.log(entry);
  });
  next();
}
