import type { NextFunction, Request, Response } from 'express';

/** Platforms' deliveries above this are refused (api.md: a body over 1 MiB → 413). */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;
/** A sender that keeps going past this is cut off rather than drained. */
const DRAIN_LIMIT = 8 * WEBHOOK_BODY_LIMIT;

declare module 'express-serve-static-core' {
  interface Request {
    rawBody?: Buffer;
  }
}

function refuse(response: Response, status: number, error: string, message: string): void {
  if (response.headersSent) return;
  response.status(status).json({ statusCode: status, error, message });
}

/**
 * Reads webhook bodies as bytes, unparsed, into `req.rawBody`: the signature is checked over them
 * before any parsing, so a malformed body with a bad signature is a 401, not a 400. Mounted on
 * /webhooks ahead of the JSON parser (which then skips the already-read request).
 */
export function webhookRawBody(request: Request, response: Response, next: NextFunction): void {
  if (request.method !== 'POST' && request.method !== 'PUT') {
    next();
    return;
  }
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') {
    request.resume();
    refuse(response, 415, 'Unsupported Media Type', 'Unsupported body encoding');
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  request.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= WEBHOOK_BODY_LIMIT) {
      chunks.push(chunk);
    } else if (size > DRAIN_LIMIT) {
      refuse(response, 413, 'Payload Too Large', 'Request body is too large');
      request.destroy();
    }
  });
  request.on('end', () => {
    if (size > WEBHOOK_BODY_LIMIT) {
      refuse(response, 413, 'Payload Too Large', 'Request body is too large');
      return;
    }
    request.rawBody = Buffer.concat(chunks, size);
    next();
  });
  request.on('error', () => {
    // The sender went away: nothing to answer, nothing stored.
  });
}
