/**
 * The X API v2 as platforms.md §B7, §B8 and §B9 describe it, on loopback: `GET /2/users/:id/mentions`
 * (since_id, pagination_token, meta.newest_id/next_token), `POST /2/tweets` (403 on duplicate text),
 * `POST /2/dm_conversations/with/:id/messages`, `GET /2/users/me`, `x-rate-limit-*` headers on every
 * answer, and injected errors (429, 401, 403, 5xx). Accepts a bearer token or an OAuth 1.0a user
 * signature (checked when the consumer secret and token secrets are given). Every call is recorded.
 * No test framework here: the demo plays the X account with it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import {
  closeServer,
  FakeAnswer,
  Injection,
  RecordedRequest,
  startFakeServer,
  takeInjection,
} from './fake-http.js';
import { type V2Tweet, xId, type XUser, xV2User } from './x-payloads.js';

export interface XAuth {
  kind: 'bearer' | 'oauth1' | 'none';
  /** The bearer token, or the OAuth `oauth_token`. */
  token?: string;
  consumerKey?: string;
  /** Whether an OAuth 1.0a signature checked out (undefined when the fake was given no secrets). */
  signatureValid?: boolean;
}

export interface XCall extends RecordedRequest {
  auth: XAuth;
}

export interface XErrorSpec {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const problem = (status: number, title: string, detail: string, type = 'about:blank') => ({
  title,
  detail,
  type,
  status,
});

/** The errors of platforms.md §B8.3/§B8.4, as X writes them. */
export const X_ERRORS = {
  /** 429 with the window's reset `resetInSeconds` from now (v2 problem JSON). */
  rateLimited: (resetInSeconds = 60): XErrorSpec => ({
    status: 429,
    body: problem(429, 'Too Many Requests', 'Too Many Requests', 'about:blank'),
    headers: {
      'x-rate-limit-limit': '300',
      'x-rate-limit-remaining': '0',
      'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + resetInSeconds),
    },
  }),
  /** 429 in the v1.1 shape the rate-limit page shows. */
  rateLimitedV1: (resetInSeconds = 60): XErrorSpec => ({
    status: 429,
    body: { errors: [{ code: 88, message: 'Rate limit exceeded' }] },
    headers: {
      'x-rate-limit-limit': '300',
      'x-rate-limit-remaining': '0',
      'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + resetInSeconds),
    },
  }),
  unauthorized: { status: 401, body: problem(401, 'Unauthorized', 'Unauthorized') } as XErrorSpec,
  duplicate: {
    status: 403,
    body: problem(403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.'),
  } as XErrorSpec,
  notSummoned: {
    status: 403,
    body: problem(
      403,
      'Forbidden',
      'Reply to this conversation is not allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to.',
    ),
  } as XErrorSpec,
  serverError: {
    status: 503,
    body: problem(503, 'Service Unavailable', 'Service Unavailable'),
  } as XErrorSpec,
  usageCapped: {
    status: 429,
    body: problem(
      429,
      'UsageCapExceeded',
      'Usage cap exceeded: Monthly product cap',
      'https://api.x.com/2/problems/usage-capped',
    ),
  } as XErrorSpec,
};

export interface XFakeOptions {
  /** The account every accepted token belongs to (`GET /2/users/me`). */
  account?: XUser;
  /** To check OAuth 1.0a signatures: the consumer key and secret, and each token's secret. */
  oauth?: { consumerKey: string; consumerSecret: string; tokenSecrets: Record<string, string> };
}

export interface FakeTweet {
  id: string;
  text: string;
  inReplyTo?: string;
  auth: XAuth;
}

export interface FakeDm {
  participantId: string;
  eventId: string;
  conversationId: string;
  text: string;
}

export class XApiFake {
  /** Base URL, as TWITTER_API_URL: `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly calls: XCall[] = [];
  readonly tweets: FakeTweet[] = [];
  readonly dms: FakeDm[] = [];
  account: XUser;
  /** The window reported in `x-rate-limit-*` on successful answers. */
  rateLimit = { limit: 300, remaining: 299, resetInSeconds: 900 };

  private readonly injections: Injection<XErrorSpec, XCall>[] = [];
  private readonly refusedTokens = new Set<string>();
  private mentions: V2Tweet[] = [];
  private readonly users = new Map<string, XUser>();

  private constructor(
    private readonly server: Server,
    origin: string,
    private readonly options: XFakeOptions,
  ) {
    this.url = origin;
    this.account = options.account ?? {
      id: '1111111111111111111',
      name: 'Département du Val-d’Orme',
      username: 'CD_ValdOrme',
    };
  }

  static async start(options: XFakeOptions = {}): Promise<XApiFake> {
    const holder: { fake?: XApiFake } = {};
    const { server, origin } = await startFakeServer((request) => holder.fake!.handle(request));
    holder.fake = new XApiFake(server, origin, options);
    return holder.fake;
  }

  close(): Promise<void> {
    return closeServer(this.server);
  }

  reset(): void {
    this.calls.length = 0;
    this.tweets.length = 0;
    this.dms.length = 0;
    this.injections.length = 0;
    this.refusedTokens.clear();
    this.mentions = [];
    this.users.clear();
    this.rateLimit = { limit: 300, remaining: 299, resetInSeconds: 900 };
  }

  injectError(error: XErrorSpec, match: Omit<Injection<XErrorSpec, XCall>, 'error'> = {}): void {
    this.injections.push({ ...match, error });
  }

  /** Every call with this token answers 401 (revoked). */
  refuseToken(token: string): void {
    this.refusedTokens.add(token);
  }

  /** Mentions of the account, served newest first by `GET /2/users/:id/mentions`. */
  addMentions(tweets: V2Tweet[], users: XUser[] = []): void {
    this.mentions.push(...tweets);
    this.mentions.sort((a, b) => compareIds(b.id, a.id));
    for (const user of users) this.users.set(user.id, user);
  }

  callsTo(method: string, path: string | RegExp): XCall[] {
    return this.calls.filter(
      (call) =>
        call.method === method && (typeof path === 'string' ? call.path === path : path.test(call.path)),
    );
  }

  private rateHeaders(): Record<string, string> {
    return {
      'x-rate-limit-limit': String(this.rateLimit.limit),
      'x-rate-limit-remaining': String(this.rateLimit.remaining),
      'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + this.rateLimit.resetInSeconds),
    };
  }

  private answer(status: number, body: unknown): FakeAnswer {
    return { status, body, headers: this.rateHeaders() };
  }

  private handle(request: RecordedRequest): FakeAnswer {
    const auth = this.authOf(request);
    const call: XCall = { ...request, auth };
    this.calls.push(call);
    const injected = takeInjection(this.injections, call);
    if (injected)
      return {
        status: injected.status,
        body: injected.body,
        headers: { ...this.rateHeaders(), ...injected.headers },
      };
    if (
      auth.kind === 'none' ||
      (auth.token && this.refusedTokens.has(auth.token)) ||
      auth.signatureValid === false
    ) {
      return this.answer(401, X_ERRORS.unauthorized.body);
    }

    const parts = request.path.split('/').filter(Boolean);
    if (request.method === 'GET' && request.path === '/2/users/me') {
      return this.answer(200, {
        data: { id: this.account.id, name: this.account.name, username: this.account.username },
      });
    }
    if (request.method === 'GET' && parts.length === 4 && parts[1] === 'users' && parts[3] === 'mentions') {
      return this.mentionsPage(parts[2], request.query);
    }
    if (request.method === 'POST' && request.path === '/2/tweets') return this.createTweet(request, auth);
    if (
      request.method === 'POST' &&
      parts[1] === 'dm_conversations' &&
      parts[2] === 'with' &&
      parts[4] === 'messages'
    ) {
      const text = typeof request.body.text === 'string' ? request.body.text : '';
      if (!text)
        return this.answer(
          400,
          problem(
            400,
            'Invalid Request',
            'One or more parameters to your request was invalid.',
            'https://api.x.com/2/problems/invalid-request',
          ),
        );
      const participantId = parts[3];
      const dm: FakeDm = {
        participantId,
        eventId: xId(),
        conversationId: [this.account.id, participantId].sort(compareIds).join('-'),
        text,
      };
      this.dms.push(dm);
      return this.answer(201, { data: { dm_conversation_id: dm.conversationId, dm_event_id: dm.eventId } });
    }
    return this.answer(
      404,
      problem(
        404,
        'Not Found Error',
        `Could not find ${request.path}`,
        'https://api.x.com/2/problems/resource-not-found',
      ),
    );
  }

  private createTweet(request: RecordedRequest, auth: XAuth): FakeAnswer {
    const text = typeof request.body.text === 'string' ? request.body.text : '';
    const unknown = Object.keys(request.body).filter(
      (key) => !['text', 'reply', 'media', 'poll', 'quote_tweet_id', 'reply_settings'].includes(key),
    );
    if (!text || unknown.length) {
      return this.answer(
        400,
        problem(
          400,
          'Invalid Request',
          'One or more parameters to your request was invalid.',
          'https://api.x.com/2/problems/invalid-request',
        ),
      );
    }
    if (this.tweets.some((tweet) => tweet.text === text)) return this.answer(403, X_ERRORS.duplicate.body);
    const reply = request.body.reply as { in_reply_to_tweet_id?: string } | undefined;
    const tweet: FakeTweet = { id: xId(), text, inReplyTo: reply?.in_reply_to_tweet_id, auth };
    this.tweets.push(tweet);
    return this.answer(201, { data: { id: tweet.id, text, edit_history_tweet_ids: [tweet.id] } });
  }

  private mentionsPage(userId: string, query: Record<string, string>): FakeAnswer {
    const max = query.max_results ? Number(query.max_results) : 10;
    if (!Number.isInteger(max) || max < 5 || max > 100) {
      return this.answer(
        400,
        problem(
          400,
          'Invalid Request',
          'The `max_results` query parameter value is not between 5 and 100',
          'https://api.x.com/2/problems/invalid-request',
        ),
      );
    }
    let before: string | undefined;
    if (query.pagination_token) {
      before = Buffer.from(query.pagination_token, 'base64url')
        .toString('utf8')
        .replace(/^before:/, '');
      if (!/^\d+$/.test(before)) {
        return this.answer(
          400,
          problem(
            400,
            'Invalid Request',
            'The `pagination_token` query parameter value is invalid',
            'https://api.x.com/2/problems/invalid-request',
          ),
        );
      }
    }
    const candidates = this.mentions.filter(
      (tweet) =>
        (userId === this.account.id || tweet.entities !== undefined) &&
        (!query.since_id || compareIds(tweet.id, query.since_id) > 0) &&
        (!query.until_id || compareIds(tweet.id, query.until_id) < 0) &&
        (!before || compareIds(tweet.id, before) < 0),
    );
    // At most the 800 most recent mentions are reachable (platforms.md §B7).
    const page = candidates.slice(0, max);
    if (page.length === 0) return this.answer(200, { meta: { result_count: 0 } });
    const more = candidates.length > page.length;
    const authorIds = [...new Set(page.map((tweet) => tweet.author_id))];
    const users = authorIds.map((id) => this.users.get(id)).filter((user): user is XUser => !!user);
    return this.answer(200, {
      data: page,
      ...(users.length && { includes: { users: users.map(xV2User) } }),
      meta: {
        newest_id: page[0].id,
        oldest_id: page.at(-1)!.id,
        result_count: page.length,
        ...(more && { next_token: Buffer.from(`before:${page.at(-1)!.id}`).toString('base64url') }),
      },
    });
  }

  private authOf(request: RecordedRequest): XAuth {
    const header = request.headers.authorization ?? '';
    const bearer = /^Bearer (.+)$/i.exec(header);
    if (bearer) return { kind: 'bearer', token: bearer[1] };
    if (!/^OAuth /i.test(header)) return { kind: 'none' };
    const params = Object.fromEntries(
      [...header.slice(6).matchAll(/([a-z_]+)="([^"]*)"/g)].map(([, key, value]) => [
        key,
        decodeURIComponent(value),
      ]),
    );
    const auth: XAuth = { kind: 'oauth1', token: params.oauth_token, consumerKey: params.oauth_consumer_key };
    const oauth = this.options.oauth;
    if (oauth) {
      const tokenSecret = oauth.tokenSecrets[params.oauth_token ?? ''];
      if (tokenSecret === undefined || params.oauth_consumer_key !== oauth.consumerKey) {
        auth.signatureValid = false;
      } else {
        const expected = oauthSignature(
          request.method,
          `${this.url}${request.path}`,
          { ...request.query, ...params },
          oauth.consumerSecret,
          tokenSecret,
        );
        const given = Buffer.from(params.oauth_signature ?? '');
        const wanted = Buffer.from(expected);
        auth.signatureValid = given.length === wanted.length && timingSafeEqual(given, wanted);
      }
    }
    return auth;
  }
}

/** Numeric ids as strings, beyond 2^53. */
export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x === y ? 0 : x > y ? 1 : -1;
}

const rfc3986 = (value: string) =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** RFC 5849 §3.4: the fake's own reckoning of an HMAC-SHA1 signature (JSON bodies are not signed). */
function oauthSignature(
  method: string,
  baseUrl: string,
  params: Record<string, string>,
  consumerSecret: string,
  tokenSecret: string,
): string {
  const normalised = Object.entries(params)
    .filter(([key]) => key !== 'oauth_signature' && key !== 'realm')
    .map(([key, value]) => [rfc3986(key), rfc3986(value)])
    .sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : 1) : ak < bk ? -1 : 1))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const base = [method.toUpperCase(), rfc3986(baseUrl), rfc3986(normalised)].join('&');
  return createHmac('sha1', `${rfc3986(consumerSecret)}&${rfc3986(tokenSecret)}`)
    .update(base)
    .digest('base64');
}
