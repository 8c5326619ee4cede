/**
 * Deliveries signed and serialised exactly as Meta and X send them (platforms.md §A2, §B1, §B2), and
 * the payload builders of every documented sample. Tests post them with supertest
 * (`http.post(d.path).set(d.headers).send(d.body)`); the demo and benchmarks with `sendDelivery`.
 * No test framework here: this file is built into dist and used by the demo.
 */
import { createHmac } from 'node:crypto';

export * from './facebook-payloads.js';
export * from './x-payloads.js';

export const FACEBOOK_WEBHOOK_PATH = '/webhooks/facebook';
export const TWITTER_WEBHOOK_PATH = '/webhooks/twitter';

/** A request as the platform would make it: the exact bytes, and the headers that go with them. */
export interface SignedDelivery {
  method: 'POST';
  path: string;
  /** ASCII for Meta (non-ASCII escaped), UTF-8 for X. Send it as is: the signature covers these bytes. */
  body: string;
  headers: Record<string, string>;
}

/**
 * Meta's serialisation: compact JSON with every non-ASCII character escaped as lower-case `\uXXXX`
 * (astral characters as their surrogate pair) and `/` as `\/`. Signatures are over these bytes.
 */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `sha256=<lower-case hex>` of HMAC-SHA256(app secret, body). */
export function facebookSignature256(body: string | Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/** The legacy `X-Hub-Signature: sha1=<hex>`. */
export function facebookSignature1(body: string | Buffer, appSecret: string): string {
  return `sha1=${createHmac('sha1', appSecret).update(body).digest('hex')}`;
}

/** `sha256=<base64>` of HMAC-SHA256(consumer secret, message): X's event signature and CRC answer. */
export function xSignature(message: string | Buffer, consumerSecret: string): string {
  return `sha256=${createHmac('sha256', consumerSecret).update(message).digest('base64')}`;
}

export interface FacebookSendOptions {
  /** Sign these bytes instead of the body (a signature over different bytes). */
  signBody?: string;
  /** Sign with this secret instead (a wrong signature). */
  secret?: string;
  /** Leave out X-Hub-Signature-256 (and keep only the legacy sha1 header, unless `sha1: false`). */
  sha256?: boolean;
  sha1?: boolean;
  /** The body as a string already serialised (malformed JSON, a body of any size). */
  rawBody?: string;
}

/** A Facebook delivery: Meta's JSON, `X-Hub-Signature-256` and the legacy `X-Hub-Signature`. */
export function signedFacebookDelivery(
  payload: unknown,
  appSecret: string,
  options: FacebookSendOptions = {},
): SignedDelivery {
  const body = options.rawBody ?? metaJson(payload);
  const signed = options.signBody ?? body;
  const secret = options.secret ?? appSecret;
  return {
    method: 'POST',
    path: FACEBOOK_WEBHOOK_PATH,
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'facebookexternalua',
      ...(options.sha256 !== false && { 'x-hub-signature-256': facebookSignature256(signed, secret) }),
      ...(options.sha1 !== false && { 'x-hub-signature': facebookSignature1(signed, secret) }),
    },
  };
}

export interface XSendOptions {
  signBody?: string;
  secret?: string;
  /** Leave out the signature header. */
  unsigned?: boolean;
  rawBody?: string;
}

/** An X webhook delivery (AAA or XAA): UTF-8 JSON and `x-twitter-webhooks-signature`. */
export function signedXDelivery(
  payload: unknown,
  consumerSecret: string,
  options: XSendOptions = {},
): SignedDelivery {
  const body = options.rawBody ?? JSON.stringify(payload);
  const signed = options.signBody ?? body;
  return {
    method: 'POST',
    path: TWITTER_WEBHOOK_PATH,
    body,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Twitter-Webhooks/1.0',
      ...(!options.unsigned && {
        'x-twitter-webhooks-signature': xSignature(signed, options.secret ?? consumerSecret),
      }),
    },
  };
}

/** The query Meta sends to verify the callback URL (§A1). */
export function facebookVerificationQuery(
  verifyToken: string,
  challenge = String(Math.floor(Math.random() * 2 ** 31)),
) {
  return { 'hub.mode': 'subscribe', 'hub.verify_token': verifyToken, 'hub.challenge': challenge };
}

/** What the service must answer to X's CRC for `crcToken` (§B1). */
export function expectedCrcResponse(crcToken: string, consumerSecret: string): { response_token: string } {
  return { response_token: xSignature(crcToken, consumerSecret) };
}

/** Posts a delivery to a running service (`baseUrl` like `http://127.0.0.1:3000`). */
export async function sendDelivery(
  baseUrl: string,
  delivery: SignedDelivery,
  timeoutMs = 10_000,
): Promise<{ status: number; text: string }> {
  const response = await fetch(new URL(delivery.path, baseUrl), {
    method: delivery.method,
    headers: delivery.headers,
    body: delivery.body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, text: await response.text() };
}
