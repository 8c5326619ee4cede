/**
 * The Graph API as platforms.md §A0, §A4 and §A6 describe it, on loopback: `subscribed_apps`,
 * comments, the Send API (and private replies), errors of the §A4.4 table with the usage headers.
 * Every call is recorded. Any page token is accepted unless refused with `refuseToken`.
 * No test framework here: the demo plays the Facebook page with it.
 */
import type { Server } from 'node:http';
import { facebookId } from './facebook-payloads.js';
import {
  closeServer,
  FakeAnswer,
  Injection,
  RecordedRequest,
  startFakeServer,
  takeInjection,
} from './fake-http.js';

export interface GraphCall extends RecordedRequest {
  /** The page token of the call (`access_token` parameter or bearer header). */
  accessToken?: string;
}

export interface GraphErrorSpec {
  code: number;
  subcode?: number;
  message?: string;
  type?: string;
  /** HTTP status; Meta mostly answers 400 whatever the code. */
  status?: number;
  isTransient?: boolean;
  headers?: Record<string, string>;
}

/** The errors of platforms.md §A4.4, as Meta writes them. */
export const GRAPH_ERRORS = {
  tokenExpired: {
    code: 190,
    subcode: 463,
    message: 'Error validating access token: Session has expired on Friday, 01-May-26 10:00:00 PDT.',
  },
  tokenInvalid: {
    code: 190,
    subcode: 467,
    message: 'Error validating access token: The session is invalid.',
  },
  appRateLimit: {
    code: 4,
    message: '(#4) Application request limit reached',
    isTransient: true,
    headers: { 'x-app-usage': JSON.stringify({ call_count: 100, total_time: 20, total_cputime: 18 }) },
  },
  pageRateLimit: {
    code: 32,
    message: '(#32) Page request limit reached',
    headers: {
      'x-business-use-case-usage': JSON.stringify({
        '100000000000001': [
          {
            type: 'pages',
            call_count: 100,
            total_cputime: 30,
            total_time: 40,
            estimated_time_to_regain_access: 12,
          },
        ],
      }),
    },
  },
  customRateLimit: {
    code: 613,
    message: 'Calls to this api have exceeded the rate limit.',
    isTransient: true,
  },
  temporary: {
    code: 2,
    message: 'An unexpected error has occurred. Please retry your request later.',
    isTransient: true,
  },
  outsideWindow: {
    code: 10,
    subcode: 2018278,
    message: '(#10) This message is sent outside of allowed window.',
  },
  invalidParameter: { code: 100, subcode: 33, message: 'Unsupported post request. Object does not exist.' },
  duplicatePost: { code: 506, message: 'Duplicate status message' },
} satisfies Record<string, GraphErrorSpec>;

export interface GraphFakeOptions {
  /** The app whose `subscribed_apps` entry the service checks (FACEBOOK_APP_ID). */
  appId?: string;
  appName?: string;
  version?: string;
}

export interface FakeComment {
  id: string;
  parentId: string;
  message: string;
  accessToken?: string;
}

export interface FakeSentMessage {
  pageId: string;
  messageId: string;
  recipient: Record<string, string>;
  message: Record<string, unknown>;
  messagingType?: string;
}

interface Usage {
  app: Record<string, number>;
  business: Record<string, unknown>;
}

export class GraphApiFake {
  /** Base URL with the version, as FACEBOOK_GRAPH_URL: `http://127.0.0.1:PORT/v25.0`. */
  readonly url: string;
  readonly calls: GraphCall[] = [];
  readonly comments: FakeComment[] = [];
  readonly messages: FakeSentMessage[] = [];
  readonly appId: string;
  readonly appName: string;
  /** Sent on every answer as `x-app-usage` / `x-business-use-case-usage` (percentages). */
  usage: Usage = { app: { call_count: 3, total_time: 2, total_cputime: 1 }, business: {} };

  private readonly injections: Injection<GraphErrorSpec, GraphCall>[] = [];
  private readonly refusedTokens = new Set<string>();
  private readonly unsubscribed = new Set<string>();
  private readonly subscribedFields = new Map<string, string[]>();
  private readonly privateReplies = new Set<string>();
  private readonly commentTimes = new Map<string, number>();

  private constructor(
    private readonly server: Server,
    origin: string,
    options: Required<GraphFakeOptions>,
  ) {
    this.url = `${origin}/${options.version}`;
    this.appId = options.appId;
    this.appName = options.appName;
  }

  static async start(options: GraphFakeOptions = {}): Promise<GraphApiFake> {
    const settings = {
      appId: options.appId ?? '1517776481860111',
      appName: options.appName ?? 'e-guichet',
      version: options.version ?? 'v25.0',
    };
    const holder: { fake?: GraphApiFake } = {};
    const { server, origin } = await startFakeServer(
      (request) => holder.fake!.handle(request),
      `/${settings.version}`,
    );
    holder.fake = new GraphApiFake(server, origin, settings);
    return holder.fake;
  }

  close(): Promise<void> {
    return closeServer(this.server);
  }

  /** Forgets calls, injections, refused tokens and subscriptions. */
  reset(): void {
    this.calls.length = 0;
    this.comments.length = 0;
    this.messages.length = 0;
    this.injections.length = 0;
    this.refusedTokens.clear();
    this.unsubscribed.clear();
    this.subscribedFields.clear();
    this.privateReplies.clear();
    this.commentTimes.clear();
    this.usage = { app: { call_count: 3, total_time: 2, total_cputime: 1 }, business: {} };
  }

  /** The next matching calls fail with `error` (all matching calls when `times` is absent). */
  injectError(error: GraphErrorSpec, match: Omit<Injection<GraphErrorSpec, GraphCall>, 'error'> = {}): void {
    this.injections.push({ ...match, error });
  }

  /** Every call with this token fails with 190 (the token was revoked or expired). */
  refuseToken(token: string): void {
    this.refusedTokens.add(token);
  }

  /** The page's `subscribed_apps` becomes empty, as after an hour of failed deliveries. */
  unsubscribe(pageId: string): void {
    this.unsubscribed.add(pageId);
  }

  isSubscribed(pageId: string): boolean {
    return !this.unsubscribed.has(pageId);
  }

  /** A comment the page can answer privately (with its creation time, for the 7-day rule). */
  addComment(commentId: string, createdTime: number): void {
    this.commentTimes.set(commentId, createdTime);
  }

  callsTo(method: string, path: string | RegExp): GraphCall[] {
    return this.calls.filter(
      (call) =>
        call.method === method && (typeof path === 'string' ? call.path === path : path.test(call.path)),
    );
  }

  private headers(): Record<string, string> {
    return {
      'x-app-usage': JSON.stringify(this.usage.app),
      'x-business-use-case-usage': JSON.stringify(this.usage.business),
      'x-fb-trace-id': facebookId(11),
    };
  }

  private error(spec: GraphErrorSpec): FakeAnswer {
    return {
      status: spec.status ?? 400,
      headers: { ...this.headers(), ...spec.headers },
      body: {
        error: {
          message: spec.message ?? `(#${spec.code}) Error`,
          type: spec.type ?? 'OAuthException',
          code: spec.code,
          ...(spec.subcode !== undefined && { error_subcode: spec.subcode }),
          ...(spec.isTransient !== undefined && { is_transient: spec.isTransient }),
          fbtrace_id: `A${facebookId(10)}`,
        },
      },
    };
  }

  private ok(body: unknown): FakeAnswer {
    return { status: 200, headers: this.headers(), body };
  }

  private handle(request: RecordedRequest): FakeAnswer {
    const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const token = request.query.access_token ?? (request.body.access_token as string | undefined) ?? bearer;
    const call: GraphCall = { ...request, accessToken: token };
    this.calls.push(call);

    const injected = takeInjection(this.injections, call);
    if (injected) return this.error(injected);
    if (!token)
      return this.error({ code: 104, message: 'An access token is required to request this resource.' });
    if (this.refusedTokens.has(token)) return this.error(GRAPH_ERRORS.tokenInvalid);

    const params = { ...request.query, ...request.body } as Record<string, unknown>;
    const parts = request.path.split('/').filter(Boolean);
    const [objectId, edge] = parts;
    if (parts.length === 2 && edge === 'subscribed_apps') {
      if (request.method === 'GET') return this.subscribedApps(objectId);
      if (request.method === 'POST') {
        const fields = (
          typeof params.subscribed_fields === 'string' ? params.subscribed_fields : 'feed,messages'
        ).split(',');
        this.unsubscribed.delete(objectId);
        this.subscribedFields.set(objectId, fields);
        return this.ok({ success: true });
      }
      if (request.method === 'DELETE') {
        this.unsubscribed.add(objectId);
        return this.ok({ success: true });
      }
    }
    if (parts.length === 2 && edge === 'comments' && request.method === 'POST') {
      const message = typeof params.message === 'string' ? params.message : '';
      if (!message && !params.attachment_url) {
        return this.error({ code: 100, message: '(#100) The parameter message is required' });
      }
      const id = `${objectId.includes('_') ? objectId.split('_')[1] : objectId}_${facebookId()}`;
      this.comments.push({ id, parentId: objectId, message, accessToken: token });
      return this.ok({ id });
    }
    if (parts.length === 2 && edge === 'messages' && request.method === 'POST') {
      return this.sendMessage(objectId, params);
    }
    if (parts.length === 1 && request.method === 'GET') {
      return this.ok({ id: objectId, name: objectId === 'me' ? 'Page' : `Objet ${objectId}` });
    }
    return this.error({
      code: 100,
      subcode: 33,
      message: `Unsupported ${request.method.toLowerCase()} request. Object with ID '${objectId}' does not exist.`,
    });
  }

  private subscribedApps(pageId: string): FakeAnswer {
    if (this.unsubscribed.has(pageId)) return this.ok({ data: [] });
    return this.ok({
      data: [
        {
          category: 'Business',
          link: 'https://e-guichet.example/',
          name: this.appName,
          id: this.appId,
          subscribed_fields: this.subscribedFields.get(pageId) ?? ['feed', 'messages'],
        },
      ],
    });
  }

  private sendMessage(pageId: string, params: Record<string, unknown>): FakeAnswer {
    const recipient = parseObject(params.recipient);
    const message = parseObject(params.message);
    if (!recipient || !message) {
      return this.error({ code: 100, message: '(#100) param recipient and message must be objects' });
    }
    if (typeof recipient.comment_id === 'string' || typeof recipient.post_id === 'string') {
      const target = String(recipient.comment_id ?? recipient.post_id);
      if (this.privateReplies.has(target)) {
        return this.error({ code: 10900, message: 'Activity already replied to' });
      }
      const created = this.commentTimes.get(target);
      if (created !== undefined && Date.now() / 1000 - created > 7 * 24 * 3600) {
        return this.error({
          code: 10,
          subcode: 2018278,
          message: '(#10) This message is sent outside of allowed window.',
        });
      }
      this.privateReplies.add(target);
    }
    const messageId = `m_${facebookId(20)}`;
    this.messages.push({
      pageId,
      messageId,
      recipient: recipient as Record<string, string>,
      message,
      messagingType: typeof params.messaging_type === 'string' ? params.messaging_type : undefined,
    });
    return this.ok({
      ...(typeof recipient.id === 'string' && { recipient_id: recipient.id }),
      message_id: messageId,
    });
  }
}

function parseObject(value: unknown): Record<string, unknown> | undefined {
  if (value && typeof value === 'object') return value as Record<string, unknown>;
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
