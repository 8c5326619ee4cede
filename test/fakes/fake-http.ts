import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a fake platform saw it. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string (and without the Graph version prefix). */
  path: string;
  query: Record<string, string>;
  /** JSON or form fields of the body; `{}` when none. */
  body: Record<string, unknown>;
  headers: Record<string, string>;
  at: Date;
}

export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Injection<E, R extends RecordedRequest = RecordedRequest> {
  error: E;
  method?: string;
  /** Exact path, or a pattern, of the calls to fail (all calls when absent). */
  path?: string | RegExp;
  /** Only calls for which this holds (e.g. `(call) => !!call.query.pagination_token`). */
  when?: (request: R) => boolean;
  /** How many calls to fail; unlimited when absent. */
  times?: number;
}

export function matches<E, R extends RecordedRequest>(injection: Injection<E, R>, request: R): boolean {
  if (injection.method && injection.method.toUpperCase() !== request.method) return false;
  if (typeof injection.path === 'string' && injection.path !== request.path) return false;
  if (injection.path instanceof RegExp && !injection.path.test(request.path)) return false;
  if (injection.when && !injection.when(request)) return false;
  return true;
}

/** Takes the first injection that matches and counts it down. */
export function takeInjection<E, R extends RecordedRequest>(
  injections: Injection<E, R>[],
  request: R,
): E | undefined {
  const index = injections.findIndex((injection) => matches(injection, request));
  if (index < 0) return undefined;
  const injection = injections[index];
  if (injection.times !== undefined) {
    injection.times -= 1;
    if (injection.times <= 0) injections.splice(index, 1);
  }
  return injection.error;
}

async function readBody(request: IncomingMessage): Promise<{ raw: string; fields: Record<string, unknown> }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  const type = request.headers['content-type'] ?? '';
  if (!raw) return { raw, fields: {} };
  if (type.includes('application/json')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      return { raw, fields: parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {} };
    } catch {
      return { raw, fields: {} };
    }
  }
  if (type.includes('application/x-www-form-urlencoded')) {
    return { raw, fields: Object.fromEntries(new URLSearchParams(raw)) };
  }
  return { raw, fields: {} };
}

export type FakeHandler = (request: RecordedRequest, rawBody: string) => FakeAnswer | Promise<FakeAnswer>;

/** A small HTTP server on 127.0.0.1 with an ephemeral port, answering JSON. */
export async function startFakeServer(
  handler: FakeHandler,
  stripPrefix = '',
): Promise<{ server: Server; origin: string }> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      try {
        const url = new URL(request.url ?? '/', 'http://fake');
        const { raw, fields } = await readBody(request);
        const path =
          stripPrefix && url.pathname.startsWith(stripPrefix)
            ? url.pathname.slice(stripPrefix.length) || '/'
            : url.pathname;
        const recorded: RecordedRequest = {
          method: request.method ?? 'GET',
          path,
          query: Object.fromEntries(url.searchParams),
          body: fields,
          headers: Object.fromEntries(
            Object.entries(request.headers).map(([key, value]) => [
              key,
              Array.isArray(value) ? value.join(', ') : (value ?? ''),
            ]),
          ),
          at: new Date(),
        };
        const answer = await handler(recorded, raw);
        const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
        response.writeHead(answer.status, {
          ...(text && { 'content-type': 'application/json; charset=utf-8' }),
          ...answer.headers,
        });
        response.end(text);
      } catch (error) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: String(error) }));
      }
    })();
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}` };
}

export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
