import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { PlatformError, reason } from '../platform-error.js';
import { oauth1Header } from './oauth1.util.js';
import { classifyXError, parseXRateLimit, type XRateLimit } from './x-errors.util.js';

/** An account's credentials: an OAuth 2.0 user token, or an OAuth 1.0a token and its secret. */
export interface XCredentials {
  accessToken: string;
  accessSecret?: string | null;
}

export interface MentionsPage {
  data?: { id: string; text: string; author_id?: string; created_at?: string }[];
  includes?: Record<string, unknown>;
  meta?: { newest_id?: string; oldest_id?: string; result_count?: number; next_token?: string };
  errors?: unknown[];
}

export interface XResult<T> {
  body: T;
  /** The bytes as X sent them (polled pages are stored as received). */
  rawBody: Buffer;
  rateLimit: XRateLimit;
}

const TIMEOUT_MS = 10_000;

/** What `GET /2/users/:id/mentions` is asked for: what a ticket needs (author, thread, entities). */
export const MENTION_FIELDS = {
  'tweet.fields': 'created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,entities,lang',
  expansions: 'author_id,referenced_tweets.id',
  'user.fields': 'name,username',
};

/**
 * The X API v2 (platforms.md §B7, §B8): the one place that knows its base URL, the auth (bearer
 * user token, or OAuth 1.0a user context when the account has an access secret), the error shapes
 * and the `x-rate-limit-*` headers. Every failure is a `PlatformError`.
 */
@Injectable()
export class XClient {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** One page of the account's mentions, newest first; `sinceId` excludes what was already read. */
  async mentions(
    credentials: XCredentials,
    userId: string,
    options: { sinceId?: string | null; paginationToken?: string; maxResults?: number } = {},
  ): Promise<XResult<MentionsPage>> {
    const query: Record<string, string> = {
      max_results: String(options.maxResults ?? 100),
      ...MENTION_FIELDS,
      ...(options.sinceId && { since_id: options.sinceId }),
      ...(options.paginationToken && { pagination_token: options.paginationToken }),
    };
    return this.call<MentionsPage>(credentials, 'GET', `/2/users/${digits(userId)}/mentions`, query);
  }

  /** A post, or a reply when `inReplyTo` is given (§B8.1). A 403 duplicate is never retried. */
  async createTweet(
    credentials: XCredentials,
    text: string,
    inReplyTo?: string,
  ): Promise<{ id: string; text: string }> {
    const { body } = await this.call<{ data?: { id: string; text: string } }>(
      credentials,
      'POST',
      '/2/tweets',
      {},
      {
        text,
        ...(inReplyTo && { reply: { in_reply_to_tweet_id: digits(inReplyTo) } }),
      },
    );
    if (!body.data?.id) throw unexpected('data.id');
    return { id: body.data.id, text: body.data.text };
  }

  /** A direct message to one person (§B8.2). */
  async sendDm(
    credentials: XCredentials,
    participantId: string,
    text: string,
  ): Promise<{ dmConversationId: string; dmEventId: string }> {
    const { body } = await this.call<{ data?: { dm_conversation_id: string; dm_event_id: string } }>(
      credentials,
      'POST',
      `/2/dm_conversations/with/${digits(participantId)}/messages`,
      {},
      { text },
    );
    if (!body.data?.dm_event_id) throw unexpected('data.dm_event_id');
    return { dmConversationId: body.data.dm_conversation_id, dmEventId: body.data.dm_event_id };
  }

  /** The account the credentials belong to (also a cheap check that they still work). */
  async me(credentials: XCredentials): Promise<{ id: string; name: string; username: string }> {
    const { body } = await this.call<{ data?: { id: string; name: string; username: string } }>(
      credentials,
      'GET',
      '/2/users/me',
      {},
    );
    if (!body.data?.id) throw unexpected('data.id');
    return body.data;
  }

  private authorization(credentials: XCredentials, method: string, url: URL): string {
    const { consumerKey, consumerSecret } = this.config.twitter;
    if (credentials.accessSecret && consumerKey && consumerSecret) {
      return oauth1Header(
        { method, url: url.toString() },
        {
          consumerKey,
          consumerSecret,
          token: credentials.accessToken,
          tokenSecret: credentials.accessSecret,
        },
      );
    }
    return `Bearer ${credentials.accessToken}`;
  }

  private async call<T>(
    credentials: XCredentials,
    method: 'GET' | 'POST',
    path: string,
    query: Record<string, string>,
    json?: object,
  ): Promise<XResult<T>> {
    const url = new URL(`${this.config.twitter.apiUrl}${path}`);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: this.authorization(credentials, method, url),
          ...(json && { 'content-type': 'application/json' }),
        },
        body: json ? JSON.stringify(json) : undefined,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new PlatformError('twitter', `X API unreachable (${method} ${path}): ${reason(error)}`, {
        retryable: true,
        tokenRefused: false,
      });
    }
    const rateLimit = parseXRateLimit((name) => response.headers.get(name));
    const rawBody = Buffer.from(await response.arrayBuffer());
    let parsed: unknown;
    try {
      parsed = rawBody.length ? JSON.parse(rawBody.toString('utf8')) : undefined;
    } catch {
      parsed = undefined;
    }
    if (response.ok && parsed !== undefined) return { body: parsed as T, rawBody, rateLimit };
    const details = classifyXError(
      response.status,
      typeof parsed === 'object' && parsed !== null ? parsed : undefined,
      rateLimit,
      Math.floor(Date.now() / 1000),
    );
    throw new PlatformError('twitter', `X API ${method} ${path}: ${details.message}`, details);
  }
}

function digits(id: string): string {
  if (!/^\d{1,30}$/.test(id)) {
    throw new PlatformError('twitter', `Not an X id: ${id.slice(0, 40)}`, {
      retryable: false,
      tokenRefused: false,
    });
  }
  return id;
}

function unexpected(what: string): PlatformError {
  return new PlatformError('twitter', `X API answered without ${what}`, {
    retryable: false,
    tokenRefused: false,
  });
}
