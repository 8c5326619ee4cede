import { createHmac, randomBytes } from 'node:crypto';

/** RFC 3986 percent-encoding, as RFC 5849 §3.6 requires (encodeURIComponent leaves !'()* alone). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export interface OAuth1Credentials {
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: string;
}

export interface OAuth1Request {
  method: string;
  /** The full URL, query string included. */
  url: string;
  /** Form-encoded body parameters, which are signed (a JSON body is not). */
  form?: Record<string, string>;
}

/** RFC 5849 §3.4.1: the signature base string. */
export function signatureBaseString(request: OAuth1Request, oauthParams: Record<string, string>): string {
  const url = new URL(request.url);
  const defaultPort =
    (url.protocol === 'http:' && url.port === '80') || (url.protocol === 'https:' && url.port === '443');
  const base = `${url.protocol}//${url.hostname.toLowerCase()}${url.port && !defaultPort ? `:${url.port}` : ''}${url.pathname}`;
  const pairs: [string, string][] = [
    ...[...url.searchParams.entries()],
    ...Object.entries(request.form ?? {}),
    ...Object.entries(oauthParams).filter(([key]) => key !== 'oauth_signature' && key !== 'realm'),
  ].map(([key, value]) => [percentEncode(key), percentEncode(value)]);
  pairs.sort(([ak, av], [bk, bv]) => (ak === bk ? compare(av, bv) : compare(ak, bk)));
  const normalised = pairs.map(([key, value]) => `${key}=${value}`).join('&');
  return [request.method.toUpperCase(), percentEncode(base), percentEncode(normalised)].join('&');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function hmacSha1Signature(baseString: string, consumerSecret: string, tokenSecret: string): string {
  return createHmac('sha1', `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`)
    .update(baseString)
    .digest('base64');
}

/** The `Authorization: OAuth …` header of a user-context request (HMAC-SHA1). */
export function oauth1Header(
  request: OAuth1Request,
  credentials: OAuth1Credentials,
  nonce = randomBytes(16).toString('hex'),
  timestamp = Math.floor(Date.now() / 1000),
): string {
  const params: Record<string, string> = {
    oauth_consumer_key: credentials.consumerKey,
    oauth_nonce: nonce,
    oauth_signature_method: 'HMAC-SHA1',
    oauth_timestamp: String(timestamp),
    oauth_token: credentials.token,
    oauth_version: '1.0',
  };
  params.oauth_signature = hmacSha1Signature(
    signatureBaseString(request, params),
    credentials.consumerSecret,
    credentials.tokenSecret,
  );
  return `OAuth ${Object.entries(params)
    .sort(([a], [b]) => compare(a, b))
    .map(([key, value]) => `${percentEncode(key)}="${percentEncode(value)}"`)
    .join(', ')}`;
}
