import type { OpenAPIObject } from '@nestjs/swagger';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { DomainError } from '../common/domain-error.js';
import { errorAnswer } from '../common/http-error.filter.js';
import { requestIdFrom } from '../common/request-id.js';
import { logRequest } from '../common/request-log.js';
import type { IntakeService } from '../intake/intake.service.js';
import type { MetricsService } from '../metrics/metrics.service.js';
import type { WebhooksService } from './webhooks.service.js';

/** Platforms' deliveries above this are refused (api.md: a body over 1 MiB → 413). */
const WEBHOOK_BODY_LIMIT = 1024 * 1024;
/** A sender that keeps going past this is cut off rather than drained. */
const DRAIN_LIMIT = 8 * WEBHOOK_BODY_LIMIT;

type Receive = (webhooks: WebhooksService, body: Buffer, headers: IncomingHttpHeaders) => Promise<unknown>;

const ROUTES: Record<string, Receive> = {
  '/webhooks/facebook': (webhooks, body, headers) => webhooks.receiveFacebook(body, headers),
  '/webhooks/twitter': (webhooks, body, headers) => webhooks.receiveX(body, headers),
};

interface DeliveryServices {
  webhooks: WebhooksService;
  intake: IntakeService;
  metrics: MetricsService;
}

const RECEIVED = JSON.stringify({ status: 'received' });

/**
 * `POST /webhooks/facebook` and `/webhooks/twitter` are answered by node:http directly, ahead of
 * Express and Nest: a platform's burst is thousands of deliveries a second, each only a signature
 * check and a group-committed insert, and the framework's routing, guards and security headers cost
 * more than that work (bench: about twice the acknowledgements per second). Same answers as every
 * route: the error shape, X-Request-Id, the request log and the HTTP metrics. Everything else,
 * including the platforms' verification GETs, goes on to Express.
 */
export function serveWebhookDeliveries(server: Server, services: DeliveryServices): void {
  const framework = server.listeners('request') as ((...args: unknown[]) => void)[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const route = request.method === 'POST' ? routeOf(request.url) : undefined;
    if (route) void services.intake.acknowledging(() => answerDelivery(request, response, route, services));
    else for (const listener of framework) listener.call(server, request, response);
  });
}

/** As Express matches: case-insensitive, an optional trailing slash, any query string. */
function routeOf(url = ''): string | undefined {
  const path = url
    .split('?', 1)[0]
    .toLowerCase()
    .replace(/(.)\/$/, '$1');
  return path in ROUTES ? path : undefined;
}

async function answerDelivery(
  request: IncomingMessage,
  response: ServerResponse,
  route: string,
  { webhooks, metrics }: DeliveryServices,
): Promise<void> {
  const started = process.hrtime.bigint();
  const timed = metrics.timeRequest();
  const requestId = requestIdFrom(request.headers['x-request-id']);
  response.on('finish', () => {
    timed('POST', route, response.statusCode);
    logRequest({ requestId, method: 'POST', route, status: response.statusCode, started });
  });
  response.setHeader('X-Request-Id', requestId);
  try {
    await ROUTES[route](webhooks, await readBody(request), request.headers);
    send(response, 200, RECEIVED);
  } catch (error) {
    const { body, retryAfter } = errorAnswer(error, requestId);
    if (!response.headersSent) {
      if (retryAfter) response.setHeader('Retry-After', retryAfter);
      send(response, body.statusCode, JSON.stringify(body));
    }
    if (!request.complete) request.destroy();
  }
}

function send(response: ServerResponse, status: number, json: string): void {
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
  });
  response.end(json);
}

/**
 * The body as bytes, unparsed: the signature is checked over them before any parsing, so a malformed
 * body with a bad signature is a 401, not a 400. A body over the limit is read to its end (so the
 * sender gets the 413) unless it goes on past DRAIN_LIMIT.
 */
function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity') {
      request.resume();
      reject(new DomainError('unsupported_media_type', 'Unsupported body encoding'));
      return;
    }
    const tooLarge = () => new DomainError('payload_too_large', 'Request body is too large');
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= WEBHOOK_BODY_LIMIT) chunks.push(chunk);
      else if (size > DRAIN_LIMIT) reject(tooLarge());
    });
    request.on('end', () =>
      size > WEBHOOK_BODY_LIMIT ? reject(tooLarge()) : resolve(Buffer.concat(chunks, size)),
    );
    // The sender went away: nothing stored, and the answer goes nowhere.
    request.on('error', reject);
  });
}

/** The two routes in the API documentation, as Nest would describe them. */
export function documentWebhookDeliveries(document: OpenAPIObject): void {
  const responses = (platform: string) => ({
    '200': { description: 'Stored (or already stored); processed later' },
    '400': { description: 'Signed, but not JSON' },
    '401': { description: 'Missing or wrong signature' },
    '413': { description: 'Body over 1 MiB' },
    '415': { description: 'A Content-Encoding other than identity' },
    '503': { description: `Not stored (database unavailable): ${platform} sends it again` },
  });
  const deliveries = {
    '/webhooks/facebook': {
      summary: 'A Page delivery (feed, Messenger), signed with X-Hub-Signature-256; 200 once stored',
      platform: 'Meta',
    },
    '/webhooks/twitter': {
      summary: 'An X delivery (Account Activity or X Activity API), signed with x-twitter-webhooks-signature',
      platform: 'X',
    },
  };
  for (const [path, { summary, platform }] of Object.entries(deliveries)) {
    document.paths[path] = {
      ...document.paths[path],
      post: {
        tags: ['webhooks'],
        summary,
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
        responses: responses(platform),
      },
    };
  }
}
