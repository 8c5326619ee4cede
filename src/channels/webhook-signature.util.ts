import { createHmac, timingSafeEqual } from 'node:crypto';

/** Constant-time comparison of two ASCII strings (false when lengths differ). */
export function safeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export type SignatureCheck = 'valid' | 'missing' | 'invalid';

/**
 * Meta's `X-Hub-Signature-256: sha256=<hex>` over the raw bytes, keyed with the app secret
 * (platforms.md §A2). The legacy `X-Hub-Signature: sha1=<hex>` is accepted only when the -256 header
 * is absent: a wrong -256 signature is never rescued by a sha1 one.
 */
export function checkFacebookSignature(
  rawBody: Buffer,
  appSecret: string,
  headers: { sha256?: string; sha1?: string },
): SignatureCheck {
  if (headers.sha256 !== undefined) {
    const [scheme, hex] = splitSignature(headers.sha256);
    if (scheme !== 'sha256' || !/^[0-9a-f]{64}$/i.test(hex)) return 'invalid';
    const expected = createHmac('sha256', appSecret).update(rawBody).digest('hex');
    return safeEqual(hex.toLowerCase(), expected) ? 'valid' : 'invalid';
  }
  if (headers.sha1 !== undefined) {
    const [scheme, hex] = splitSignature(headers.sha1);
    if (scheme !== 'sha1' || !/^[0-9a-f]{40}$/i.test(hex)) return 'invalid';
    const expected = createHmac('sha1', appSecret).update(rawBody).digest('hex');
    return safeEqual(hex.toLowerCase(), expected) ? 'valid' : 'invalid';
  }
  return 'missing';
}

/** X's `x-twitter-webhooks-signature: sha256=<base64>` over the raw bytes, keyed with the consumer secret (§B2). */
export function checkXSignature(
  rawBody: Buffer,
  consumerSecret: string,
  header: string | undefined,
): SignatureCheck {
  if (header === undefined) return 'missing';
  const [scheme, value] = splitSignature(header);
  if (scheme !== 'sha256' || !value) return 'invalid';
  return safeEqual(value, xHmac(consumerSecret, rawBody)) ? 'valid' : 'invalid';
}

/** X's CRC answer (§B1): `sha256=` + base64 HMAC-SHA256 of the crc_token under the consumer secret. */
export function xCrcResponseToken(consumerSecret: string, crcToken: string): string {
  return `sha256=${xHmac(consumerSecret, Buffer.from(crcToken, 'utf8'))}`;
}

/**
 * Meta's verification GET (§A1): the challenge when the mode is `subscribe` and the token matches
 * (compared in constant time), otherwise null.
 */
export function facebookVerificationAnswer(
  query: { mode?: unknown; verifyToken?: unknown; challenge?: unknown },
  verifyToken: string,
): string | null {
  if (query.mode !== 'subscribe') return null;
  if (typeof query.verifyToken !== 'string' || typeof query.challenge !== 'string') return null;
  if (!safeEqual(query.verifyToken, verifyToken)) return null;
  return query.challenge;
}

function xHmac(secret: string, message: Buffer): string {
  return createHmac('sha256', secret).update(message).digest('base64');
}

function splitSignature(header: string): [string, string] {
  const at = header.indexOf('=');
  if (at < 0) return ['', ''];
  return [header.slice(0, at).trim().toLowerCase(), header.slice(at + 1).trim()];
}
