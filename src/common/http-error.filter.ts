import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { DomainError, ErrorCode } from './domain-error.js';

const STATUS: Record<ErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
};

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  requestId?: string;
}

/** body-parser and other express middleware signal client errors with these fields. */
interface MiddlewareError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

/** An error's answer: status, body and, for a DomainError that says when to retry, `Retry-After`. */
export interface ErrorAnswer {
  body: ErrorBody;
  retryAfter?: string;
}

const logger = new Logger('HttpError');

/** One error shape everywhere: `{statusCode, error, message}`; never a stack trace. */
export function errorAnswer(exception: unknown, requestId: string): ErrorAnswer {
  const retryAfter =
    exception instanceof DomainError && exception.retryAfter !== undefined
      ? String(Math.max(1, Math.ceil(exception.retryAfter)))
      : undefined;
  return { body: errorBody(exception, requestId), retryAfter };
}

function errorBody(exception: unknown, requestId: string): ErrorBody {
  if (exception instanceof DomainError) {
    return shape(STATUS[exception.code], exception.message);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const payload = exception.getResponse();
    const message =
      typeof payload === 'object' && payload !== null && 'message' in payload
        ? (payload as { message: string | string[] }).message
        : exception.message;
    if (status >= 500) logger.error({ requestId, error: exception.message });
    return shape(status, message);
  }
  const middleware = exception as MiddlewareError;
  const status = middleware?.status ?? middleware?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return shape(status, clientMessage(middleware.type, status));
  }
  logger.error({
    requestId,
    error: exception instanceof Error ? exception.message : String(exception),
    stack: exception instanceof Error ? exception.stack : undefined,
  });
  return { ...shape(500, 'An unexpected error occurred; quote the request id'), requestId };
}

/** Nest's side of errorAnswer: every exception a route or middleware throws. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request>();
    const response = context.getResponse<Response>();
    const { body, retryAfter } = errorAnswer(exception, request.id);
    if (retryAfter) response.setHeader('Retry-After', retryAfter);
    if (response.headersSent) return;
    response.status(body.statusCode).json(body);
  }
}

function shape(statusCode: number, message: string | string[]): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}

const CLIENT_MESSAGES: Record<string, string> = {
  'entity.too.large': 'Request body is too large',
  'entity.parse.failed': 'Request body is not valid JSON',
  'encoding.unsupported': 'Unsupported body encoding',
  'charset.unsupported': 'Unsupported body encoding',
};

function clientMessage(type: string | undefined, status: number): string {
  return (type && CLIENT_MESSAGES[type]) ?? STATUS_CODES[status] ?? 'Bad request';
}
