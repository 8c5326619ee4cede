import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { PlatformError, reason } from '../platform-error.js';
import {
  classifyGraphError,
  type GraphErrorBody,
  type GraphUsage,
  parseGraphUsage,
} from './graph-errors.util.js';

/** A page's installed app, as `GET /{page-id}/subscribed_apps` lists it. */
export interface SubscribedApp {
  id: string;
  name?: string;
  subscribed_fields?: string[];
}

export type MessengerRecipient = { id: string } | { comment_id: string } | { post_id: string };

export interface SendMessageOptions {
  /** `RESPONSE` by default; `MESSAGE_TAG` with `tag` outside the 24-hour window. */
  messagingType?: 'RESPONSE' | 'UPDATE' | 'MESSAGE_TAG';
  /** e.g. `HUMAN_AGENT` (7 days after the resident's last message). */
  tag?: string;
}

const TIMEOUT_MS = 10_000;
/** Above this share of a budget, calls are logged: Meta throttles at 100 %. */
const USAGE_WARNING = 80;

/**
 * The Graph API (platforms.md §A0, §A4): the one place that knows its base URL, the page token as
 * the `access_token` parameter, its error shape and its usage headers. Every failure is a
 * `PlatformError` saying whether to retry and whether the token was refused.
 */
@Injectable()
export class GraphClient {
  private readonly logger = new Logger(GraphClient.name);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The apps installed on the page (to check ours still is: an hour of failed deliveries removes it). */
  async subscribedApps(accessToken: string, pageId: string): Promise<SubscribedApp[]> {
    const body = await this.call<{ data?: SubscribedApp[] }>(
      'GET',
      `${segment(pageId)}/subscribed_apps`,
      accessToken,
    );
    return Array.isArray(body.data) ? body.data.map((app) => ({ ...app, id: String(app.id) })) : [];
  }

  /** Installs our app on the page for the fields we read (§A0). */
  async subscribe(accessToken: string, pageId: string, fields = ['feed', 'messages']): Promise<boolean> {
    const body = await this.call<{ success?: boolean | string }>(
      'POST',
      `${segment(pageId)}/subscribed_apps`,
      accessToken,
      {
        subscribed_fields: fields.join(','),
      },
    );
    return body.success === true || body.success === 'true';
  }

  /** A public reply under a comment (§A4.1); answer to the root comment for two-level threads. */
  async commentReply(accessToken: string, commentId: string, message: string): Promise<{ id: string }> {
    return this.created('POST', `${segment(commentId)}/comments`, accessToken, { message });
  }

  /** A top-level comment of the page under a post (§A4.1). */
  async postComment(accessToken: string, postId: string, message: string): Promise<{ id: string }> {
    return this.created('POST', `${segment(postId)}/comments`, accessToken, { message });
  }

  /**
   * The Send API (§A4.3), or a private reply when the recipient is a comment or post (§A4.2).
   * `metadata` comes back in the echo: it is how our own messages are recognised.
   */
  async sendMessage(
    accessToken: string,
    pageId: string,
    recipient: MessengerRecipient,
    text: string,
    metadata?: string,
    options: SendMessageOptions = {},
  ): Promise<{ recipientId?: string; messageId: string }> {
    const body = await this.call<{ recipient_id?: string; message_id?: string }>(
      'POST',
      `${segment(pageId)}/messages`,
      accessToken,
      {
        recipient: JSON.stringify(recipient),
        messaging_type: options.messagingType ?? 'RESPONSE',
        ...(options.tag && { tag: options.tag }),
        message: JSON.stringify({ text, ...(metadata !== undefined && { metadata }) }),
      },
    );
    if (!body.message_id) throw this.unexpected('a message_id');
    return { recipientId: body.recipient_id, messageId: body.message_id };
  }

  private async created(method: 'POST', path: string, accessToken: string, form: Record<string, string>) {
    const body = await this.call<{ id?: string }>(method, path, accessToken, form);
    if (!body.id) throw this.unexpected('an id');
    return { id: String(body.id) };
  }

  private async call<T>(
    method: 'GET' | 'POST',
    path: string,
    accessToken: string,
    form?: Record<string, string>,
  ): Promise<T> {
    const url = new URL(`${this.config.facebook.graphUrl}/${path}`);
    let body: URLSearchParams | undefined;
    if (method === 'GET') {
      url.searchParams.set('access_token', accessToken);
    } else {
      body = new URLSearchParams({ ...form, access_token: accessToken });
    }
    let response: Response;
    try {
      response = await fetch(url, { method, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      // The message names the path only: the URL of a GET carries the token.
      throw new PlatformError('facebook', `Graph API unreachable (${method} /${path}): ${reason(error)}`, {
        retryable: true,
        tokenRefused: false,
      });
    }
    const usage = parseGraphUsage((name) => response.headers.get(name));
    this.watch(usage, path);
    const text = await response.text();
    const parsed = parse(text);
    if (response.ok && parsed !== undefined && !(isObject(parsed) && 'error' in parsed)) return parsed as T;
    const error = isObject(parsed) && isObject(parsed.error) ? (parsed.error as GraphErrorBody) : undefined;
    const details = classifyGraphError(response.status, error, usage);
    throw new PlatformError('facebook', `Graph API ${method} /${path}: ${details.message}`, details);
  }

  private watch(usage: GraphUsage, path: string): void {
    const highest = Math.max(usage.appPercent ?? 0, usage.businessPercent ?? 0);
    if (highest >= USAGE_WARNING) this.logger.warn(`Graph API usage at ${highest}% (/${path})`);
  }

  private unexpected(what: string): PlatformError {
    return new PlatformError('facebook', `Graph API answered without ${what}`, {
      retryable: false,
      tokenRefused: false,
    });
  }
}

/** Ids go into the path: refuse anything that is not an id (no path traversal through a payload). */
function segment(id: string): string {
  if (!/^[A-Za-z0-9_.:-]{1,200}$/.test(id) || id.includes('..')) {
    throw new PlatformError('facebook', `Not a Graph object id: ${id.slice(0, 40)}`, {
      retryable: false,
      tokenRefused: false,
    });
  }
  return encodeURIComponent(id);
}

function parse(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
